using NpgsqlTypes;

namespace Waterline.Observations;

/// <summary>The observations table's columns in one fixed order, each with how to read it from an
/// observation. The bulk writers (binary COPY, batched SQLite inserts) use this list so that the
/// column names are written down once, next to the EF model they must match.</summary>
internal static class ObservationColumns
{
    internal sealed record Column(string Name, NpgsqlDbType Type, Func<Observation, object?> Read);

    private static object? Text<T>(T? value) where T : struct, Enum => value?.ToString();

    internal static readonly Column[] All =
    [
        new("kind", NpgsqlDbType.Varchar, o => o.Kind.ToString()),
        new("market", NpgsqlDbType.Varchar, o => o.Market.ToString()),
        new("echelon", NpgsqlDbType.Varchar, o => o.Echelon.ToString()),
        new("occurred_at", NpgsqlDbType.TimestampTz, o => o.OccurredAt),
        new("reported_at", NpgsqlDbType.TimestampTz, o => o.ReportedAt),
        new("recorded_at", NpgsqlDbType.TimestampTz, o => o.RecordedAt),
        new("country", NpgsqlDbType.Varchar, o => o.Country),
        new("region_code", NpgsqlDbType.Varchar, o => o.RegionCode),
        new("municipality_code", NpgsqlDbType.Varchar, o => o.MunicipalityCode),
        new("latitude", NpgsqlDbType.Double, o => o.Latitude),
        new("longitude", NpgsqlDbType.Double, o => o.Longitude),
        new("source_organisation", NpgsqlDbType.Varchar, o => o.SourceOrganisation),
        new("external_id", NpgsqlDbType.Varchar, o => o.ExternalId),
        new("handling", NpgsqlDbType.Varchar, o => o.Handling.ToString()),
        new("tlp", NpgsqlDbType.Varchar, o => o.Tlp.ToString()),
        new("source_grade", NpgsqlDbType.Varchar, o => o.SourceGrade.ToString()),
        new("information_grade", NpgsqlDbType.Varchar, o => o.InformationGrade.ToString()),
        new("legal_regime", NpgsqlDbType.Varchar, o => o.LegalRegime.ToString()),
        new("notes", NpgsqlDbType.Text, o => o.Notes),
        new("import_batch_id", NpgsqlDbType.Bigint, o => o.ImportBatchId),
        new("chemical", NpgsqlDbType.Text, o => (o as ChemicalOrderReport)?.Chemical),
        new("category", NpgsqlDbType.Text, o => (o as ChemicalOrderReport)?.Category),
        new("quantity", NpgsqlDbType.Double, o => o switch
        {
            Seizure s => s.Quantity,
            DumpingSite d => d.Quantity,
            ChemicalOrderReport c => c.Quantity,
            _ => null,
        }),
        new("unit", NpgsqlDbType.Varchar, o => o switch
        {
            Seizure s => Text(s.Unit),
            DumpingSite d => Text(d.Unit),
            ChemicalOrderReport c => Text(c.Unit),
            _ => null,
        }),
        new("channel", NpgsqlDbType.Varchar, o => (o as ChemicalOrderReport)?.Channel.ToString()),
        new("substance", NpgsqlDbType.Text, o => o switch
        {
            Seizure s => s.Substance,
            ProductionSite p => p.Substance,
            DumpingSite d => d.Substance,
            LabFinding l => l.Substance,
            WastewaterMeasurement w => w.Substance,
            _ => null,
        }),
        new("confirmation", NpgsqlDbType.Varchar, o => (o as LabFinding)?.Confirmation.ToString()),
        new("sample_form", NpgsqlDbType.Varchar, o => (o as LabFinding)?.SampleForm.ToString()),
        new("purity", NpgsqlDbType.Double, o => o switch
        {
            Seizure s => s.Purity,
            LabFinding l => l.Purity,
            _ => null,
        }),
        new("signal_type", NpgsqlDbType.Varchar, o => (o as PartnerSignal)?.SignalType.ToString()),
        new("site_type", NpgsqlDbType.Varchar, o => (o as ProductionSite)?.SiteType.ToString()),
        new("plant_count", NpgsqlDbType.Integer, o => (o as ProductionSite)?.PlantCount),
        new("quantity_kg", NpgsqlDbType.Double, o => (o as Seizure)?.QuantityKg),
        new("port", NpgsqlDbType.Varchar, o => (o as Seizure)?.Port),
        new("transport_mode", NpgsqlDbType.Varchar, o => Text((o as Seizure)?.TransportMode)),
        new("concealment", NpgsqlDbType.Text, o => (o as Seizure)?.Concealment),
        new("origin_country", NpgsqlDbType.Varchar, o => (o as Seizure)?.OriginCountry),
        new("destination_country", NpgsqlDbType.Varchar, o => (o as Seizure)?.DestinationCountry),
        new("incident_type", NpgsqlDbType.Varchar, o => (o as ViolenceIncident)?.IncidentType.ToString()),
        new("casualties", NpgsqlDbType.Integer, o => (o as ViolenceIncident)?.Casualties),
        new("load", NpgsqlDbType.Double, o => (o as WastewaterMeasurement)?.Load),
    ];
}
