using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Waterline.Geography;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>The market picture: one measure over time per country (BE and NL side by side), per province for the
/// maps, and as a grouped, sorted table. Reads only the pre-aggregates (picture_cells), grouped in SQL.</summary>
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
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            Validate(request);
            var measure = Measures.Get(request.Measure);
            var cells = Filter(db.PictureCells.AsNoTracking(), request, measure);
            var granularity = request.Granularity;

            var bySeries = await GroupAsync(cells, [PictureColumn.Period, PictureColumn.Country], granularity, ct);
            var byRegion = await GroupAsync(cells, [PictureColumn.Country, PictureColumn.Region], granularity, ct);
            var byCountry = await GroupAsync(cells, [PictureColumn.Country], granularity, ct);
            var byTable = await GroupAsync(cells, request.GroupBy, granularity, ct);

            var regionCodes = byRegion.Select(s => s.Key.RegionCode).Concat(byTable.Select(s => s.Key.RegionCode))
                .Where(c => !string.IsNullOrEmpty(c)).Distinct().ToArray();
            var names = await db.Places.AsNoTracking().Where(p => regionCodes.Contains(p.Code))
                .Select(p => new { p.Code, Name = p.NameEn ?? p.NameNl }).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
            string RegionName(string code) => code.Length == 0 ? "(no province)" : names.GetValueOrDefault(code, code);

            var countries = (request.Countries.Count > 0 ? request.Countries : ["BE", "NL"])
                .Concat(byCountry.Select(s => s.Key.Country!)).Distinct().Order(StringComparer.Ordinal).ToArray();

            var periodKeys = PeriodRange(bySeries.Select(s => s.Key.Period!.Value), granularity);
            var series = countries.Select(country =>
            {
                var values = bySeries.Where(s => s.Key.Country == country).ToDictionary(s => s.Key.Period!.Value, s => Value(s, measure));
                return new CountrySeries(country, periodKeys.Select(p => values.TryGetValue(p, out var v) ? v : Empty(measure)).ToArray());
            }).ToArray();

            var regions = byRegion.Where(s => s.Key.RegionCode!.Length > 0)
                .Select(s => new RegionValue(s.Key.Country!, s.Key.RegionCode!, RegionName(s.Key.RegionCode!),
                    MapId(s.Key.Country!, s.Key.RegionCode!), Value(s, measure)))
                .OrderBy(r => r.Country, StringComparer.Ordinal).ThenBy(r => r.RegionCode, StringComparer.Ordinal).ToArray();

            var totals = countries.Select(country => new CountryTotal(country,
                byCountry.FirstOrDefault(s => s.Key.Country == country) is { } s ? Value(s, measure) : Empty(measure))).ToArray();

            var rows = byTable.Select(s => new TableRow(
                s.Key.Period is { } p ? PeriodText(p, granularity) : null,
                s.Key.Country,
                s.Key.RegionCode,
                s.Key.RegionCode is { } r ? RegionName(r) : null,
                s.Key.Market is { } m ? PictureVocabulary.Token(m) : null,
                s.Key.Echelon is { } e ? PictureVocabulary.Token(e) : null,
                s.Key.Kind is { } k ? PictureVocabulary.Token(k) : null,
                s.Key.Source,
                Value(s, measure)));
            var sorted = Sort(rows, request.GroupBy, request.SortBy, request.Descending);

            return new Result(
                new MeasureInfo(measure.Id, measure.Label, measure.Unit, measure.Definition),
                PictureVocabulary.Token(granularity),
                periodKeys.Select(p => PeriodText(p, granularity)).ToArray(),
                series,
                regions,
                request.GroupBy.Select(PictureVocabulary.Token).ToArray(),
                sorted,
                totals,
                PictureVocabulary.Token(request.SortBy),
                request.Descending);
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

    private static IQueryable<PictureCell> Filter(IQueryable<PictureCell> cells, Request r, MeasureDefinition measure)
    {
        if (measure.OnlyKind is { } only)
        {
            cells = cells.Where(c => c.Kind == only);
        }
        if (r.Markets.Count > 0)
        {
            var markets = r.Markets.ToArray();
            cells = cells.Where(c => markets.Contains(c.Market));
        }
        if (r.Echelons.Count > 0)
        {
            var echelons = r.Echelons.ToArray();
            cells = cells.Where(c => echelons.Contains(c.Echelon));
        }
        if (r.Kinds.Count > 0)
        {
            var kinds = r.Kinds.ToArray();
            cells = cells.Where(c => kinds.Contains(c.Kind));
        }
        if (r.Countries.Count > 0)
        {
            var countries = r.Countries.ToArray();
            cells = cells.Where(c => countries.Contains(c.Country));
        }
        if (r.Regions.Count > 0)
        {
            var regions = r.Regions.ToArray();
            cells = cells.Where(c => regions.Contains(c.RegionCode));
        }
        if (r.SourceOrganisations.Count > 0)
        {
            var sources = r.SourceOrganisations.ToArray();
            cells = cells.Where(c => sources.Contains(c.SourceOrganisation));
        }
        if (r.FromMonth is { } from)
        {
            cells = cells.Where(c => c.Month >= from);
        }
        if (r.ToMonth is { } to)
        {
            cells = cells.Where(c => c.Month <= to);
        }
        return cells;
    }

    /// <summary>The grouping key; members outside the grouping stay null. Built as an expression so that the
    /// database does the GROUP BY over exactly the chosen columns, on SQLite and PostgreSQL alike.</summary>
    internal sealed class CellKey
    {
        public int? Period { get; set; }
        public string? Country { get; set; }
        public string? RegionCode { get; set; }
        public Market? Market { get; set; }
        public Echelon? Echelon { get; set; }
        public ObservationKind? Kind { get; set; }
        public string? Source { get; set; }
    }

    internal sealed class CellSums
    {
        public CellKey Key { get; set; } = null!;
        public long Observations { get; set; }
        public double QuantityKg { get; set; }
        public long Plants { get; set; }
        public double LoadSum { get; set; }
        public long LoadCount { get; set; }
    }

    private static Expression<Func<PictureCell, int>> PeriodOf(PictureGranularity granularity) => granularity switch
    {
        PictureGranularity.Quarter => c => (c.Month / 100 * 10) + (((c.Month % 100) + 2) / 3),
        PictureGranularity.Year => c => c.Month / 100,
        _ => c => c.Month,
    };

    private static async Task<List<CellSums>> GroupAsync(IQueryable<PictureCell> cells, IReadOnlyList<PictureColumn> columns,
        PictureGranularity granularity, CancellationToken ct)
    {
        var cell = Expression.Parameter(typeof(PictureCell), "c");
        var period = PeriodOf(granularity);
        var bindings = new List<MemberBinding>();
        foreach (var column in columns)
        {
            var (member, value) = column switch
            {
                PictureColumn.Period => (nameof(CellKey.Period),
                    ReplacingExpressionVisitor.Replace(period.Parameters[0], cell, period.Body)),
                PictureColumn.Country => (nameof(CellKey.Country), Expression.Property(cell, nameof(PictureCell.Country))),
                PictureColumn.Region => (nameof(CellKey.RegionCode), Expression.Property(cell, nameof(PictureCell.RegionCode))),
                PictureColumn.Market => (nameof(CellKey.Market), Expression.Property(cell, nameof(PictureCell.Market))),
                PictureColumn.Echelon => (nameof(CellKey.Echelon), Expression.Property(cell, nameof(PictureCell.Echelon))),
                PictureColumn.Kind => (nameof(CellKey.Kind), Expression.Property(cell, nameof(PictureCell.Kind))),
                PictureColumn.Source => (nameof(CellKey.Source), Expression.Property(cell, nameof(PictureCell.SourceOrganisation))),
                _ => throw new ArgumentOutOfRangeException(nameof(columns), column, "not a grouping column"),
            };
            var property = typeof(CellKey).GetProperty(member)!;
            bindings.Add(Expression.Bind(property, value.Type == property.PropertyType ? value : Expression.Convert(value, property.PropertyType)));
        }
        var key = Expression.Lambda<Func<PictureCell, CellKey>>(Expression.MemberInit(Expression.New(typeof(CellKey)), bindings), cell);

        return await cells.GroupBy(key).Select(g => new CellSums
        {
            Key = g.Key,
            Observations = g.Sum(c => c.Observations),
            QuantityKg = g.Sum(c => c.QuantityKg),
            Plants = g.Sum(c => c.Plants),
            LoadSum = g.Sum(c => c.LoadSum),
            LoadCount = g.Sum(c => c.LoadCount),
        }).ToListAsync(ct);
    }

    private static double? Value(CellSums s, MeasureDefinition measure) => measure.Measure switch
    {
        PictureMeasure.QuantityKg => s.QuantityKg,
        PictureMeasure.Plants => s.Plants,
        PictureMeasure.MeanLoad => s.LoadCount > 0 ? s.LoadSum / s.LoadCount : null,
        _ => s.Observations,
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
    /// stable order and the CSV export lists rows exactly as the table does.</summary>
    private static TableRow[] Sort(IEnumerable<TableRow> rows, IReadOnlyList<PictureColumn> groupBy, PictureColumn sortBy, bool descending)
    {
        IOrderedEnumerable<TableRow> ordered = sortBy == PictureColumn.Value
            ? (descending ? rows.OrderByDescending(r => r.Value ?? double.MinValue) : rows.OrderBy(r => r.Value ?? double.MinValue))
            : (descending ? rows.OrderByDescending(r => Cell(r, sortBy), StringComparer.Ordinal) : rows.OrderBy(r => Cell(r, sortBy), StringComparer.Ordinal));
        foreach (var column in groupBy)
        {
            ordered = ordered.ThenBy(r => Cell(r, column), StringComparer.Ordinal);
        }
        return [.. ordered];
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
