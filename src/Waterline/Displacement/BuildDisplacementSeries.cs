using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Counts the observations a reader may read per area and period: the <see cref="SeriesTable"/> that
/// <see cref="ClassifySeries"/> takes. Countries and provinces are summed from the picture's pre-aggregates (picture_cells,
/// kept in step with every write); ports and transport modes are counted from the seizures themselves. Either way one
/// grouped query, filtered by the context's access policy like every other read.</summary>
public static class BuildDisplacementSeries
{
    /// <remarks>
    /// <para>Series: Counts per area and period: every period from the first to the last (zero where nothing was
    /// observed), every area asked for (or every area with observations).</para>
    /// <para>Labels: A readable name per area code (province names; the code itself otherwise).</para>
    /// </remarks>
    public sealed record Result(DisplacementSelection Selection, SeriesTable Series, IReadOnlyDictionary<string, string> Labels)
    {
        public bool IsEmpty => Series.Periods.Length == 0 || Series.Areas.Length == 0;
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        /// <summary>Counts what the context's reader may read.</summary>
        public Task<Result> HandleAsync(DisplacementSelection selection, CancellationToken ct) => HandleAsync(selection, null, ct);

        /// <summary>Counts only observations under <paramref name="markings"/> when given (a watch's owner, decided by
        /// Access.AccessPolicy.CanRead, while the context serves someone else), else what the context's reader may read.</summary>
        internal async Task<Result> HandleAsync(DisplacementSelection selection, IReadOnlyCollection<int>? markings, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(selection);
            var cells = selection.Dimension is AreaDimension.Country or AreaDimension.Province
                ? await FromPictureCellsAsync(selection, markings, ct)
                : await FromSeizuresAsync(selection, markings, ct);

            var monthly = selection.Granularity == PeriodGranularity.Month;
            var counts = new Dictionary<(string Area, SeriesPeriod Period), double>();
            foreach (var (area, year, month, count) in cells)
            {
                var key = (area, new SeriesPeriod(year, monthly ? month : null));
                counts[key] = counts.GetValueOrDefault(key) + count;
            }
            var areas = selection.Areas.Count > 0
                ? selection.Areas.ToArray()
                : counts.Keys.Select(k => k.Area).Distinct().Order(StringComparer.Ordinal).ToArray();
            var present = counts.Keys.Select(k => k.Period).ToArray();
            var first = selection.From ?? (present.Length > 0 ? present.Min() : (SeriesPeriod?)null);
            var last = selection.To ?? (present.Length > 0 ? present.Max() : (SeriesPeriod?)null);
            var periods = first is { } f && last is { } l ? Range(f, l) : [];
            var values = areas.Select(a => periods.Select(p => counts.GetValueOrDefault((a, p))).ToArray()).ToArray();
            return new Result(selection, new SeriesTable(areas, periods, values), await LabelsAsync(selection.Dimension, areas, ct));
        }

        private async Task<List<(string Area, int Year, int Month, long Count)>> FromPictureCellsAsync(DisplacementSelection s,
            IReadOnlyCollection<int>? markings, CancellationToken ct)
        {
            IQueryable<PictureCell> query = markings is null ? db.PictureCells : db.PictureCells.IgnoreQueryFilters().Where(c => markings.Contains(c.MarkingId));
            query = Filter(query, s.Markets, c => c.Market, s.Echelons, c => c.Echelon, s.Kinds, c => c.Kind);
            if (s.From is { } from)
            {
                var month = from.Year * 100 + (from.Month ?? 1);
                query = query.Where(c => c.Month >= month);
            }
            if (s.To is { } to)
            {
                var month = to.Year * 100 + (to.Month ?? 12);
                query = query.Where(c => c.Month <= month);
            }
            var province = s.Dimension == AreaDimension.Province;
            if (s.Areas.Count > 0)
            {
                var areas = s.Areas.ToArray();
                query = province ? query.Where(c => areas.Contains(c.RegionCode)) : query.Where(c => areas.Contains(c.Country));
            }
            else if (province)
            {
                query = query.Where(c => c.RegionCode != "");
            }
            var rows = province
                ? await query.GroupBy(c => new { Area = c.RegionCode, c.Month }).Select(g => new { g.Key.Area, g.Key.Month, Count = g.Sum(c => c.Observations) }).ToListAsync(ct)
                : await query.GroupBy(c => new { Area = c.Country, c.Month }).Select(g => new { g.Key.Area, g.Key.Month, Count = g.Sum(c => c.Observations) }).ToListAsync(ct);
            return [.. rows.Select(r => (r.Area, r.Month / 100, r.Month % 100, r.Count))];
        }

