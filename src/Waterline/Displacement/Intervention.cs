using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Observations;

namespace Waterline.Displacement;

/// <summary>A dated event that may move a market: a law or policy change (the Dutch residence criterion for coffee shops), a
/// new scanner at a port, a crackdown in one district. Shown on every displacement timeline it concerns and usable as the
/// intervention date of the segmented regression and the difference in differences.
/// Carries the markings of the records it sits beside: who recorded it may know it from a case; a public event is TLP:CLEAR.</summary>
public sealed class Intervention
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>What <see cref="Area"/> is; null with Area null: it concerns every area.</summary>
    public AreaDimension? Dimension { get; set; }
    /// <summary>An area code of <see cref="Dimension"/> (NL, PV30, BEANR); null: every area.</summary>
    public string? Area { get; set; }
    /// <summary>Null: every market.</summary>
    public Market? Market { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>The organisation that recorded it (the marking's owner).</summary>
    public required string Owner { get; set; }
    public HandlingCode Handling { get; set; }
    public Tlp Tlp { get; set; }
    /// <summary>Access.Marking of (Owner, Handling, Tlp): read through the same policy as observations.</summary>
    public int MarkingId { get; set; }
    /// <summary>The account that recorded it ("system" for the demo world's public events).</summary>
    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
}

internal sealed class InterventionConfiguration : IEntityTypeConfiguration<Intervention>
{
    public void Configure(EntityTypeBuilder<Intervention> e)
    {
        e.ToTable("interventions");
        e.Property(i => i.Area).HasMaxLength(40);
        e.Property(i => i.Title).HasMaxLength(200);
        e.Property(i => i.Description).HasMaxLength(4000);
        e.Property(i => i.Owner).HasMaxLength(40);
        e.Property(i => i.RecordedBy).HasMaxLength(100);
        e.HasOne<Access.Marking>().WithMany().HasForeignKey(i => i.MarkingId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => i.Date);
    }
}
