using Waterline.Observations;

namespace Waterline.Tests.Observations;

/// <summary>The bytes expected here are from PostgreSQL's COPY reference ("Binary Format": the 11-byte signature, flags and
/// extension length, 16-bit field counts, 32-bit big-endian lengths with −1 for NULL, −1 as the trailer) and the types' send
/// functions (int4send, int8send, float8send, textsend in the client encoding, timestamptz as µs since 2000-01-01 UTC).</summary>
public sealed class BinaryCopyBufferTests
{
    private static byte[] Encode(Action<BinaryCopyBuffer> write)
    {
        var buffer = new BinaryCopyBuffer();
        write(buffer);
        return buffer.Pending.ToArray();
    }

    [Fact]
    public void Header_and_trailer_are_the_documented_signature_and_end_marker()
    {
        Assert.Equal([(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0],
            Encode(b => b.Header()));
        Assert.Equal([0xFF, 0xFF], Encode(b => b.Trailer()));
    }

    [Fact]
    public void A_row_is_its_field_count_then_each_value_with_its_length_in_network_order()
    {
        var bytes = Encode(b =>
        {
            b.StartRow(5);
            b.Int32(1);
            b.Int64(-2);
            b.Null();
            b.Text("é");
            b.Float8(1.0);
        });
        Assert.Equal(new byte[]
        {
            0, 5,
            0, 0, 0, 4, 0, 0, 0, 1,
            0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
            0xFF, 0xFF, 0xFF, 0xFF,
            0, 0, 0, 2, 0xC3, 0xA9,
            0, 0, 0, 8, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0,
        }, bytes);
    }

    [Fact]
    public void A_UTC_time_is_microseconds_since_2000_and_the_extremes_are_infinities()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1 },
            Encode(b => b.TimestampTz(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10), "t")));
        // One day before 2000: −86,400,000,000 µs.
        Assert.Equal(BitConverter.GetBytes(-86_400_000_000L).Reverse(),
            Encode(b => b.TimestampTz(new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc), "t")).Skip(4));
        Assert.Equal(new byte[] { 0, 0, 0, 8, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, Encode(b => b.TimestampTz(DateTime.MaxValue, "t")));
        Assert.Equal(new byte[] { 0, 0, 0, 8, 0x80, 0, 0, 0, 0, 0, 0, 0 }, Encode(b => b.TimestampTz(DateTime.MinValue, "t")));
    }

    [Fact]
    public void A_time_that_is_not_UTC_is_refused_naming_the_column()
    {
        var e = Assert.Throws<ArgumentException>(() => Encode(b => b.TimestampTz(new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Local), "occurred_at")));
        Assert.StartsWith("Column occurred_at: a Local time cannot be stored as timestamptz", e.Message);
    }

    [Fact]
    public void The_buffer_grows_for_rows_larger_than_its_first_size()
    {
        var text = new string('x', 200_000);
        var bytes = Encode(b => b.Text(text));
        Assert.Equal(200_004, bytes.Length);
        Assert.Equal(new byte[] { 0, 3, 0x0D, 0x40 }, bytes[..4]);
    }
}