        private async Task<List<(string Area, int Year, int Month, long Count)>> FromSeizuresAsync(DisplacementSelection s,
            IReadOnlyCollection<int>? markings, CancellationToken ct)
        {
            IQueryable<Seizure> query = markings is null ? db.Seizures : db.Seizures.IgnoreQueryFilters().Where(o => markings.Contains(o.MarkingId));
            query = Filter(query, s.Markets, o => o.Market, s.Echelons, o => o.Echelon, [], o => o.Kind);
            if (s.From is { } from)
            {
                var start = new DateTime(from.Year, from.Month ?? 1, 1, 0, 0, 0, DateTimeKind.Utc);
                query = query.Where(o => o.OccurredAt >= start);
            }
            if (s.To is { } to)
            {
                var end = new DateTime(to.Year, to.Month ?? 12, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                query = query.Where(o => o.OccurredAt < end);
            }
            if (s.Dimension == AreaDimension.Port)
            {
                var ports = s.Areas.ToArray();
                query = ports.Length > 0 ? query.Where(o => ports.Contains(o.Port!)) : query.Where(o => o.Port != null);
                var rows = await query.GroupBy(o => new { Area = o.Port!, o.OccurredAt.Year, o.OccurredAt.Month })
                    .Select(g => new { g.Key.Area, g.Key.Year, g.Key.Month, Count = g.LongCount() }).ToListAsync(ct);
                return [.. rows.Select(r => (r.Area, r.Year, r.Month, r.Count))];
            }
            var modes = s.Areas.Select(a => Enum.Parse<TransportMode>(a)).ToArray();
            query = modes.Length > 0 ? query.Where(o => o.TransportMode != null && modes.Contains(o.TransportMode.Value)) : query.Where(o => o.TransportMode != null);
            var byMode = await query.GroupBy(o => new { Mode = o.TransportMode!.Value, o.OccurredAt.Year, o.OccurredAt.Month })
                .Select(g => new { g.Key.Mode, g.Key.Year, g.Key.Month, Count = g.LongCount() }).ToListAsync(ct);
            return [.. byMode.Select(r => (r.Mode.ToString(), r.Year, r.Month, r.Count))];
        }

        private static IQueryable<T> Filter<T>(IQueryable<T> query, IReadOnlyList<Market> markets, System.Linq.Expressions.Expression<Func<T, Market>> market,
            IReadOnlyList<Echelon> echelons, System.Linq.Expressions.Expression<Func<T, Echelon>> echelon,
            IReadOnlyList<ObservationKind> kinds, System.Linq.Expressions.Expression<Func<T, ObservationKind>> kind)
        {
            if (markets.Count > 0)
                query = query.Where(Contains(markets.ToArray(), market));
            if (echelons.Count > 0)
                query = query.Where(Contains(echelons.ToArray(), echelon));
            if (kinds.Count > 0)
                query = query.Where(Contains(kinds.ToArray(), kind));
            return query;
        }

        /// <summary>x => values.Contains(member(x)), built so EF translates it to IN (...).</summary>
        private static System.Linq.Expressions.Expression<Func<T, bool>> Contains<T, TValue>(TValue[] values,
            System.Linq.Expressions.Expression<Func<T, TValue>> member)
        {
            var contains = typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2)
                .MakeGenericMethod(typeof(TValue));
            var body = System.Linq.Expressions.Expression.Call(contains, System.Linq.Expressions.Expression.Constant(values), member.Body);
            return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, member.Parameters);
        }

        private async Task<IReadOnlyDictionary<string, string>> LabelsAsync(AreaDimension dimension, string[] areas, CancellationToken ct)
        {
            var labels = areas.ToDictionary(a => a, a => dimension switch
            {
                AreaDimension.Country => a == "BE" ? "Belgium" : a == "NL" ? "the Netherlands" : a,
                AreaDimension.Port => KnownPorts.GetValueOrDefault(a, a),
                AreaDimension.TransportMode => PictureVocabulary.Label(Enum.Parse<TransportMode>(a)).ToLowerInvariant(),
                _ => a,
            }, StringComparer.Ordinal);
            if (dimension == AreaDimension.Province && areas.Length > 0)
            {
                foreach (var p in await db.Places.AsNoTracking().Where(p => areas.Contains(p.Code)).Select(p => new { p.Code, p.NameNl, p.NameEn }).ToListAsync(ct))
                    labels[p.Code] = p.NameEn ?? p.NameNl;
            }
            return labels;
        }
    }

    /// <summary>The seaports and airports the demo world and the public figures name.</summary>
    private static readonly Dictionary<string, string> KnownPorts = new(StringComparer.Ordinal)
    {
        ["BEANR"] = "Antwerp", ["NLRTM"] = "Rotterdam", ["NLVLI"] = "Vlissingen", ["BEZEE"] = "Zeebrugge", ["BEGNE"] = "Ghent",
        ["NLAMS"] = "Amsterdam Schiphol", ["BEBRU"] = "Brussels Airport", ["BELGG"] = "Liège Airport",
    };

    /// <summary>Every period from <paramref name="first"/> to <paramref name="last"/>, both of one kind.</summary>
    internal static SeriesPeriod[] Range(SeriesPeriod first, SeriesPeriod last)
    {
        var periods = new List<SeriesPeriod>();
        for (var p = first; p.CompareTo(last) <= 0; p = Next(p))
            periods.Add(p);
        return [.. periods];
    }

    internal static SeriesPeriod Next(SeriesPeriod p) => p.Month is { } m
        ? (m == 12 ? new SeriesPeriod(p.Year + 1, 1) : new SeriesPeriod(p.Year, m + 1))
        : new SeriesPeriod(p.Year + 1, null);
}
