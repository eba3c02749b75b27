using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Geography;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>The market picture: one measure over time per country (BE and NL side by side), per province for the
/// maps, and as a grouped, sorted table. Reads only the pre-aggregates (picture_cells), through their in-memory columnar
/// copy (PictureCube), which is exactly as fresh as the committed cells.</summary>
public static class GetMarketPicture
{
    public static IReadOnlyList<PictureColumn> DefaultGrouping { get; } =
        [PictureColumn.Period, PictureColumn.Country, PictureColumn.Market];

    /// <summary>Empty filter lists mean "all". Months are year*100+month (202403), both ends inclusive.</summary>
    public sealed record Request
    {
        public IReadOnlyList<Market> Markets { get; init; } = [];
        public IReadOnlyList<Echelon> Echelons { get; init; } = [];
        public IReadOnlyList<ObservationKind> Kinds { get; init; } = [];
        public IReadOnlyList<string> Countries { get; init; } = [];
        /// <summary>Province codes: NIS for Belgium (04000 for Brussels-Capital), CBS PVxx for the Netherlands.</summary>
        public IReadOnlyList<string> Regions { get; init; } = [];
        public IReadOnlyList<string> SourceOrganisations { get; init; } = [];
        public int? FromMonth { get; init; }
        public int? ToMonth { get; init; }
        public PictureMeasure Measure { get; init; } = PictureMeasure.Observations;
        public PictureGranularity Granularity { get; init; } = PictureGranularity.Month;
        public IReadOnlyList<PictureColumn> GroupBy { get; init; } = DefaultGrouping;
        public PictureColumn SortBy { get; init; } = PictureColumn.Period;
        public bool Descending { get; init; }
    }

    public sealed record MeasureInfo(string Id, string Label, string Unit, string Definition);

    /// <summary>One line of the chart; Values line up with Result.Periods (null: no value, e.g. no measurement).</summary>
    public sealed record CountrySeries(string Country, IReadOnlyList<double?> Values);

    /// <summary>A province's value over the whole selection. MapId is the feature id in the map geometry
    /// (ISO 3166-2 for Belgium, CBS statcode for the Netherlands).</summary>
    public sealed record RegionValue(string Country, string RegionCode, string RegionName, string MapId, double? Value);

    public sealed record CountryTotal(string Country, double? Value);

    /// <summary>A table row; columns not in the grouping are null. Market, echelon and kind are tokens (import_transit).</summary>
    public sealed record TableRow(string? Period, string? Country, string? RegionCode, string? RegionName, string? Market,
        string? Echelon, string? Kind, string? SourceOrganisation, double? Value);

    public sealed record Result(
        MeasureInfo Measure,
        string Granularity,
        IReadOnlyList<string> Periods,
        IReadOnlyList<CountrySeries> Series,
        IReadOnlyList<RegionValue> Regions,
        IReadOnlyList<string> Columns,
        IReadOnlyList<TableRow> Rows,
        IReadOnlyList<CountryTotal> Totals,
        string SortBy,
        bool Descending)
    {
        public bool IsEmpty => Rows.Count == 0;

        /// <summary>The access markings of the cells behind these figures, for exports to carry (not sent to clients).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<int> MarkingIds { get; init; } = [];
    }

    /// <summary>Without a cache (one-off callers: the CLI export, tests) each call loads its own cube.</summary>
    public sealed class Handler(WaterlineDbContext db, PictureCubeCache? cubes = null)
    {
        private static readonly IReadOnlyList<PictureColumn> SeriesColumns = [PictureColumn.Period, PictureColumn.Country];
        private static readonly IReadOnlyList<PictureColumn> RegionColumns = [PictureColumn.Country, PictureColumn.Region];
        private static readonly IReadOnlyList<PictureColumn> CountryColumns = [PictureColumn.Country];

        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            Validate(request);
            var measure = Measures.Get(request.Measure);
            var granularity = request.Granularity;
            var cube = await (cubes ?? new PictureCubeCache()).GetAsync(db, ct);
            var filter = Filter(db, cube, request, measure);
            var sums = cube.Sum(filter, measure.Measure, granularity,
                [SeriesColumns, RegionColumns, CountryColumns, request.GroupBy]);
            var (bySeries, byRegion, byCountry, byTable) = (sums[0], sums[1], sums[2], sums[3]);

            var periodTexts = new Dictionary<int, string>();
            string Period(int period) => periodTexts.TryGetValue(period, out var text) ? text : periodTexts[period] = PeriodText(period, granularity);

