using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Picture;

/// <summary>A small known dataset for the market picture, written through the real bulk path (ObservationWriter,
/// which fills picture_cells). Every expected value in GetMarketPictureTests is hand-computed from this list:
///
/// | country | province       | source      | kind          | market   | echelon        | month   | figure          |
/// |---------|----------------|-------------|---------------|----------|----------------|---------|-----------------|
/// | BE      | 10000 Antwerp  | BE-CUSTOMS  | seizure       | cocaine  | import_transit | 2024-01 | 100 kg          |
/// | BE      | 10000 Antwerp  | BE-CUSTOMS  | seizure       | cocaine  | import_transit | 2024-01 | 50 kg           |
/// | BE      | 10000 Antwerp  | BE-CUSTOMS  | seizure       | cocaine  | import_transit | 2024-02 | 30 kg           |
/// | BE      | 10000 Antwerp  | BE-CUSTOMS  | seizure       | cocaine  | import_transit | 2024-04 | 500 g = 0.5 kg  |
/// | BE      | 10000 Antwerp  | BE-LOCPOL   | seizure       | cocaine  | retail         | 2024-02 | 20 units (no kg)|
/// | BE      | 70000 Limburg  | BE-FEDPOL   | production    | cannabis | production     | 2024-02 | 1000 plants     |
/// | BE      | 10000 Antwerp  | EU-EUDA     | wastewater    | cocaine  | retail         | 2024-03 | 400 and 600 mg  |
/// | BE      | 04000 Brussels | BE-LOCPOL   | violence      | cocaine  | retail         | 2024-03 | 1 shooting      |
/// | NL      | PV28 Z-Holland | NL-DOUANE   | seizure       | cocaine  | import_transit | 2024-01 | 200 kg          |
/// | NL      | PV28 Z-Holland | NL-DOUANE   | seizure       | cocaine  | import_transit | 2024-03 | 40 kg           |
/// | NL      | PV30 N-Brabant | NL-POLITIE  | production    | cannabis | production     | 2024-02 | 300 plants      |
/// | NL      | PV30 N-Brabant | NL-POLITIE  | production    | cannabis | production     | 2024-05 | 150 plants      |
/// | NL      | PV27 N-Holland | EU-EUDA     | wastewater    | cocaine  | retail         | 2024-03 | 900 mg          |
/// | NL      | PV27 N-Holland | EU-EUDA     | wastewater    | cocaine  | retail         | 2024-06 | 300 mg          |
///
/// 15 observations: BE 9, NL 6.</summary>
internal static class PictureDataset
{
    public static async Task WriteAsync(WaterlineDbContext db)
    {
        var n = 0;
        string Id() => "pic-" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var observations = new List<Observation>
        {
            Seizure("BE", "10000", "BE-CUSTOMS", Echelon.ImportTransit, 2024, 1, 100, QuantityUnit.Kilogram, 100, Id()),
            Seizure("BE", "10000", "BE-CUSTOMS", Echelon.ImportTransit, 2024, 1, 50, QuantityUnit.Kilogram, 50, Id()),
            Seizure("BE", "10000", "BE-CUSTOMS", Echelon.ImportTransit, 2024, 2, 30, QuantityUnit.Kilogram, 30, Id()),
            Seizure("BE", "10000", "BE-CUSTOMS", Echelon.ImportTransit, 2024, 4, 500, QuantityUnit.Gram, 0.5, Id()),
            Seizure("BE", "10000", "BE-LOCPOL", Echelon.Retail, 2024, 2, 20, QuantityUnit.Units, null, Id()),
            Plantation("BE", "70000", "BE-FEDPOL", 2024, 2, 1000, Id()),
            Wastewater("BE", "10000", 2024, 3, 400, Id()),
            Wastewater("BE", "10000", 2024, 3, 600, Id()),
            new ViolenceIncident
            {
                Country = "BE", RegionCode = "04000", SourceOrganisation = "BE-LOCPOL", ExternalId = Id(), Market = Market.Cocaine,
                Echelon = Echelon.Retail, OccurredAt = At(2024, 3), RecordedAt = At(2024, 7), IncidentType = IncidentType.Shooting,
            },
            Seizure("NL", "PV28", "NL-DOUANE", Echelon.ImportTransit, 2024, 1, 200, QuantityUnit.Kilogram, 200, Id()),
            Seizure("NL", "PV28", "NL-DOUANE", Echelon.ImportTransit, 2024, 3, 40, QuantityUnit.Kilogram, 40, Id()),
            Plantation("NL", "PV30", "NL-POLITIE", 2024, 2, 300, Id()),
            Plantation("NL", "PV30", "NL-POLITIE", 2024, 5, 150, Id()),
            Wastewater("NL", "PV27", 2024, 3, 900, Id()),
            Wastewater("NL", "PV27", 2024, 6, 300, Id()),
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync(observations, CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }

    private static DateTime At(int year, int month) => new(year, month, 14, 10, 0, 0, DateTimeKind.Utc);

    private static Seizure Seizure(string country, string region, string source, Echelon echelon, int year, int month,
        double quantity, QuantityUnit unit, double? kg, string id) => new()
        {
            Country = country, RegionCode = region, SourceOrganisation = source, ExternalId = id, Market = Market.Cocaine,
            Echelon = echelon, OccurredAt = At(year, month), RecordedAt = At(2024, 7), Quantity = quantity, Unit = unit, QuantityKg = kg,
        };

    private static ProductionSite Plantation(string country, string region, string source, int year, int month, int plants, string id) => new()
    {
        Country = country, RegionCode = region, SourceOrganisation = source, ExternalId = id, Market = Market.Cannabis,
        Echelon = Echelon.Production, OccurredAt = At(year, month), RecordedAt = At(2024, 7),
        SiteType = SiteType.CannabisPlantation, PlantCount = plants,
    };

    private static WastewaterMeasurement Wastewater(string country, string region, int year, int month, double load, string id) => new()
    {
        Country = country, RegionCode = region, SourceOrganisation = "EU-EUDA", ExternalId = id, Market = Market.Cocaine,
        Echelon = Echelon.Retail, OccurredAt = At(year, month), RecordedAt = At(2024, 7), Substance = "cocaine", Load = load,
    };
}
