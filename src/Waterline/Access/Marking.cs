using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Observations;

namespace Waterline.Access;

/// <summary>Who may see a record: its owner organisation, SIENA handling code, TLP level and the releasability sets it
/// is released to (any number). Records with the same four share one marking, so access is decided per marking (a few
/// hundred rows), never per record, and the picture's pre-aggregates can be kept per marking too.
/// Invariant: a marking never changes once written; a record whose marking changes points to another marking.</summary>
public sealed class Marking
{
    public int Id { get; set; }
    public required string Owner { get; set; }
    public HandlingCode Handling { get; set; }
    public Tlp Tlp { get; set; }
    /// <summary>Canonical text of the four parts (owner|H2|Amber|3,7): unique, so a marking is found or made in one lookup.</summary>
    public required string Key { get; set; }
    public List<MarkingRelease> Releases { get; set; } = [];

    public static string KeyOf(string owner, HandlingCode handling, Tlp tlp, IEnumerable<int> setIds) =>
        $"{owner}|{handling}|{tlp}|{string.Join(',', setIds.Distinct().Order())}";
}

/// <summary>A named list of organisations a record may be released to: a standing group (all Belgian police services,
/// the BE-NL port partners) or the ad-hoc list of named recipients of one report (Kind = Named).</summary>
public sealed class ReleasabilitySet
{
    public int Id { get; set; }
    /// <summary>Unique; groups have a readable name (BE-POLICE), ad-hoc lists are named by their members (orgs:A,B).</summary>
    public required string Name { get; set; }
    public ReleasabilityKind Kind { get; set; }
    public string? Description { get; set; }
    public List<ReleasabilityMember> Members { get; set; } = [];
}

public enum ReleasabilityKind
{
    /// <summary>A standing group of organisations, maintained by administrators.</summary>
    Group,
    /// <summary>The organisations named on one record or one forwarding: TLP:RED may only ever reach these.</summary>
    Named,
}

public sealed class ReleasabilityMember
{
    public int SetId { get; set; }
    public required string Organisation { get; set; }
}

public sealed class MarkingRelease
{
    public int MarkingId { get; set; }
    public int SetId { get; set; }
    public ReleasabilitySet Set { get; set; } = null!;
}

internal sealed class MarkingConfiguration : IEntityTypeConfiguration<Marking>
{
    public void Configure(EntityTypeBuilder<Marking> e)
    {
        e.ToTable("markings");
        e.Property(m => m.Owner).HasMaxLength(40);
        e.Property(m => m.Key).HasMaxLength(400);
        e.HasIndex(m => m.Key).IsUnique();
        e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.Owner).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Releases).WithOne().HasForeignKey(r => r.MarkingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReleasabilitySetConfiguration : IEntityTypeConfiguration<ReleasabilitySet>
{
    public void Configure(EntityTypeBuilder<ReleasabilitySet> e)
    {
        e.ToTable("releasability_sets");
        e.Property(s => s.Name).HasMaxLength(400);
        e.HasIndex(s => s.Name).IsUnique();
        e.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReleasabilityMemberConfiguration : IEntityTypeConfiguration<ReleasabilityMember>
{
    public void Configure(EntityTypeBuilder<ReleasabilityMember> e)
    {
        e.ToTable("releasability_members");
        e.HasKey(m => new { m.SetId, m.Organisation });
        e.Property(m => m.Organisation).HasMaxLength(40);
        e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.Organisation).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => m.Organisation);
    }
}

internal sealed class MarkingReleaseConfiguration : IEntityTypeConfiguration<MarkingRelease>
{
    public void Configure(EntityTypeBuilder<MarkingRelease> e)
    {
        e.ToTable("marking_releases");
        e.HasKey(r => new { r.MarkingId, r.SetId });
        e.HasOne(r => r.Set).WithMany().HasForeignKey(r => r.SetId).OnDelete(DeleteBehavior.Restrict);
    }
}
