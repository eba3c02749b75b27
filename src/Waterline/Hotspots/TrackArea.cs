using System.Globalization;
using Waterline.Analytics.Displacement;
using Waterline.Analytics.Hotspots;
using Waterline.Storage;

namespace Waterline.Hotspots;

/// <summary>The shape of a tracked area.</summary>
public enum TrackedShape
{
    /// <summary>A Dutch municipality, by CBS code.</summary>
    Municipality,
    /// <summary>A circle around a point.</summary>
    Circle,
    /// <summary>A latitude-longitude rectangle (a grid cell picked from the map is one).</summary>
    Rectangle,
}

/// <summary>Did an area improve after an intervention ("clear, hold and build")? Monthly counts of readable events in the area
/// and in comparable areas (same shape and size, similar count before, not touching it), and the difference in differences
/// between them (InterruptedTimeSeries.DifferenceInDifferences: two-way fixed-effects Poisson, quasi-Poisson errors).</summary>
public static class TrackArea
{
    public const int MaxMonths = 60;
    public const int MaxComparisons = 20;

    /// <param name="Shape">Municipality, circle or rectangle.</param>
    /// <param name="Municipality">CBS code (GMxxxx) for a municipality.</param>
    /// <param name="Latitude">Centre of a circle.</param>
    /// <param name="Longitude">Centre of a circle.</param>
    /// <param name="RadiusMetres">Radius of a circle.</param>
    /// <param name="South">Southern edge of a rectangle.</param>
    /// <param name="West">Western edge of a rectangle.</param>
    /// <param name="North">Northern edge of a rectangle.</param>
    /// <param name="East">Eastern edge of a rectangle.</param>
    public sealed record Area(TrackedShape Shape, string? Municipality = null, double? Latitude = null, double? Longitude = null,
        double? RadiusMetres = null, double? South = null, double? West = null, double? North = null, double? East = null)
    {
        public static Area Circle(double latitude, double longitude, double radiusMetres) => new(TrackedShape.Circle, Latitude: latitude, Longitude: longitude, RadiusMetres: radiusMetres);
        public static Area Rectangle(double south, double west, double north, double east) => new(TrackedShape.Rectangle, South: south, West: west, North: north, East: east);
        public static Area OfMunicipality(string code) => new(TrackedShape.Municipality, Municipality: code);

        public string? Problem() => Shape switch
        {
            TrackedShape.Municipality when MunicipalityBoundaries.All.All(m => m.Code != Municipality) =>
                $"area.municipality: '{Municipality}' is not a Dutch municipality code of 2025 (GMxxxx); Belgian areas are drawn as circles or rectangles.",
            TrackedShape.Circle when Latitude is not (>= -90 and <= 90) || Longitude is not (>= -180 and <= 180) => "area.latitude: a circle needs a latitude and a longitude.",
            TrackedShape.Circle when RadiusMetres is not (>= 50 and <= 20_000) => "area.radiusMetres: must be from 50 to 20000 metres.",
            TrackedShape.Rectangle when South is null || West is null || North is null || East is null => "area.south: a rectangle needs south, west, north and east.",
            TrackedShape.Rectangle when !(North > South && East > West) => "area.north: north must be above south and east above west.",
            TrackedShape.Rectangle when North - South > 0.5 || East - West > 0.8 => "area.north: a rectangle may span at most 0.5 degrees of latitude and 0.8 of longitude.",
            _ => null,
        };
    }

