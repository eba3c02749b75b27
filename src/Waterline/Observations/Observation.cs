namespace Waterline.Observations;

/// <summary>One report by one source organisation about one thing seen. All kinds share one table
/// (table-per-hierarchy): the market picture aggregates across kinds, and bulk import writes one table.</summary>
public abstract class Observation
{
    public long Id { get; set; }
    public ObservationKind Kind { get; protected init; }
    public Market Market { get; set; }
    public Echelon Echelon { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>When the source reported it (UTC), if known.</summary>
    public DateTime? ReportedAt { get; set; }
    /// <summary>When Waterline recorded it (UTC).</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>ISO 3166-1 alpha-2: BE or NL.</summary>
    public required string Country { get; set; }
    /// <summary>Province code: NIS for Belgium (04000 for Brussels-Capital), CBS PVxx for the Netherlands.</summary>
    public string? RegionCode { get; set; }
    /// <summary>Municipality code: NIS for Belgium, CBS GMxxxx for the Netherlands.</summary>
    public string? MunicipalityCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    public required string SourceOrganisation { get; set; }
    /// <summary>The source's own id; (SourceOrganisation, ExternalId) is unique, which makes imports idempotent.</summary>
    public required string ExternalId { get; set; }

    public HandlingCode Handling { get; set; }
    public Tlp Tlp { get; set; }
    public SourceGrade SourceGrade { get; set; }
    public InformationGrade InformationGrade { get; set; }
    public LegalRegime LegalRegime { get; set; }
    public string? Notes { get; set; }

    public long? ImportBatchId { get; set; }

    /// <summary>Who may see it (Access.Marking): owner (= source organisation), handling code, TLP and releasability sets.
    /// Set by the ObservationWriter from those and <see cref="ReleasableTo"/>.</summary>
    public int MarkingId { get; set; }
    /// <summary>At intake only (not stored as such): organisation codes and releasability group names this record is
    /// released to. Organisations named here form one Named set; each group is a set of its own.</summary>
    public IReadOnlyList<string> ReleasableTo { get; set; } = [];
}

public sealed class Seizure : Observation
{
    public Seizure() => Kind = ObservationKind.Seizure;
    public string? Substance { get; set; }
    public double? Quantity { get; set; }
    public QuantityUnit? Unit { get; set; }
    /// <summary>Quantity in kilograms when the unit is a mass; null otherwise.</summary>
    public double? QuantityKg { get; set; }
    /// <summary>Purity in percent, if analysed.</summary>
    public double? Purity { get; set; }
    /// <summary>UN/LOCODE of the port, airport or border crossing (BEANR, NLRTM...).</summary>
    public string? Port { get; set; }
    public TransportMode? TransportMode { get; set; }
    public string? Concealment { get; set; }
    public string? OriginCountry { get; set; }
    public string? DestinationCountry { get; set; }
}

public sealed class ProductionSite : Observation
{
    public ProductionSite() => Kind = ObservationKind.ProductionSite;
    public SiteType SiteType { get; set; }
    public int? PlantCount { get; set; }
    public string? Substance { get; set; }
}

public sealed class DumpingSite : Observation
{
    public DumpingSite() => Kind = ObservationKind.DumpingSite;
    public string? Substance { get; set; }
    public double? Quantity { get; set; }
    public QuantityUnit? Unit { get; set; }
}

public sealed class ChemicalOrderReport : Observation
{
    public ChemicalOrderReport() => Kind = ObservationKind.ChemicalOrderReport;
    /// <summary>Precursor or non-scheduled chemical.</summary>
    public required string Chemical { get; set; }
    /// <summary>Reg. 273/2004 category 1-4, "voluntary" (monitoring list) or "unscheduled".</summary>
    public string? Category { get; set; }
    public double? Quantity { get; set; }
    public QuantityUnit? Unit { get; set; }
    public ReportChannel Channel { get; set; }
}

public sealed class PartnerSignal : Observation
{
    public PartnerSignal() => Kind = ObservationKind.PartnerSignal;
    public PartnerSignalType SignalType { get; set; }
}

public sealed class ViolenceIncident : Observation
{
    public ViolenceIncident() => Kind = ObservationKind.ViolenceIncident;
    public IncidentType IncidentType { get; set; }
    public int? Casualties { get; set; }
}

public sealed class LabFinding : Observation
{
    public LabFinding() => Kind = ObservationKind.LabFinding;
    public required string Substance { get; set; }
    public Confirmation Confirmation { get; set; }
    public SampleForm SampleForm { get; set; }
    public double? Purity { get; set; }
}

public sealed class WastewaterMeasurement : Observation
{
    public WastewaterMeasurement() => Kind = ObservationKind.WastewaterMeasurement;
    public required string Substance { get; set; }
    /// <summary>Load in mg per 1000 inhabitants per day (the EUDA unit).</summary>
    public double Load { get; set; }
}

/// <summary>A report from an investigation (surveillance, a wiretap summary, a financial inquiry) naming subjects and the
/// relations between them (Networks.SubjectRelation). It counts nothing in a market, so it never enters picture_cells.</summary>
public sealed class InvestigationReport : Observation
{
    public InvestigationReport() => Kind = ObservationKind.InvestigationReport;
    public InvestigationMethod Method { get; set; }
    /// <summary>The investigation's own reference (case or file number), if the source gives one.</summary>
    public string? CaseReference { get; set; }
}
