using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Waterline.Audit;

/// <summary>The canonical encoding an audit entry's hash covers (version 1). SHA-256 over the concatenation of these
/// fields, in this order, each written as a 4-byte big-endian signed length followed by that many UTF-8 bytes, a null
/// field as length -1 with no bytes (so that null differs from empty and no text can move from one field to the next):
/// <list type="number">
/// <item>the tag <c>waterline-audit-v1</c></item>
/// <item>the previous entry's hash (lower-case hex; <see cref="Genesis"/> for the first entry)</item>
/// <item>the sequence number, invariant decimal</item>
/// <item>the time, UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c></item>
/// <item>actor, organisation, action (the enum member's name), what, purpose, recipient, detail</item>
/// </list>
/// The hash is written as 64 lower-case hex digits.</summary>
public static class AuditHash
{
    public const string Tag = "waterline-audit-v1";

    /// <summary>The previous hash of entry 1.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(string previousHash, long sequence, DateTime occurredAt, string actor, string organisation,
        string action, string what, string? purpose, string? recipient, string? detail)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Field(buffer, Tag);
        Field(buffer, previousHash);
        Field(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Field(buffer, TimeText(occurredAt));
        Field(buffer, actor);
        Field(buffer, organisation);
        Field(buffer, action);
        Field(buffer, what);
        Field(buffer, purpose);
        Field(buffer, recipient);
        Field(buffer, detail);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    public static string Compute(AuditEntry e) => Compute(e.PreviousHash, e.Sequence, e.OccurredAt, e.Actor, e.Organisation,
        e.Action.ToString(), e.What, e.Purpose, e.Recipient, e.Detail);

    /// <summary>The time as hashed; the ticks alone count (SQLite hands times back without a kind).</summary>
    public static string TimeText(DateTime t) =>
        new DateTime(t.Ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL keeps microseconds: a time is truncated to them before it is stored and hashed.</summary>
    public static DateTime ToStoredPrecision(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}
