using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Access;

namespace Waterline.Audit;

/// <summary>What an audit entry records (LED art. 25(1): collection, alteration, consultation, disclosure including
/// transfers, combination, erasure; plus what access control needs). Stored as text and hashed by name: never rename a member.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditAction>))]
public enum AuditAction
{
    Collection,
    Alteration,
    Consultation,
    Disclosure,
    Export,
    Combination,
    Erasure,
    SignIn,
    SignInFailed,
    SignOut,
    AccessRefused,
    Consent,
    AccountChange,
}

/// <summary>One entry of the append-only audit log. <see cref="Sequence"/> runs 1, 2, 3... without gaps; <see cref="Hash"/>
/// covers <see cref="PreviousHash"/> and every other field (<see cref="AuditHash"/>), so changing, removing or moving an
/// entry breaks the chain. Written only by <see cref="AuditLog"/>; the application and the database refuse changes.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    /// <summary>UTC, truncated to microseconds (PostgreSQL's precision) before hashing.</summary>
    public DateTime OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string Organisation { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>The target: <c>observation:123</c>, <c>import_batch:7</c>, or a description of a query.</summary>
    public string What { get; set; } = "";
    public string? Purpose { get; set; }
    public string? Recipient { get; set; }
    /// <summary>Short text or JSON: counts, filters, reasons.</summary>
    public string? Detail { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>What a caller asks <see cref="AuditLog"/> to record; the log adds sequence, time and hashes.</summary>
public sealed record AuditRecord(string Actor, string Organisation, AuditAction Action, string What,
    string? Purpose = null, string? Recipient = null, string? Detail = null)
{
    /// <summary>A record of what <paramref name="reader"/> did, with the purpose the reader stated.</summary>
    public static AuditRecord By(Reader reader, AuditAction action, string what, string? recipient = null, string? detail = null) =>
        new(reader.Account, reader.Organisation, action, what, reader.Purpose, recipient, detail);
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_entries");
        e.HasKey(a => a.Sequence);
        // The log assigns sequence numbers itself, under its lock: they are part of the hash.
        e.Property(a => a.Sequence).ValueGeneratedNever();
        // Stored as UTC; SQLite hands times back without a kind.
        e.Property(a => a.OccurredAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        e.Property(a => a.PreviousHash).HasMaxLength(64);
        e.Property(a => a.Hash).HasMaxLength(64);
        e.HasIndex(a => a.OccurredAt);
        e.HasIndex(a => a.Actor);
    }
}
