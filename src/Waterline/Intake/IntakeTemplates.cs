using Waterline.Observations;

namespace Waterline.Intake;

/// <summary>CSV templates: every column of a kind and one synthetic example row that imports cleanly.</summary>
public static class IntakeTemplates
{
    private static readonly Dictionary<string, string> CommonExample = new()
    {
        [IntakeFields.Market] = "cocaine",
        [IntakeFields.Echelon] = "import-transit",
        [IntakeFields.OccurredAt] = "2024-03-31",
        [IntakeFields.Country] = "BE",
        [IntakeFields.Municipality] = "Antwerpen",
        [IntakeFields.Tlp] = "amber",
    };

    private static readonly Dictionary<ObservationKind, (string Source, Dictionary<string, string> Values)> KindExamples = new()
    {
        [ObservationKind.Seizure] = ("BE-CUSTOMS", new() { ["substance"] = "cocaine", ["quantity"] = "120.5", ["unit"] = "kilogram",
            ["port"] = "BEANR", ["transport_mode"] = "sea-container", ["concealment"] = "rip-off", ["origin_country"] = "EC" }),
        [ObservationKind.ProductionSite] = ("BE-FEDPOL", new() { ["site_type"] = "cannabis-plantation", ["plant_count"] = "450", ["substance"] = "cannabis" }),
        [ObservationKind.DumpingSite] = ("BE-LOCPOL", new() { ["substance"] = "BMK waste", ["quantity"] = "200", ["unit"] = "litre" }),
        [ObservationKind.ChemicalOrderReport] = ("BE-FAMHP", new() { ["chemical"] = "APAA", ["category"] = "1", ["quantity"] = "25",
            ["unit"] = "kilogram", ["channel"] = "famhp-hotline" }),
        [ObservationKind.PartnerSignal] = ("BE-GRID", new() { ["signal_type"] = "utility-anomaly" }),
        [ObservationKind.ViolenceIncident] = ("BE-LOCPOL", new() { ["incident_type"] = "explosion", ["casualties"] = "0" }),
        [ObservationKind.LabFinding] = ("BE-NICC", new() { ["substance"] = "cocaine", ["confirmation"] = "confirmed",
            ["sample_form"] = "powder", ["purity"] = "78" }),
        [ObservationKind.WastewaterMeasurement] = ("EU-EUDA", new() { ["substance"] = "benzoylecgonine", ["load"] = "1250.4" }),
        [ObservationKind.InvestigationReport] = ("BE-FEDPOL", new() { ["method"] = "interception", ["case_reference"] = "EXAMPLE-CASE-1" }),
    };

    public static string Csv(ObservationKind kind)
    {
        var fields = IntakeFields.For(kind);
        var (source, values) = KindExamples[kind];
        // The example id names the kind, so examples of two kinds from one source never collide.
        var row = fields.Select(f => f == IntakeFields.SourceOrganisation ? source
            : f == IntakeFields.ExternalId ? $"EXAMPLE-{IntakeFields.KindName(kind).ToUpperInvariant()}-1"
            : values.TryGetValue(f, out var v) ? v
            : CommonExample.GetValueOrDefault(f, ""));
        return string.Join(",", fields) + "\n" + string.Join(",", row) + "\n";
    }
}
