namespace Waterline.Observations;

/// <summary>The observations table's columns in one fixed order, each with how to read it from an
/// observation. The bulk writers (binary COPY, batched SQLite inserts) use this list so that the
/// column names are written down once, next to the EF model they must match.</summary>
internal static class ObservationColumns
{
    /// <summary>A column: its name and a typed, allocation-free write of its value to a bulk writer (binary COPY or a
    /// positional SQLite insert: no boxing, no per-value await).</summary>
    internal sealed record Column(string Name, Action<IRowWriter, Observation> Write)
    {
        /// <summary>The kinds that use this column, one bit per kind (<see cref="KindBit"/>); the others always leave it
        /// NULL, so a COPY of only those kinds can leave it out.</summary>
        public uint Kinds { get; init; } = uint.MaxValue;

        public Column Of(params ObservationKind[] kinds) => this with { Kinds = kinds.Aggregate(0u, (mask, k) => mask | KindBit(k)) };
    }

    public static uint KindBit(ObservationKind kind) => 1u << (int)kind;

    /// <summary>The columns a row of any of these kinds can fill, in table order.</summary>
    public static Column[] For(uint kinds) => [.. All.Where(c => (c.Kinds & kinds) != 0)];

    private static Column Text(string name, Func<Observation, string?> get) => new(name, (w, o) =>
    {
        if (get(o) is { } v)
        {
            w.Text(v);
        }
        else
        {
            w.Null();
        }
    });

    private static Column Enum<T>(string name, Func<Observation, T?> get) where T : struct, System.Enum =>
        Text(name, o => get(o) is { } v ? EnumText<T>.Of(v) : null);

    private static Column Value<T>(string name, Func<Observation, T?> get, Action<IRowWriter, T> write) where T : struct =>
        new(name, (w, o) =>
        {
            if (get(o) is { } v)
            {
                write(w, v);
            }
            else
            {
                w.Null();
            }
        });

    private static Column Double(string name, Func<Observation, double?> get) => Value(name, get, (w, v) => w.Float8(v));

    private static Column Integer(string name, Func<Observation, int?> get) => Value(name, get, (w, v) => w.Int32(v));

    private static Column Bigint(string name, Func<Observation, long?> get) => Value(name, get, (w, v) => w.Int64(v));

    private static Column Time(string name, Func<Observation, DateTime?> get) => Value(name, get, (w, v) => w.TimestampTz(v, name));

    internal static readonly Column[] All =
    [
        Enum("kind", o => (ObservationKind?)o.Kind),
        Enum("market", o => (Market?)o.Market),
        Enum("echelon", o => (Echelon?)o.Echelon),
        Time("occurred_at", o => o.OccurredAt),
        Time("reported_at", o => o.ReportedAt),
        Time("recorded_at", o => o.RecordedAt),
        Text("country", o => o.Country),
        Text("region_code", o => o.RegionCode),
        Text("municipality_code", o => o.MunicipalityCode),
        Double("latitude", o => o.Latitude),
        Double("longitude", o => o.Longitude),
        Text("source_organisation", o => o.SourceOrganisation),
        Text("external_id", o => o.ExternalId),
        Enum("handling", o => (HandlingCode?)o.Handling),
        Enum("tlp", o => (Tlp?)o.Tlp),
        Enum("source_grade", o => (SourceGrade?)o.SourceGrade),
        Enum("information_grade", o => (InformationGrade?)o.InformationGrade),
        Enum("legal_regime", o => (LegalRegime?)o.LegalRegime),
        Text("notes", o => o.Notes),
        Bigint("import_batch_id", o => o.ImportBatchId),
        Integer("marking_id", o => o.MarkingId),
        Text("chemical", o => (o as ChemicalOrderReport)?.Chemical).Of(ObservationKind.ChemicalOrderReport),
        Text("category", o => (o as ChemicalOrderReport)?.Category).Of(ObservationKind.ChemicalOrderReport),
        Double("quantity", o => o switch
        {
            Seizure s => s.Quantity,
            DumpingSite d => d.Quantity,
            ChemicalOrderReport c => c.Quantity,
            _ => null,
        }).Of(ObservationKind.Seizure, ObservationKind.DumpingSite, ObservationKind.ChemicalOrderReport),
        Enum("unit", o => o switch
        {
            Seizure s => s.Unit,
            DumpingSite d => d.Unit,
            ChemicalOrderReport c => c.Unit,
            _ => null,
        }).Of(ObservationKind.Seizure, ObservationKind.DumpingSite, ObservationKind.ChemicalOrderReport),
        Enum("channel", o => (o as ChemicalOrderReport)?.Channel).Of(ObservationKind.ChemicalOrderReport),
        Text("substance", o => o switch
        {
            Seizure s => s.Substance,
            ProductionSite p => p.Substance,
            DumpingSite d => d.Substance,
            LabFinding l => l.Substance,
            WastewaterMeasurement w => w.Substance,
            _ => null,
        }).Of(ObservationKind.Seizure, ObservationKind.ProductionSite, ObservationKind.DumpingSite, ObservationKind.LabFinding,
            ObservationKind.WastewaterMeasurement),
        Enum("confirmation", o => (o as LabFinding)?.Confirmation).Of(ObservationKind.LabFinding),
        Enum("sample_form", o => (o as LabFinding)?.SampleForm).Of(ObservationKind.LabFinding),
        Double("purity", o => o switch
        {
            Seizure s => s.Purity,
            LabFinding l => l.Purity,
            _ => null,
        }).Of(ObservationKind.Seizure, ObservationKind.LabFinding),
        Enum("signal_type", o => (o as PartnerSignal)?.SignalType).Of(ObservationKind.PartnerSignal),
        Enum("site_type", o => (o as ProductionSite)?.SiteType).Of(ObservationKind.ProductionSite),
        Integer("plant_count", o => (o as ProductionSite)?.PlantCount).Of(ObservationKind.ProductionSite),
        Double("quantity_kg", o => (o as Seizure)?.QuantityKg).Of(ObservationKind.Seizure),
        Text("port", o => (o as Seizure)?.Port).Of(ObservationKind.Seizure),
        Enum("transport_mode", o => (o as Seizure)?.TransportMode).Of(ObservationKind.Seizure),
        Text("concealment", o => (o as Seizure)?.Concealment).Of(ObservationKind.Seizure),
        Text("origin_country", o => (o as Seizure)?.OriginCountry).Of(ObservationKind.Seizure),
        Text("destination_country", o => (o as Seizure)?.DestinationCountry).Of(ObservationKind.Seizure),
        Enum("incident_type", o => (o as ViolenceIncident)?.IncidentType).Of(ObservationKind.ViolenceIncident),
        Integer("casualties", o => (o as ViolenceIncident)?.Casualties).Of(ObservationKind.ViolenceIncident),
        Double("load", o => (o as WastewaterMeasurement)?.Load).Of(ObservationKind.WastewaterMeasurement),
        Enum("method", o => (o as InvestigationReport)?.Method).Of(ObservationKind.InvestigationReport),
        Text("case_reference", o => (o as InvestigationReport)?.CaseReference).Of(ObservationKind.InvestigationReport),
    ];
}

/// <summary>Enum names as stored (EF's string conversion writes the member name), cached once per value.</summary>
internal static class EnumText<T> where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = System.Enum.GetValues<T>().ToDictionary(v => v, v => v.ToString());

    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
}