            var countries = (request.Countries.Count > 0 ? request.Countries : ["BE", "NL"])
                .Concat(byCountry.Select(s => s.Country!)).Distinct().Order(StringComparer.Ordinal).ToArray();

            var periodKeys = PeriodRange(bySeries.Select(s => s.Period!.Value), granularity);
            var series = countries.Select(country =>
            {
                var values = bySeries.Where(s => s.Country == country).ToDictionary(s => s.Period!.Value, s => Value(s, measure));
                return new CountrySeries(country, periodKeys.Select(p => values.TryGetValue(p, out var v) ? v : Empty(measure)).ToArray());
            }).ToArray();

            var regions = byRegion.Where(s => s.RegionCode!.Length > 0)
                .Select(s => new RegionValue(s.Country!, s.RegionCode!, cube.RegionName(s.RegionCode!),
                    MapId(s.Country!, s.RegionCode!), Value(s, measure)))
                .OrderBy(r => r.Country, StringComparer.Ordinal).ThenBy(r => r.RegionCode, StringComparer.Ordinal).ToArray();

            var totals = countries.Select(country => new CountryTotal(country,
                byCountry.FirstOrDefault(s => s.Country == country) is { } s ? Value(s, measure) : Empty(measure))).ToArray();

            var rows = byTable.Select(s => new TableRow(
                s.Period is { } p ? Period(p) : null,
                s.Country,
                s.RegionCode,
                s.RegionCode is { } r ? cube.RegionName(r) : null,
                s.Market is { } m ? PictureVocabulary.Token(m) : null,
                s.Echelon is { } e ? PictureVocabulary.Token(e) : null,
                s.Kind is { } k ? PictureVocabulary.Token(k) : null,
                s.SourceOrganisation,
                Value(s, measure))).ToArray();
            var sorted = Sort(rows, request.GroupBy, request.SortBy, request.Descending);

