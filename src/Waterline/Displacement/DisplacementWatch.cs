using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Analytics.Displacement;

namespace Waterline.Displacement;

/// <summary>A saved displacement selection whose classification of the latest window is kept, so that a new period that
/// changes it raises a <see cref="DisplacementAlert"/> (CheckDisplacementWatches). It belongs to one account and is
/// computed over what that account may read.</summary>
public sealed class DisplacementWatch
{
    public long Id { get; set; }
    /// <summary>The owning account's user name.</summary>
    public required string Account { get; set; }
    public required string Name { get; set; }
    /// <summary>The selection as its query string (<see cref="DisplacementSelection.ToQuery"/>).</summary>
    public required string Selection { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The last period of the latest window classified (2024 or 2024-07); null before the first check.</summary>
    public string? LastPeriod { get; set; }
    public DisplacementClass? Classification { get; set; }
    /// <summary>The classification in plain words.</summary>
    public string? Summary { get; set; }
    public DateTime? CheckedAt { get; set; }
    /// <summary>Why the last check could not classify (a selection that no longer parses, an account gone); null when it could.</summary>
    public string? Problem { get; set; }
}

/// <summary>A new period changed a watch's classification: from what to what, the period, and the evidence.</summary>
public sealed class DisplacementAlert
{
    public long Id { get; set; }
    public long WatchId { get; set; }
    /// <summary>The last period of the window whose classification changed (2024 or 2024-07).</summary>
    public required string Period { get; set; }
    /// <summary>The first period of that window.</summary>
    public required string WindowFrom { get; set; }
    public DisplacementClass Previous { get; set; }
    public required string PreviousSummary { get; set; }
    public DisplacementClass Current { get; set; }
    public required string Summary { get; set; }
    /// <summary>The statistics behind <see cref="Current"/> as JSON (AnalyseDisplacement.Statistic[]).</summary>
    public required string Evidence { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}

internal sealed class DisplacementWatchConfiguration : IEntityTypeConfiguration<DisplacementWatch>
{
    public void Configure(EntityTypeBuilder<DisplacementWatch> e)
    {
        e.ToTable("displacement_watches");
        e.Property(w => w.Account).HasMaxLength(Access.Accounts.MaxUserNameLength);
        e.Property(w => w.Name).HasMaxLength(200);
        e.Property(w => w.Selection).HasMaxLength(2000);
        e.Property(w => w.LastPeriod).HasMaxLength(7);
        e.Property(w => w.Summary).HasMaxLength(2000);
        e.Property(w => w.Problem).HasMaxLength(1000);
        // The classes live in Waterline.Analytics, outside the model's enum convention: text here too.
        e.Property(w => w.Classification).HasConversion<string>().HasMaxLength(40);
        e.HasIndex(w => w.Account);
        e.HasMany<DisplacementAlert>().WithOne().HasForeignKey(a => a.WatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DisplacementAlertConfiguration : IEntityTypeConfiguration<DisplacementAlert>
{
    public void Configure(EntityTypeBuilder<DisplacementAlert> e)
    {
        e.ToTable("displacement_alerts");
        e.Property(a => a.Period).HasMaxLength(7);
        e.Property(a => a.WindowFrom).HasMaxLength(7);
        e.Property(a => a.PreviousSummary).HasMaxLength(2000);
        e.Property(a => a.Summary).HasMaxLength(2000);
        e.Property(a => a.Previous).HasConversion<string>().HasMaxLength(40);
        e.Property(a => a.Current).HasConversion<string>().HasMaxLength(40);
        e.Property(a => a.AcknowledgedBy).HasMaxLength(Access.Accounts.MaxUserNameLength);
        e.HasIndex(a => new { a.WatchId, a.AcknowledgedAt });
    }
}
