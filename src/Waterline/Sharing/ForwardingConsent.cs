using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Observations;

namespace Waterline.Sharing;

/// <summary>The owner's recorded permission to pass one record on to one organisation: what SIENA handling code H2
/// ("no onward dissemination without permission") and H3 require before anyone but the owner forwards it.</summary>
public sealed class ForwardingConsent
{
    public long Id { get; set; }
    public long ObservationId { get; set; }
    public required string Recipient { get; set; }
    public required string GivenBy { get; set; }
    public required string GivenByOrganisation { get; set; }
    public DateTime GivenAt { get; set; }
    public string? Reason { get; set; }
}

internal sealed class ForwardingConsentConfiguration : IEntityTypeConfiguration<ForwardingConsent>
{
    public void Configure(EntityTypeBuilder<ForwardingConsent> e)
    {
        e.ToTable("forwarding_consents");
        e.Property(c => c.Recipient).HasMaxLength(40);
        e.Property(c => c.GivenBy).HasMaxLength(100);
        e.Property(c => c.GivenByOrganisation).HasMaxLength(40);
        e.Property(c => c.Reason).HasMaxLength(500);
        e.HasOne<Observation>().WithMany().HasForeignKey(c => c.ObservationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => new { c.ObservationId, c.Recipient }).IsUnique();
    }
}
