using System.Buffers.Binary;
using System.Text;

namespace Waterline.Observations;

/// <summary>Rows in PostgreSQL's binary COPY format (the COPY reference, "Binary Format"), encoded into one growing
/// buffer that the caller sends through Npgsql's raw COPY stream. Written by hand because Npgsql's per-value importer spent
/// most of an import's client CPU binding each value (docs/benchmarks.md); the format itself is small and fixed.
/// Every value is a 32-bit big-endian length (−1 for NULL) followed by the value in the type's binary send form.</summary>
internal sealed class BinaryCopyBuffer : IRowWriter
{
    // "PGCOPY\n\377\r\n\0", then a 32-bit flags field and a 32-bit header extension length, both zero.
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    // timestamptz is microseconds since 2000-01-01 00:00:00 UTC.
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private byte[] _bytes = new byte[1 << 16];

    /// <summary>Bytes encoded and not yet sent.</summary>
    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Pending => _bytes.AsMemory(0, Length);

    /// <summary>Forgets what was sent.</summary>
    public void Clear() => Length = 0;

    public void Header()
    {
        Reserve(Signature.Length + 8);
        Signature.CopyTo(_bytes, Length);
        Length += Signature.Length;
        Int32Raw(0);
        Int32Raw(0);
    }

    /// <summary>The end of the data: a field count of −1.</summary>
    public void Trailer()
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_bytes.AsSpan(Length), -1);
        Length += 2;
    }

    public void StartRow(int fields)
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_bytes.AsSpan(Length), checked((short)fields));
        Length += 2;
    }

    public void Null() => Int32Raw(-1);

    /// <summary>text and varchar: UTF-8 bytes (Npgsql sets client_encoding to UTF8); the server checks the length limit.</summary>
    public void Text(string value)
    {
        Reserve(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _bytes.AsSpan(Length + 4));
        Int32Raw(written);
        Length += written;
    }

    public void Int32(int value)
    {
        Int32Raw(4);
        Int32Raw(value);
    }

    public void Int64(long value)
    {
        Int32Raw(8);
        Reserve(8);
        BinaryPrimitives.WriteInt64BigEndian(_bytes.AsSpan(Length), value);
        Length += 8;
    }

    public void Float8(double value)
    {
        Int32Raw(8);
        Reserve(8);
        BinaryPrimitives.WriteDoubleBigEndian(_bytes.AsSpan(Length), value);
        Length += 8;
    }

    /// <summary>timestamptz from a UTC time, as Npgsql maps it: only UTC is accepted (anything else would shift the
    /// instant by the server's zone), and DateTime.MinValue/MaxValue stand for −infinity/infinity.</summary>
    public void TimestampTz(DateTime value, string column)
    {
        if (value.Kind != DateTimeKind.Utc && value != DateTime.MinValue && value != DateTime.MaxValue)
        {
            throw new ArgumentException($"Column {column}: a {value.Kind} time cannot be stored as timestamptz; only UTC times are.", nameof(value));
        }
        Int64(value == DateTime.MaxValue ? long.MaxValue
            : value == DateTime.MinValue ? long.MinValue
            : (value.Ticks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
    }

    private void Int32Raw(int value)
    {
        Reserve(4);
        BinaryPrimitives.WriteInt32BigEndian(_bytes.AsSpan(Length), value);
        Length += 4;
    }

    private void Reserve(int bytes)
    {
        if (Length + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + bytes));
        }
    }
}
