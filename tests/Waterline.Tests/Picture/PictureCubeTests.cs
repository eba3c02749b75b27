using System.Text;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Tests.Picture;

// Database cases start from PictureDataset (BE 9 observations, NL 6; hand-computed there).
public sealed class PictureCubeTests
{
    /// <summary>A context acting as the application (sees every marking); in-memory scans read only its access state, no database.</summary>
    private static readonly WaterlineDbContext System =
        new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:").CreateContext().ActAsSystem();

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await PictureDataset.WriteAsync(db);
        return test;
    }

    private static async Task<GetMarketPicture.Result> PictureAsync(TestDatabase test, PictureCubeCache cubes, GetMarketPicture.Request? request = null)
    {
        await using var db = test.NewContext();
        return await new GetMarketPicture.Handler(db, cubes).HandleAsync(request ?? new GetMarketPicture.Request(), CancellationToken.None);
    }

    private static double? Total(GetMarketPicture.Result r, string country) => r.Totals.Single(t => t.Country == country).Value;

    private static Seizure Seizure(string id) => new()
    {
        Country = "BE", RegionCode = "10000", SourceOrganisation = "BE-CUSTOMS", ExternalId = id, Market = Market.Cocaine,
        Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(2024, 1, 20, 0, 0, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), Quantity = 5, Unit = QuantityUnit.Kilogram, QuantityKg = 5,
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dashboard_request_right_after_a_committed_import_sees_the_new_figures(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var cubes = new PictureCubeCache();
        var before = await PictureAsync(test, cubes);
        Assert.Equal(9, Total(before, "BE"));

        const string csv = "external_id,source_organisation,market,echelon,occurred_at,country,municipality,quantity,unit\n" +
            "F-1,BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,Antwerpen,10,kilogram\n" +
            "F-2,BE-CUSTOMS,cocaine,import-transit,2024-01-13,BE,Antwerpen,20,kilogram\n";
        await using (var db = test.NewContext())
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var import = await new ImportObservations.Handler(db, TimeProvider.System)
                .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure, stream, ImportFormat.Csv, "fresh.csv"), CancellationToken.None);
            Assert.Equal(2, import.Accepted);
        }

        var after = await PictureAsync(test, cubes);
        Assert.Equal(11, Total(after, "BE"));
        Assert.Equal(4, after.Series.Single(s => s.Country == "BE").Values[0]); // January: 2 before, 2 imported
        var kg = await PictureAsync(test, cubes, new GetMarketPicture.Request { Measure = PictureMeasure.QuantityKg });
        Assert.Equal(180.5 + 30, Total(kg, "BE")!.Value, 9);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_write_is_not_seen_even_though_the_writer_saw_its_own_cells(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var cubes = new PictureCubeCache();
        Assert.Equal(9, Total(await PictureAsync(test, cubes), "BE"));
        await using var read = test.NewContext();
        var cached = await cubes.GetAsync(read, CancellationToken.None);

        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([Seizure("R-1"), Seizure("R-2"), Seizure("R-3")], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);

            // Inside its transaction the writer's own request sees its cells; that cube must not reach the cache.
            var own = await new GetMarketPicture.Handler(db, cubes).HandleAsync(new GetMarketPicture.Request(), CancellationToken.None);
            Assert.Equal(12, Total(own, "BE"));
            Assert.Equal(9, Total(await PictureAsync(test, cubes), "BE"));
            await tx.RollbackAsync();
        }

        Assert.Equal(9, Total(await PictureAsync(test, cubes), "BE"));
        Assert.Same(cached, await cubes.GetAsync(read, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Requests_share_one_cube_until_a_write_commits_and_then_wait_for_a_single_reload(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var cubes = new PictureCubeCache();
        PictureCube first;
        await using (var db = test.NewContext())
        {
            first = await cubes.GetAsync(db, CancellationToken.None);
            Assert.Same(first, await cubes.GetAsync(db, CancellationToken.None));
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([Seizure("C-1")], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var db = test.NewContext();
            return await cubes.GetAsync(db, CancellationToken.None);
        }));
        var reloaded = concurrent[0];
        Assert.NotSame(first, reloaded);
        Assert.All(concurrent, c => Assert.Same(reloaded, c));
        Assert.Equal(first.Generation + 1, reloaded.Generation);
        var observations = reloaded.Sum(reloaded.NewFilter(System), PictureMeasure.Observations, PictureGranularity.Year, [[PictureColumn.Country]])[0];
        Assert.Equal(16, observations.Sum(g => g.Sum));
    }

    // Expected values come from an independent implementation: LINQ over the same cells, grouped by tuples.
    [Fact]
    public void Scanning_the_cube_gives_the_sums_of_grouping_the_cells_directly()
    {
        var random = new Random(20261123);
        string[] countries = ["BE", "NL"];
        var regions = Enumerable.Range(0, 30).Select(i => i == 0 ? "" : $"R{i:D2}").ToArray();
        var sources = Enumerable.Range(0, 40).Select(i => $"S-{i}").ToArray();
        var months = Enumerable.Range(0, 120).Select(i => ((2015 + (i / 12)) * 100) + (i % 12) + 1).ToArray();
        var cells = new Dictionary<(ObservationKind, Market, Echelon, string, string, int, string), PictureCell>();
        for (var i = 0; i < 5000; i++)
        {
            var cell = new PictureCell
            {
                Kind = Pick(random, Enum.GetValues<ObservationKind>()), Market = Pick(random, Enum.GetValues<Market>()),
                Echelon = Pick(random, Enum.GetValues<Echelon>()), Country = Pick(random, countries), RegionCode = Pick(random, regions),
                Month = Pick(random, months), SourceOrganisation = Pick(random, sources), Observations = random.Next(1, 50),
                QuantityKg = random.NextDouble() * 100, Plants = random.Next(0, 500), LoadSum = random.NextDouble() * 1000, LoadCount = random.Next(0, 3),
            };
            cells[(cell.Kind, cell.Market, cell.Echelon, cell.Country, cell.RegionCode, cell.Month, cell.SourceOrganisation)] = cell;
        }
        var cube = PictureCube.Of(7, cells.Values);
        PictureColumn[] groupable = [PictureColumn.Period, PictureColumn.Country, PictureColumn.Region, PictureColumn.Market,
            PictureColumn.Echelon, PictureColumn.Kind, PictureColumn.Source];

        for (var trial = 0; trial < 60; trial++)
        {
            var kinds = random.Next(3) == 0 ? [Pick(random, Enum.GetValues<ObservationKind>())] : Array.Empty<ObservationKind>();
            var markets = random.Next(3) == 0 ? [Pick(random, Enum.GetValues<Market>()), Pick(random, Enum.GetValues<Market>())] : Array.Empty<Market>();
            var wantedRegions = random.Next(3) == 0 ? [Pick(random, regions), "PV99"] : Array.Empty<string>();
            var wantedSources = random.Next(3) == 0 ? sources.Take(10).ToArray() : [];
            int? from = random.Next(2) == 0 ? Pick(random, months) : null;
            var measure = Pick(random, Enum.GetValues<PictureMeasure>());
            var granularity = Pick(random, Enum.GetValues<PictureGranularity>());
            // The last trials group by every column: more keys than a dense array holds.
            var grouping = trial >= 55 ? groupable : groupable.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();

            var filter = cube.NewFilter(System);
            CubeFilter.Keep(filter.Kinds, kinds, PictureCube.KindCode);
            CubeFilter.Keep(filter.Markets, markets, PictureCube.MarketCode);
            CubeFilter.Keep(filter.Regions, wantedRegions, cube.RegionCode);
            CubeFilter.Keep(filter.Sources, wantedSources, cube.SourceCode);
            filter.FromMonth = from ?? int.MinValue;
            var actual = cube.Sum(filter, measure, granularity, [grouping])[0]
                .ToDictionary(g => (g.Period, g.Country, g.RegionCode, g.Market, g.Echelon, g.Kind, g.SourceOrganisation), g => (g.Sum, g.Measurements));

            bool Has(PictureColumn c) => grouping.Contains(c);
            var expected = cells.Values
                .Where(c => (kinds.Length == 0 || kinds.Contains(c.Kind)) && (markets.Length == 0 || markets.Contains(c.Market))
                    && (wantedRegions.Length == 0 || wantedRegions.Contains(c.RegionCode))
                    && (wantedSources.Length == 0 || wantedSources.Contains(c.SourceOrganisation)) && (from is null || c.Month >= from))
                .GroupBy(c => (
                    Has(PictureColumn.Period) ? granularity switch
                    {
                        PictureGranularity.Year => c.Month / 100,
                        PictureGranularity.Quarter => (c.Month / 100 * 10) + ((c.Month % 100) - 1) / 3 + 1,
                        _ => c.Month,
                    } : (int?)null,
                    Has(PictureColumn.Country) ? c.Country : null,
                    Has(PictureColumn.Region) ? c.RegionCode : null,
                    Has(PictureColumn.Market) ? c.Market : (Market?)null,
                    Has(PictureColumn.Echelon) ? c.Echelon : (Echelon?)null,
                    Has(PictureColumn.Kind) ? c.Kind : (ObservationKind?)null,
                    Has(PictureColumn.Source) ? c.SourceOrganisation : null))
                .ToDictionary(g => g.Key, g => measure switch
                {
                    PictureMeasure.QuantityKg => (g.Sum(c => c.QuantityKg), 0L),
                    PictureMeasure.Plants => (g.Sum(c => (double)c.Plants), 0L),
                    PictureMeasure.MeanLoad => (g.Sum(c => c.LoadSum), g.Sum(c => c.LoadCount)),
                    _ => (g.Sum(c => (double)c.Observations), 0L),
                });

            Assert.Equal(expected.Keys.OrderBy(k => k.ToString()), actual.Keys.OrderBy(k => k.ToString()));
            foreach (var (key, (sum, measurements)) in expected)
            {
                Assert.Equal(sum, actual[key].Sum, 1e-9 * Math.Max(1, Math.Abs(sum)));
                Assert.Equal(measurements, actual[key].Measurements);
            }
        }
    }

    [Fact]
    public void An_empty_cube_has_no_months_and_sums_to_no_groups()
    {
        var cube = PictureCube.Of(0, []);
        Assert.Null(cube.FirstMonth);
        var sums = cube.Sum(cube.NewFilter(System), PictureMeasure.MeanLoad, PictureGranularity.Quarter,
            [[PictureColumn.Period, PictureColumn.Country], [PictureColumn.Source]]);
        Assert.All(sums, Assert.Empty);
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
