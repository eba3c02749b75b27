using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Access;
using Waterline.Observations;

namespace Waterline.Networks;

/// <summary>A tie between two subjects that a source reported: who owns what, who called, paid or shipped to whom, who
/// offended together. A relation is as visible as the observation it comes from: it carries the same marking, and the
/// same query filter as subjects applies. Two subjects named on one observation are linked as well (co-occurrence), but
/// that link is derived (BuildNetwork) and never stored.</summary>
public sealed class SubjectRelation
{
    public long Id { get; set; }
    /// <summary>The report the relation comes from.</summary>
    public long ObservationId { get; set; }
    /// <summary>Always the marking of <see cref="ObservationId"/>'s observation (copied, so the access filter needs no join).</summary>
    public int MarkingId { get; set; }
    public long FromSubjectId { get; set; }
    public long ToSubjectId { get; set; }
    public RelationKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    /// <summary>Payments: the amount in euro.</summary>
    public decimal? AmountEur { get; set; }
    /// <summary>Communications: the number of calls or messages the report covers.</summary>
    public int? Count { get; set; }
}

/// <summary>What ties two subjects. From and to read as: owner to owned, caller to called, payer to payee, sender to
/// receiver; co-offending and family are symmetric.</summary>
public enum RelationKind
{
    Ownership,
    Communication,
    Payment,
    Shipment,
    CoOffending,
    Family,
}

internal sealed class SubjectRelationConfiguration : IEntityTypeConfiguration<SubjectRelation>
{
    public void Configure(EntityTypeBuilder<SubjectRelation> e)
    {
        e.ToTable("subject_relations");
        e.Property(r => r.AmountEur).HasPrecision(18, 2);
        e.HasOne<Observation>().WithMany().HasForeignKey(r => r.ObservationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Marking>().WithMany().HasForeignKey(r => r.MarkingId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Subject>().WithMany().HasForeignKey(r => r.FromSubjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Subject>().WithMany().HasForeignKey(r => r.ToSubjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => r.ObservationId);
        e.HasIndex(r => r.FromSubjectId);
        e.HasIndex(r => r.ToSubjectId);
        e.HasIndex(r => r.OccurredOn);
    }
}
