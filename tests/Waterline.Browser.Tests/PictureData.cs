using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Browser.Tests;

/// <summary>A deterministic set of observations for the market picture's browser tests, written through the real
/// bulk path (ObservationWriter, which keeps picture_cells in step). The demo world may be seeded as well, so the
/// tests compare what the page shows with itself (chart, table, export) rather than with fixed totals.</summary>
internal static class PictureData
{
    public static async Task WriteAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var observations = new List<Observation>();
        string[] beProvinces = ["10000", "20001", "30000", "40000", "50000", "60000", "70000", "04000"];
        string[] nlProvinces = ["PV20", "PV23", "PV26", "PV27", "PV28", "PV29", "PV30", "PV31"];
        for (var month = 1; month <= 12; month++)
        {
            var at = new DateTime(2025, month, 10, 12, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 3; i++)
            {
                var be = beProvinces[(month + i) % beProvinces.Length];
                var nl = nlProvinces[(month * 2 + i) % nlProvinces.Length];
                var kg = 10.0 * (month + i);
                observations.Add(Seizure($"be-{month}-{i}", "BE", be, "BE-CUSTOMS", at, kg));
                observations.Add(Seizure($"nl-{month}-{i}", "NL", nl, "NL-DOUANE", at, kg * 1.5));
            }
            if (month % 2 == 0)
            {
                observations.Add(Plantation($"bp-{month}", "BE", beProvinces[month % beProvinces.Length], "BE-FEDPOL", at, 100 * month));
                observations.Add(Plantation($"np-{month}", "NL", nlProvinces[month % nlProvinces.Length], "NL-POLITIE", at, 80 * month));
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync(observations, CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }

    private static string Id(string key) => "browser-picture-" + key;

    private static Seizure Seizure(string key, string country, string region, string source, DateTime at, double kg) => new()
    {
        Country = country, RegionCode = region, SourceOrganisation = source, ExternalId = Id(key), Market = Market.Cocaine,
        Echelon = Echelon.ImportTransit, OccurredAt = at, RecordedAt = at, Quantity = kg, Unit = QuantityUnit.Kilogram, QuantityKg = kg,
        Notes = string.Create(CultureInfo.InvariantCulture, $"browser test seizure {key}"),
    };

    private static ProductionSite Plantation(string key, string country, string region, string source, DateTime at, int plants) => new()
    {
        Country = country, RegionCode = region, SourceOrganisation = source, ExternalId = Id(key), Market = Market.Cannabis,
        Echelon = Echelon.Production, OccurredAt = at, RecordedAt = at, SiteType = SiteType.CannabisPlantation, PlantCount = plants,
    };
}
