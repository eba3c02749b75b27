using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Waterline.Intake;

public enum ImportFormat
{
    Csv,
    Json,
}

/// <summary>The file as a whole cannot be imported (unknown or missing column, malformed JSON); nothing from it is kept.</summary>
public sealed class IntakeFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One data row read from a source: its 1-based number, and a problem with the row as a whole, if any.</summary>
internal readonly record struct SourceRow(int Row, string? Problem);

/// <summary>The field name used when a problem concerns the whole row rather than one column.</summary>
internal static class RowField
{
    public const string Whole = "(row)";
}

/// <summary>Reads CSV or JSON into the row reader's value positions, streaming: one row in memory at a time
/// (JSON: see <see cref="JsonObservationSource"/>).</summary>
internal static class IntakeSources
{
    public static IAsyncEnumerable<SourceRow> ReadAsync(ImportFormat format, IntakeStream stream, ObservationRowReader reader,
        string?[] values, CancellationToken ct) => format == ImportFormat.Csv
            ? ReadCsvAsync(stream, reader, values, ct)
            : JsonObservationSource.ReadAsync(stream, reader, values, ct);

    private static async IAsyncEnumerable<SourceRow> ReadCsvAsync(IntakeStream stream, ObservationRowReader reader, string?[] values,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { IgnoreBlankLines = true, BadDataFound = null };
        using var csv = new CsvParser(text, config);
        if (!await csv.ReadAsync())
        {
            throw new IntakeFileException("The file is empty; expected a header row of column names.");
        }
        var positions = HeaderPositions(csv.Record ?? [], reader);
        var row = 0;
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            row++;
            Array.Clear(values);
            var count = csv.Count;
            if (count != positions.Length)
            {
                yield return new SourceRow(row, $"has {count} cells; the header has {positions.Length}");
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                values[positions[i]] = csv[i];
            }
            yield return new SourceRow(row, null);
        }
    }

    private static int[] HeaderPositions(string[] header, ObservationRowReader reader)
    {
        var kind = IntakeFields.KindName(reader.Kind);
        var positions = new int[header.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            positions[i] = reader.IndexOf(name);
            if (positions[i] < 0)
            {
                throw new IntakeFileException(
                    $"Unknown column '{header[i]}' (column {i + 1}); a {kind} file accepts: {string.Join(", ", reader.Fields)}.");
            }
            if (!seen.Add(name))
            {
                throw new IntakeFileException($"Column '{name}' appears twice in the header.");
            }
        }
        var missing = IntakeFields.Required(reader.Kind).Where(f => !seen.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new IntakeFileException($"Missing required column{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}.");
        }
        return positions;
    }
}

/// <summary>Wraps the content stream: counts bytes for progress, hashes them for the batch's ContentHash, and
/// lets the JSON reader look at the first byte without needing a seekable stream (request bodies are not).</summary>
internal sealed class IntakeStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _prefix = [];
    private int _prefixPosition;

    public long BytesRead { get; private set; }

    public string Hash() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The first byte that is not whitespace or a byte-order mark, or null for an empty stream.</summary>
    public async Task<byte?> PeekFirstSignificantByteAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = await inner.ReadAsync(buffer.AsMemory(filled), ct);
            Consumed(buffer.AsSpan(filled, n));
            filled += n;
            _prefix = buffer[..filled];
            foreach (var b in buffer.AsSpan(0, filled))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    return b;
                }
            }
            if (n == 0)
            {
                return null;
            }
        }
    }

    private void Consumed(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        BytesRead += bytes.Length;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefix.Length)
        {
            return FromPrefix(buffer);
        }
        var n = inner.Read(buffer);
        Consumed(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixPosition < _prefix.Length)
        {
            return FromPrefix(buffer.Span);
        }
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Consumed(buffer.Span[..n]);
        return n;
    }

    private int FromPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefix.Length - _prefixPosition);
        _prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
        _prefixPosition += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
