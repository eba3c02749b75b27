using Waterline.Audit;

namespace Waterline.Tests.Audit;

public sealed class AuditHashTests
{
    private static readonly DateTime At = new(2026, 3, 1, 9, 30, 15, DateTimeKind.Utc);

    [Fact]
    public void The_hash_is_sha256_over_the_documented_length_prefixed_encoding()
    {
        // Expected value from an independent implementation (Python 3 hashlib), of the encoding documented on AuditHash:
        //   f = lambda v: struct.pack('>i', -1) if v is None else struct.pack('>i', len(v.encode())) + v.encode()
        //   sha256(b''.join(map(f, ['waterline-audit-v1', '0'*64, '1', '2026-03-01T09:30:15.123456Z', 'anna.peeters', 'FGP-ANT',
        //       'Consultation', 'person:42', 'case 2026/117 – Antwerpen', None, '{"rows":3}']))).hexdigest()
        var at = At.AddTicks(1_234_567);
        var hash = AuditHash.Compute(AuditHash.Genesis, 1, AuditHash.ToStoredPrecision(at), "anna.peeters", "FGP-ANT", "Consultation",
            "person:42", "case 2026/117 – Antwerpen", null, "{\"rows\":3}");
        Assert.Equal("a1124122d29be126dff1078bc788aa597edd32bc0656c0b665dcb2f69d1fc830", hash);
    }

    [Fact]
    public void Text_moved_from_one_field_to_the_next_changes_the_hash()
    {
        var a = AuditHash.Compute(AuditHash.Genesis, 1, At, "ab", "c", "Consultation", "x", null, null, null);
        var b = AuditHash.Compute(AuditHash.Genesis, 1, At, "a", "bc", "Consultation", "x", null, null, null);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_missing_field_and_an_empty_one_hash_differently()
    {
        var missing = AuditHash.Compute(AuditHash.Genesis, 1, At, "a", "b", "Consultation", "x", null, null, null);
        var empty = AuditHash.Compute(AuditHash.Genesis, 1, At, "a", "b", "Consultation", "x", "", null, null);
        Assert.NotEqual(missing, empty);
    }

    [Fact]
    public void The_time_is_hashed_to_the_microsecond_whatever_its_kind()
    {
        var utc = AuditHash.ToStoredPrecision(At.AddTicks(15));
        Assert.Equal(At.AddTicks(10), utc);
        Assert.Equal(AuditHash.TimeText(utc), AuditHash.TimeText(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));
        Assert.Equal("2026-03-01T09:30:15.000001Z", AuditHash.TimeText(utc));
    }
}