    /// <param name="Filter">Which events (its period is replaced by the months around the intervention).</param>
    /// <param name="Area">The tracked area.</param>
    /// <param name="InterventionDate">The intervention; its month and the months after are "after".</param>
    /// <param name="MonthsBefore">Months before the intervention's month.</param>
    /// <param name="MonthsAfter">Months from the intervention's month on.</param>
    /// <param name="Comparisons">How many comparable areas to pool.</param>
    public sealed record Request(HotspotFilter Filter, Area Area, DateOnly InterventionDate, int MonthsBefore = 12, int MonthsAfter = 12, int Comparisons = 5)
    {
        public string? Problem() =>
            Filter.Problem()
            ?? Area.Problem()
            ?? (MonthsBefore is < 2 or > MaxMonths ? $"monthsBefore: must be from 2 to {MaxMonths} (was {MonthsBefore})."
            : MonthsAfter is < 2 or > MaxMonths ? $"monthsAfter: must be from 2 to {MaxMonths} (was {MonthsAfter})."
            : Comparisons is < 1 or > MaxComparisons ? $"comparisons: must be from 1 to {MaxComparisons} (was {Comparisons})."
            : InterventionDate.Year is < 2000 or > 2100 ? $"interventionDate: must be between 2000 and 2100 (was {InterventionDate:yyyy-MM-dd})."
            : null);
    }

    /// <param name="Id">Municipality code, or the lattice offset of a drawn shape (e.g. "+3,-2" in shape widths east and north).</param>
    /// <param name="Name">Municipality name, or where the shape lies.</param>
    /// <param name="Before">Events in the months before.</param>
    /// <param name="Counts">Events per month.</param>
    public sealed record Series(string Id, string Name, int Before, IReadOnlyList<int> Counts);

    /// <param name="Ratio">exp(d): the factor by which the area's monthly rate changed relative to the comparable areas'.</param>
    /// <param name="Lower">Lower end of the 95% interval of the ratio.</param>
    /// <param name="Upper">Upper end.</param>
    /// <param name="PValue">Two-sided p-value of d.</param>
    /// <param name="AreaBefore">Mean events per month in the area before.</param>
    /// <param name="AreaAfter">After.</param>
    /// <param name="ComparisonBefore">Mean events per month in the comparable areas together, before.</param>
    /// <param name="ComparisonAfter">After.</param>
    /// <param name="Dispersion">Quasi-Poisson dispersion (1: Poisson).</param>
    public sealed record Effect(double Ratio, double Lower, double Upper, double PValue, double AreaBefore, double AreaAfter,
        double ComparisonBefore, double ComparisonAfter, double Dispersion);

    /// <param name="Request">What was asked.</param>
    /// <param name="Months">Month labels (yyyy-MM), the intervention's month at index <see cref="InterventionIndex"/>.</param>
    /// <param name="InterventionIndex">Index of the first month after.</param>
    /// <param name="Tracked">The area itself.</param>
    /// <param name="Comparable">The comparable areas chosen.</param>
    /// <param name="ComparisonMean">Mean of the comparable areas per month (for the chart).</param>
    /// <param name="Effect">The difference in differences; null when it cannot be estimated (see <see cref="Summary"/>).</param>
    /// <param name="Summary">The result in plain words.</param>
    public sealed record Result(Request Request, IReadOnlyList<string> Months, int InterventionIndex, Series Tracked, IReadOnlyList<Series> Comparable,
        IReadOnlyList<double> ComparisonMean, Effect? Effect, string Summary);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            HotspotInputException.ThrowIf(request.Problem());
            var start = new DateOnly(request.InterventionDate.Year, request.InterventionDate.Month, 1).AddMonths(-request.MonthsBefore);
            var months = request.MonthsBefore + request.MonthsAfter;
            var end = start.AddMonths(months).AddDays(-1);
            var filter = request.Filter with { From = start, To = end };
            if (request.Area.Shape == TrackedShape.Municipality)
            {
                filter = filter with { Country = "NL" };
            }
            var events = await HotspotEvents.LoadAsync(db, filter, needCoordinates: request.Area.Shape != TrackedShape.Municipality, ct);
            int MonthOf(HotspotEvent e) => ((e.OccurredAt.Year - start.Year) * 12) + e.OccurredAt.Month - start.Month;

