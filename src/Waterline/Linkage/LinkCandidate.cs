using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Observations;

namespace Waterline.Linkage;

/// <summary>A pair of subjects that may be the same person, company, phone... found by <see cref="FindLinkCandidates"/>,
/// with its score and explanation, and what people decided about it. Invariant: <see cref="LeftSubjectId"/> &lt;
/// <see cref="RightSubjectId"/>, and a pair is stored once (unique), so finding again adds nothing and never reopens a decision.</summary>
public sealed class LinkCandidate
{
    public long Id { get; set; }
    public SubjectKind Kind { get; set; }
    public long LeftSubjectId { get; set; }
    public long RightSubjectId { get; set; }
    /// <summary>Fellegi-Sunter match weight in bits (prior plus field weights).</summary>
    public double MatchWeight { get; set; }
    public double MatchProbability { get; set; }
    /// <summary>The waterfall as JSON (<see cref="LinkExplanation"/>): prior, then each field's level, m, u and weight.</summary>
    public string Explanation { get; set; } = "";
    public LinkStatus Status { get; set; }
    public DateTime FoundAt { get; set; }
    /// <summary>The first of two confirmations when the records come from different organisations (four-eyes).</summary>
    public string? FirstConfirmedBy { get; set; }
    public string? FirstConfirmedOrganisation { get; set; }
    public DateTime? FirstConfirmedAt { get; set; }
    /// <summary>Who confirmed (completing the link) or rejected it.</summary>
    public string? DecidedBy { get; set; }
    public string? DecidedOrganisation { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? UnmergedBy { get; set; }
    public DateTime? UnmergedAt { get; set; }
}

public enum LinkStatus
{
    Pending,
    /// <summary>Confirmed once; the records come from different organisations, so a second, different person must confirm.</summary>
    AwaitingSecondConfirmation,
    /// <summary>In effect: the two subjects belong to one resolved entity.</summary>
    Confirmed,
    Rejected,
    /// <summary>Was confirmed, then reversed; stays decided (finding again does not propose it anew).</summary>
    Unmerged,
}

internal sealed class LinkCandidateConfiguration : IEntityTypeConfiguration<LinkCandidate>
{
    public void Configure(EntityTypeBuilder<LinkCandidate> e)
    {
        e.ToTable("link_candidates");
        e.HasIndex(c => new { c.LeftSubjectId, c.RightSubjectId }).IsUnique();
        e.HasIndex(c => c.RightSubjectId);
        e.HasIndex(c => c.Status);
        e.Property(c => c.FirstConfirmedBy).HasMaxLength(100);
        e.Property(c => c.FirstConfirmedOrganisation).HasMaxLength(40);
        e.Property(c => c.DecidedBy).HasMaxLength(100);
        e.Property(c => c.DecidedOrganisation).HasMaxLength(40);
        e.Property(c => c.UnmergedBy).HasMaxLength(100);
        // Stored as UTC; SQLite hands times back without a kind.
        e.Property(c => c.FoundAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        e.HasOne<Subject>().WithMany().HasForeignKey(c => c.LeftSubjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Subject>().WithMany().HasForeignKey(c => c.RightSubjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