            return new Result(
                new MeasureInfo(measure.Id, measure.Label, measure.Unit, measure.Definition),
                PictureVocabulary.Token(granularity),
                periodKeys.Select(Period).ToArray(),
                series,
                regions,
                request.GroupBy.Select(PictureVocabulary.Token).ToArray(),
                sorted,
                totals,
                PictureVocabulary.Token(request.SortBy),
                request.Descending)
            {
                MarkingIds = cube.MarkingsIn(filter),
            };
        }
    }

    private static void Validate(Request request)
    {
        if (request.GroupBy.Count == 0 || request.GroupBy.Contains(PictureColumn.Value) || request.GroupBy.Distinct().Count() != request.GroupBy.Count)
        {
            throw new ArgumentException("group: one or more distinct columns among period, country, region, market, echelon, kind, source.");
        }
        if (request.SortBy != PictureColumn.Value && !request.GroupBy.Contains(request.SortBy))
        {
            throw new ArgumentException($"sort: '{PictureVocabulary.Token(request.SortBy)}' is not a column of the table.");
        }
        if (request.FromMonth > request.ToMonth)
        {
            throw new ArgumentException("from: the period starts after it ends.");
        }
    }

    private static CubeFilter Filter(WaterlineDbContext db, PictureCube cube, Request r, MeasureDefinition measure)
    {
        var filter = cube.NewFilter(db);
        if (measure.OnlyKind is { } only)
        {
            CubeFilter.Keep(filter.Kinds, [only], PictureCube.KindCode);
        }
        CubeFilter.Keep(filter.Kinds, r.Kinds, PictureCube.KindCode);
        CubeFilter.Keep(filter.Markets, r.Markets, PictureCube.MarketCode);
        CubeFilter.Keep(filter.Echelons, r.Echelons, PictureCube.EchelonCode);
        CubeFilter.Keep(filter.Countries, r.Countries, cube.CountryCode);
        CubeFilter.Keep(filter.Regions, r.Regions, cube.RegionCode);
        CubeFilter.Keep(filter.Sources, r.SourceOrganisations, cube.SourceCode);
        filter.FromMonth = r.FromMonth ?? int.MinValue;
        filter.ToMonth = r.ToMonth ?? int.MaxValue;
        return filter;
    }

    private static double? Value(CubeGroup s, MeasureDefinition measure) => measure.Measure switch
    {
        PictureMeasure.MeanLoad => s.Measurements > 0 ? s.Sum / s.Measurements : null,
        _ => s.Sum,
    };

    /// <summary>A period without data: nothing seized is 0, but a mean over no measurement does not exist.</summary>
    private static double? Empty(MeasureDefinition measure) => measure.Measure == PictureMeasure.MeanLoad ? null : 0;

    private static string MapId(string country, string regionCode) =>
        country == "BE" ? Gazetteer.BelgianIsoByNis.GetValueOrDefault(regionCode, regionCode) : regionCode;

    /// <summary>Every period from the first to the last with data, so that gaps show as gaps on the chart.</summary>
    private static int[] PeriodRange(IEnumerable<int> present, PictureGranularity granularity)
    {
        var keys = present.ToArray();
        if (keys.Length == 0)
        {
            return [];
        }
        var (first, last) = (keys.Min(), keys.Max());
        var range = new List<int>();
        for (var p = first; p <= last; p = NextPeriod(p, granularity))
        {
            range.Add(p);
        }
        return [.. range];
    }

    private static int NextPeriod(int period, PictureGranularity granularity) => granularity switch
    {
        PictureGranularity.Year => period + 1,
        PictureGranularity.Quarter => period % 10 == 4 ? ((period / 10) + 1) * 10 + 1 : period + 1,
        _ => period % 100 == 12 ? ((period / 100) + 1) * 100 + 1 : period + 1,
    };

    private static string PeriodText(int period, PictureGranularity granularity) => granularity switch
    {
        PictureGranularity.Year => period.ToString(CultureInfo.InvariantCulture),
        PictureGranularity.Quarter => string.Create(CultureInfo.InvariantCulture, $"{period / 10}-Q{period % 10}"),
        _ => PictureVocabulary.MonthText(period),
    };

    /// <summary>Sorts on the chosen column, then on the grouping columns in order, so equal values keep a
    /// stable order and the CSV export lists rows exactly as the table does. Texts compare ordinally through their
    /// rank among a column's distinct texts, and the grouping columns' ranks form one number, so large tables sort
    /// on numbers, not on strings.</summary>
    private static TableRow[] Sort(TableRow[] rows, IReadOnlyList<PictureColumn> groupBy, PictureColumn sortBy, bool descending)
    {
        var keys = new SortKey[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            keys[i].Index = i;
        }
        foreach (var column in groupBy)
        {
            var (ranks, count) = Ranks(rows, column);
            for (var i = 0; i < rows.Length; i++)
            {
                // Mixed radix over at most seven columns of a few hundred values each: far from overflowing.
                keys[i].Then = checked((keys[i].Then * (count + 1)) + ranks[i]);
            }
        }
        var primary = sortBy == PictureColumn.Value ? null : Ranks(rows, sortBy).Ranks;
        for (var i = 0; i < rows.Length; i++)
        {
            var first = primary is null ? rows[i].Value ?? double.MinValue : primary[i];
            keys[i].First = descending ? -first : first;
        }
        Array.Sort(keys);
        return [.. keys.Select(k => rows[k.Index])];
    }

    private struct SortKey : IComparable<SortKey>
    {
        public double First;
        public long Then;
        public int Index;

        public readonly int CompareTo(SortKey other) =>
            First.CompareTo(other.First) is var c and not 0 ? c
            : Then.CompareTo(other.Then) is var t and not 0 ? t
            : Index.CompareTo(other.Index);
    }

    /// <summary>Each row's rank (1-based; 0 for null) of its text in the column among the column's distinct texts in
    /// ordinal order, and the number of distinct texts.</summary>
    private static (int[] Ranks, int Count) Ranks(TableRow[] rows, PictureColumn column)
    {
        var texts = rows.Select(r => Cell(r, column)).ToArray();
        var rankOf = texts.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((text, rank) => (text, rank)).ToDictionary(x => x.text, x => x.rank + 1, StringComparer.Ordinal);
        return ([.. texts.Select(t => t is null ? 0 : rankOf[t])], rankOf.Count);
    }

    /// <summary>The text of a grouping column in a row; periods are ISO-like (2024-03, 2024-Q1), so they sort as text.</summary>
    public static string? Cell(TableRow row, PictureColumn column) => column switch
    {
        PictureColumn.Period => row.Period,
        PictureColumn.Country => row.Country,
        PictureColumn.Region => row.RegionName,
        PictureColumn.Market => row.Market,
        PictureColumn.Echelon => row.Echelon,
        PictureColumn.Kind => row.Kind,
        PictureColumn.Source => row.SourceOrganisation,
        _ => row.Value?.ToString(CultureInfo.InvariantCulture),
    };
}
