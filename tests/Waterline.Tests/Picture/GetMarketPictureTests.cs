using System.Globalization;
using CsvHelper;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Tests.Picture;

// Expected values are hand-computed from the 15 observations listed in PictureDataset.
public sealed class GetMarketPictureTests
{
    private static async Task<GetMarketPicture.Result> PictureAsync(TestDatabase test, GetMarketPicture.Request request)
    {
        await using var db = test.NewContext();
        return await new GetMarketPicture.Handler(db).HandleAsync(request, CancellationToken.None);
    }

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await PictureDataset.WriteAsync(db);
        return test;
    }

    private static double? Total(GetMarketPicture.Result r, string country) => r.Totals.Single(t => t.Country == country).Value;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Observations_per_month_form_one_series_per_country_over_every_month_with_data(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request());

        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], r.Periods);
        Assert.Equal(["BE", "NL"], r.Series.Select(s => s.Country));
        Assert.Equal([2, 3, 3, 1, 0, 0], r.Series[0].Values);
        Assert.Equal([1, 1, 2, 0, 1, 1], r.Series[1].Values);
        Assert.Equal(9, Total(r, "BE"));
        Assert.Equal(6, Total(r, "NL"));
        Assert.Equal("observations", r.Measure.Unit);
        Assert.StartsWith("Observations: number of reports", r.Measure.Definition, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Quantity_sums_kilograms_of_seizures_with_a_mass_unit_only(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request { Measure = PictureMeasure.QuantityKg });

        // Only seizure cells count; the 20-unit seizure adds 0 kg; 500 g is 0.5 kg.
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04"], r.Periods);
        Assert.Equal([150, 30, 0, 0.5], r.Series[0].Values);
        Assert.Equal([200, 0, 40, 0], r.Series[1].Values);
        Assert.Equal(180.5, Total(r, "BE")!.Value, 9);
        Assert.Equal(240, Total(r, "NL")!.Value, 9);
        Assert.Equal("kg", r.Measure.Unit);
        Assert.Equal("quantity_kg", r.Measure.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Plants_sum_the_plants_of_dismantled_plantations_per_province(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request { Measure = PictureMeasure.Plants });

        Assert.Equal(1000, Total(r, "BE"));
        Assert.Equal(450, Total(r, "NL"));
        Assert.Equal(
            [new GetMarketPicture.RegionValue("BE", "70000", "Limburg", "BE-VLI", 1000), new GetMarketPicture.RegionValue("NL", "PV30", "North Brabant", "PV30", 450)],
            r.Regions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Mean_load_divides_the_summed_loads_by_the_number_of_measurements_and_leaves_months_without_one_empty(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request { Measure = PictureMeasure.MeanLoad });

        // BE: (400 + 600) / 2 = 500 in March; NL: 900 in March, 300 in June, (900 + 300) / 2 = 600 overall.
        Assert.Equal(["2024-03", "2024-04", "2024-05", "2024-06"], r.Periods);
        Assert.Equal([500, null, null, null], r.Series[0].Values);
        Assert.Equal([900, null, null, 300], r.Series[1].Values);
        Assert.Equal(500, Total(r, "BE"));
        Assert.Equal(600, Total(r, "NL"));
        Assert.Equal("mg/1000 inhabitants/day", r.Measure.Unit);
        Assert.Equal([("10000", 500.0), ("PV27", 600.0)], r.Regions.Select(x => (x.RegionCode, x.Value!.Value)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Quarters_and_years_add_up_the_months_they_hold(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var quarters = await PictureAsync(test, new GetMarketPicture.Request { Measure = PictureMeasure.QuantityKg, Granularity = PictureGranularity.Quarter });
        Assert.Equal(["2024-Q1", "2024-Q2"], quarters.Periods);
        Assert.Equal([180, 0.5], quarters.Series[0].Values);
        Assert.Equal([240, 0], quarters.Series[1].Values);

        var years = await PictureAsync(test, new GetMarketPicture.Request { Granularity = PictureGranularity.Year });
        Assert.Equal(["2024"], years.Periods);
        Assert.Equal([9], years.Series[0].Values);
        Assert.Equal([6], years.Series[1].Values);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_filter_narrows_the_picture_to_what_it_names(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        async Task<double> CountAsync(GetMarketPicture.Request request) =>
            (await PictureAsync(test, request)).Totals.Sum(t => t.Value ?? 0);

        Assert.Equal(15, await CountAsync(new()));
        Assert.Equal(3, await CountAsync(new() { Markets = [Market.Cannabis] }));
        Assert.Equal(6, await CountAsync(new() { Echelons = [Echelon.Retail] }));
        Assert.Equal(7, await CountAsync(new() { Kinds = [ObservationKind.Seizure] }));
        Assert.Equal(2, await CountAsync(new() { Kinds = [ObservationKind.Seizure], Countries = ["NL"] }));
        Assert.Equal(7, await CountAsync(new() { Regions = ["10000"] }));
        Assert.Equal(4, await CountAsync(new() { SourceOrganisations = ["BE-CUSTOMS"] }));
        Assert.Equal(6, await CountAsync(new() { FromMonth = 202403, ToMonth = 202404 }));
        Assert.Equal(0, await CountAsync(new() { Markets = [Market.HeroinOpioids] }));

        var nlOnly = await PictureAsync(test, new() { Countries = ["NL"] });
        Assert.Equal(["NL"], nlOnly.Series.Select(s => s.Country));
        var nothing = await PictureAsync(test, new() { Markets = [Market.HeroinOpioids] });
        Assert.True(nothing.IsEmpty);
        Assert.Empty(nothing.Periods);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Per_province_values_carry_the_name_and_the_map_feature_id(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request());

        Assert.Equal(
            [("04000", "BE-BRU", 1.0), ("10000", "BE-VAN", 7.0), ("70000", "BE-VLI", 1.0), ("PV27", "PV27", 2.0), ("PV28", "PV28", 2.0), ("PV30", "PV30", 2.0)],
            r.Regions.Select(x => (x.RegionCode, x.MapId, x.Value!.Value)));
        Assert.Equal("Antwerp", r.Regions.Single(x => x.RegionCode == "10000").RegionName);
        Assert.Equal("South Holland", r.Regions.Single(x => x.RegionCode == "PV28").RegionName);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_table_groups_by_the_chosen_columns_and_sorts_by_value_then_by_the_columns(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var r = await PictureAsync(test, new GetMarketPicture.Request
        {
            GroupBy = [PictureColumn.Country, PictureColumn.Kind], SortBy = PictureColumn.Value, Descending = true,
        });

        Assert.Equal(["country", "kind"], r.Columns);
        Assert.Equal(
            [("BE", "seizure", 5.0), ("BE", "wastewater_measurement", 2.0), ("NL", "production_site", 2.0), ("NL", "seizure", 2.0),
             ("NL", "wastewater_measurement", 2.0), ("BE", "production_site", 1.0), ("BE", "violence_incident", 1.0)],
            r.Rows.Select(x => (x.Country!, x.Kind!, x.Value!.Value)));
        Assert.All(r.Rows, x => Assert.Null(x.Period));

        var byPeriodDescending = await PictureAsync(test, new GetMarketPicture.Request
        {
            GroupBy = [PictureColumn.Period, PictureColumn.Country], SortBy = PictureColumn.Period, Descending = true,
        });
        Assert.Equal(
            ["2024-06 NL 1", "2024-05 NL 1", "2024-04 BE 1", "2024-03 BE 3", "2024-03 NL 2", "2024-02 BE 3", "2024-02 NL 1", "2024-01 BE 2", "2024-01 NL 1"],
            byPeriodDescending.Rows.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Period} {x.Country} {x.Value}")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sort_on_a_column_outside_the_grouping_is_refused(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PictureAsync(test,
            new GetMarketPicture.Request { GroupBy = [PictureColumn.Country], SortBy = PictureColumn.Market }));
        Assert.StartsWith("sort:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_export_holds_exactly_the_rows_of_the_table_in_the_same_order(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var request = new GetMarketPicture.Request
        {
            Measure = PictureMeasure.QuantityKg, GroupBy = [PictureColumn.Period, PictureColumn.Region, PictureColumn.Source],
            SortBy = PictureColumn.Value, Descending = true,
        };
        var table = await PictureAsync(test, request);

        await using var db = test.NewContext();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var exported = await new ExportMarketPicture.Handler(db).HandleAsync(new ExportMarketPicture.Request(request), text, CancellationToken.None);

        var markings = text.ToString().Split('\n')[0];
        Assert.StartsWith("# Waterline export: TLP:CLEAR; handling H0; sources ", markings, StringComparison.Ordinal);
        Assert.Equal(markings[2..], exported.Markings);
        using var csv = new CsvReader(new StringReader(text.ToString()[(markings.Length + 1)..]), CultureInfo.InvariantCulture);
        var records = new List<string[]>();
        while (await csv.ReadAsync())
        {
            records.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());
        }
        Assert.Equal(["period", "region_code", "region_name", "source_organisation", "quantity_kg"], records[0]);
        var expected = table.Rows.Select(x => new[] { x.Period!, x.RegionCode!, x.RegionName!, x.SourceOrganisation!, ExportMarketPicture.ValueText(x.Value) });
        Assert.Equal(expected, records.Skip(1));
        Assert.Equal(table.Rows.Count, exported.Rows);
        // Hand-computed first rows: NL 200 kg in January, BE 100 + 50 kg in January.
        Assert.Equal(["2024-01", "PV28", "South Holland", "NL-DOUANE", "200"], records[1]);
        Assert.Equal(["2024-01", "10000", "Antwerp", "BE-CUSTOMS", "150"], records[2]);
    }
}