            var (tracked, candidates) = request.Area.Shape == TrackedShape.Municipality
                ? Municipalities(events, request.Area.Municipality!, months, MonthOf)
                : Lattice(events, request.Area, months, MonthOf);
            var before = (Series s) => s.Counts.Take(request.MonthsBefore).Sum();
            tracked = tracked with { Before = before(tracked) };
            // Similar level before: the closest counts in the months before; ties go to the shorter id (nearer lattice offsets), then the lower.
            var chosen = candidates.Select(c => c with { Before = before(c) })
                .OrderBy(c => Math.Abs(c.Before - tracked.Before)).ThenBy(c => c.Id.Length).ThenBy(c => c.Id, StringComparer.Ordinal)
                .Take(request.Comparisons).ToList();
            var labels = Enumerable.Range(0, months).Select(i => start.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
            var pooled = Enumerable.Range(0, months).Select(i => (double)chosen.Sum(c => c.Counts[i])).ToArray();
            var mean = chosen.Count == 0 ? new double[months] : pooled.Select(v => v / chosen.Count).ToArray();
            var (effect, summary) = Estimate(request, tracked, pooled, chosen.Count);
            return new Result(request, labels, request.MonthsBefore, tracked, chosen, mean, effect, summary);
        }
    }

    private static (Effect?, string) Estimate(Request request, Series tracked, double[] pooled, int comparisons)
    {
        var date = request.InterventionDate.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        if (comparisons == 0)
        {
            return (null, "No comparable area was found, so no effect can be estimated.");
        }
        var treated = tracked.Counts.Select(c => (double)c).ToArray();
        var times = Enumerable.Range(0, treated.Length).Select(i => (double)i).ToArray();
        if (treated.Take(request.MonthsBefore).All(v => v == 0) || pooled.Take(request.MonthsBefore).All(v => v == 0))
        {
            return (null, $"The area or the comparable areas had no event you may read in the {request.MonthsBefore} months before {date}, so a change cannot be measured.");
        }
        DifferenceInDifferences did;
        try
        {
            did = InterruptedTimeSeries.DifferenceInDifferences(treated, pooled, times, request.MonthsBefore);
        }
        catch (ArgumentException e)
        {
            return (null, $"The difference in differences could not be estimated: {e.Message}");
        }
        var effect = new Effect(did.Effect.Ratio, Math.Exp(did.Effect.Lower), Math.Exp(did.Effect.Upper), did.Effect.PValue,
            did.TreatedBefore, did.TreatedAfter, did.ComparisonBefore, did.ComparisonAfter, did.Dispersion);
        return (effect, Describe(effect, date, request.MonthsBefore, request.MonthsAfter, comparisons));
    }

    /// <summary>The effect in words: the relative change, its interval, and whether the interval excludes no change.</summary>
    internal static string Describe(Effect e, string date, int before, int after, int comparisons)
    {
        static string Percent(double ratio) => (ratio >= 1 ? "+" : "−") + Math.Abs((ratio - 1) * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        var f = CultureInfo.InvariantCulture;
        var change = string.Create(f, $"In the {after} months from {date}, the area had {e.AreaAfter:0.0} events a month against {e.AreaBefore:0.0} in the {before} months before; " +
            $"the {comparisons} comparable areas together went from {e.ComparisonBefore:0.0} to {e.ComparisonAfter:0.0}. ");
        var relative = string.Create(f, $"Relative to them, the area's rate changed by {Percent(e.Ratio)} (95% interval {Percent(e.Lower)} to {Percent(e.Upper)}, p = {e.PValue:0.000}). ");
        var verdict = e.Upper < 1 ? "The area improved more than comparable areas: the fall is unlikely to be chance."
            : e.Lower > 1 ? "The area got worse relative to comparable areas: the rise is unlikely to be chance."
            : "The interval includes no change: the data do not show that the area did better or worse than comparable areas.";
        return change + relative + verdict;
    }

    private static (Series, List<Series>) Municipalities(List<HotspotEvent> events, string code, int months, Func<HotspotEvent, int> monthOf)
    {
        var all = MunicipalityBoundaries.All;
        var index = all.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var counts = new int[all.Count, months];
        foreach (var e in events)
        {
            var i = e.MunicipalityCode is { } c && index.TryGetValue(c, out var k) ? k
                : double.IsNaN(e.Latitude) ? -1 : FindIndex(all, m => MunicipalityBoundaries.Contains(m, e.Longitude, e.Latitude));
            if (i >= 0)
            {
                counts[i, monthOf(e)]++;
            }
        }
        var target = index[code];
        var projection = new LocalProjection(52.1, 5.3);
        // Not adjacent: neither the area nor a municipality sharing a boundary point with it (queen contiguity).
        var weights = SpatialWeights.Contiguity([.. all.Select(m => MunicipalityBoundaries.Projected(m, projection))], ContiguityRule.Queen);
        var excluded = new HashSet<int>(weights.Neighbours(target).ToArray()) { target };
        Series SeriesOf(int i) => new(all[i].Code, all[i].Name, 0, [.. Enumerable.Range(0, months).Select(m => counts[i, m])]);
        return (SeriesOf(target), [.. Enumerable.Range(0, all.Count).Where(i => !excluded.Contains(i)).Select(SeriesOf)]);
    }

    private static int FindIndex<T>(IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Drawn shapes: the same shape moved by whole widths east-west and whole heights north-south (circles by their
    /// diameter) over the events' extent; the shape itself and the eight lattice positions around it touch or overlap it and
    /// are left out.</summary>
    private static (Series, List<Series>) Lattice(List<HotspotEvent> events, Area area, int months, Func<HotspotEvent, int> monthOf)
    {
        var circle = area.Shape == TrackedShape.Circle;
        var (lat, lon) = circle ? (area.Latitude!.Value, area.Longitude!.Value) : ((area.South!.Value + area.North!.Value) / 2, (area.West!.Value + area.East!.Value) / 2);
        // Centred on the tracked area, so its own shape is undistorted.
        var projection = new LocalProjection(lat, lon);
        var (width, height) = circle
            ? (2 * area.RadiusMetres!.Value, 2 * area.RadiusMetres.Value)
            : (projection.X(area.East!.Value) - projection.X(area.West!.Value), projection.Y(area.North!.Value) - projection.Y(area.South!.Value));
        var counts = new Dictionary<(int I, int J), int[]>();
        foreach (var e in events)
        {
            var (x, y) = (projection.X(e.Longitude), projection.Y(e.Latitude));
            var i = (int)Math.Floor((x / width) + 0.5);
            var j = (int)Math.Floor((y / height) + 0.5);
            if (circle && Math.Pow(x - (i * width), 2) + Math.Pow(y - (j * height), 2) > Math.Pow(area.RadiusMetres!.Value, 2))
            {
                continue;
            }
            if (!counts.TryGetValue((i, j), out var series))
            {
                counts[(i, j)] = series = new int[months];
            }
            series[monthOf(e)]++;
        }
        Series SeriesOf((int I, int J) k) => new(string.Create(CultureInfo.InvariantCulture, $"{k.I:+0;-0;0},{k.J:+0;-0;0}"),
            string.Create(CultureInfo.InvariantCulture, $"{(circle ? "circle" : "rectangle")} at {projection.Latitude(k.J * height):0.0000} N, {projection.Longitude(k.I * width):0.0000} E"),
            0, counts.TryGetValue(k, out var s) ? s : new int[months]);
        // Positions without any event are not comparable in level to an area that has some; when the area has none, they would
        // not help either, so only occupied positions are candidates.
        return (SeriesOf((0, 0)), [.. counts.Keys.Where(k => Math.Abs(k.I) > 1 || Math.Abs(k.J) > 1).OrderBy(k => k.I).ThenBy(k => k.J).Select(SeriesOf)]);
    }
}
