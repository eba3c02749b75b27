using Waterline.Observations;

namespace Waterline.Picture;

/// <summary>Pre-aggregated observations per kind x market x echelon x region x month x source.
/// Kept in step with the observations table inside the same transaction as every write
/// (see ObservationWriter), so the dashboard is always exactly as fresh as the data.</summary>
public sealed class PictureCell
{
    public ObservationKind Kind { get; set; }
    public Market Market { get; set; }
    public Echelon Echelon { get; set; }
    public required string Country { get; set; }
    /// <summary>Province code, or "" when the observation names no place below the country.</summary>
    public required string RegionCode { get; set; }
    /// <summary>Year * 100 + month, e.g. 202403.</summary>
    public int Month { get; set; }
    public required string SourceOrganisation { get; set; }
    /// <summary>The access marking of the observations summed here: the picture is filtered per marking like the records.</summary>
    public int MarkingId { get; set; }
    public long Observations { get; set; }
    /// <summary>Sum of seized quantities in kilograms (seizures with a mass unit).</summary>
    public double QuantityKg { get; set; }
    /// <summary>Sum of cannabis plants (production sites).</summary>
    public long Plants { get; set; }
    /// <summary>Sum and count of wastewater loads; mean = LoadSum / LoadCount.</summary>
    public double LoadSum { get; set; }
    public long LoadCount { get; set; }
}
