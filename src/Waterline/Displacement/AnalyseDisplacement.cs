using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Analytics.Displacement;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>The Displacement page's analysis: the series the reader may read (BuildDisplacementSeries), each with exact
/// Poisson intervals per point, their shares with Wilson intervals, the total, and the classification (ClassifySeries)
/// of every rolling window of <see cref="DisplacementSelection.Window"/> periods, stepping one period, and of the whole
/// span, in plain words with the statistics behind it; the interventions on the timeline.</summary>
public static class AnalyseDisplacement
{
    public const string IntervalMethod = "Counts: exact Poisson 95 % interval per point (Garwood 1936). Shares: Wilson 95 % score interval " +
        "of the area's count out of the period's total (Wilson 1927). Trends: Wald 95 % intervals of the fitted slopes.";

    /// <remarks>
    /// <para>Effort: Optional effort per area and period (raids, controls, scanner hours): counts become rates.</para>
    /// <para>InterventionId: Optional intervention whose date the segmented regression and the difference in
    /// differences split each window at.</para>
    /// </remarks>
    public sealed record Request(DisplacementSelection Selection, SeriesTable? Effort = null, long? InterventionId = null, double Alpha = 0.05);

    public sealed record Point(double Value, double Lower, double Upper);

    /// <remarks>
    /// <para>Shares: The area's share of the period's total; null where the total is zero.</para>
    /// </remarks>
    public sealed record AreaSeries(string Area, string Label, IReadOnlyList<Point> Counts, IReadOnlyList<Point?> Shares);

    /// <summary>One number behind a classification.</summary>
    /// <remarks>
    /// <para>Kind: total_trend, trend, share_trend, share_first, share_last, mann_kendall, sen_slope, level_change,
    /// slope_change, difference_in_differences.</para>
    /// <para>Area: The area it is about; null for the total.</para>
    /// <para>Estimate: Slopes on the log scale per year (share trends on the log-odds scale); Mann-Kendall: τ; Sen: counts per year.</para>
    /// <para>Model: poisson, nb2, quasi-binomial, quasi-poisson, rank.</para>
    /// </remarks>
    public sealed record Statistic(string Kind, string? Area, string Label, double? Estimate, double? Lower, double? Upper, double? PValue,
        string? Model, string Unit);

    /// <remarks>
    /// <para>Whole: True for the window over the whole span.</para>
    /// <para>From: For a shift, the areas losing share; for a contraction, those falling.</para>
    /// <para>To: For a shift, the areas gaining share; for an expansion, those rising.</para>
    /// </remarks>
    public sealed record Window(string Start, string End, int Periods, bool Whole, DisplacementClass Classification, string[] From, string[] To,
        string Summary, string Reason, IReadOnlyList<Statistic> Evidence, IReadOnlyList<string> Notes);

    public sealed record TimelineIntervention(long Id, string Date, string Period, string Title, string? Description, string? Dimension,
        string? Area, string? Market, string Tlp);

    public sealed record Result(string Query, string Description, string Granularity, int WindowLength, bool EffortAdjusted,
        IReadOnlyList<string> Periods, IReadOnlyList<AreaSeries> Series, IReadOnlyList<Point> Total, IReadOnlyList<Window> Windows,
        IReadOnlyList<TimelineIntervention> Interventions, string Intervals)
    {
        public bool IsEmpty => Periods.Count == 0 || Series.Count == 0;
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        /// <exception cref="ArgumentException">ParamName "intervention" (not one the reader may read) or "effort" (missing an
        /// area or period of the series).</exception>
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(request);
            var built = await new BuildDisplacementSeries.Handler(db).HandleAsync(request.Selection, ct);
            var timeline = await InterventionsOnAsync(db, built, ct);
            double? interventionTime = null;
            if (request.InterventionId is { } id)
            {
                var chosen = await db.Set<Intervention>().AsNoTracking().Where(i => i.Id == id).Select(i => (DateOnly?)i.Date).FirstOrDefaultAsync(ct)
                    ?? throw new ArgumentException($"no intervention {id} you may read", "intervention");
                SeriesPeriod.TryParseDate(chosen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var time);
                interventionTime = time;
            }
            return Analyse(built, request.Effort, interventionTime, timeline, request.Alpha);
        }
    }

    /// <summary>The readable interventions that concern the selection (every area, or one of its areas; every market, or one
    /// of its markets) and fall within its periods.</summary>
    internal static async Task<TimelineIntervention[]> InterventionsOnAsync(WaterlineDbContext db, BuildDisplacementSeries.Result built, CancellationToken ct)
    {
        var periods = built.Series.Periods;
        if (periods.Length == 0)
            return [];
        var start = new DateOnly(periods[0].Year, periods[0].Month ?? 1, 1);
        var end = new DateOnly(periods[^1].Year, periods[^1].Month ?? 12, 1).AddMonths(1);
        var selection = built.Selection;
        var markets = selection.Markets.ToArray();
        var areas = built.Series.Areas;
        var dimension = selection.Dimension;
        var rows = await db.Set<Intervention>().AsNoTracking()
            .Where(i => i.Date >= start && i.Date < end)
            .Where(i => i.Market == null || markets.Length == 0 || markets.Contains(i.Market.Value))
            .Where(i => i.Area == null || (i.Dimension == dimension && areas.Contains(i.Area)))
            .OrderBy(i => i.Date).ThenBy(i => i.Id)
            .ToListAsync(ct);
        return [.. rows.Select(i => new TimelineIntervention(i.Id, i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new SeriesPeriod(i.Date.Year, built.Series.Monthly ? i.Date.Month : null).ToString(), i.Title, i.Description,
            i.Dimension is { } d ? PictureVocabulary.Token(d) : null, i.Area, i.Market?.ToString(), i.Tlp.ToString()))];
    }

    /// <summary>Pure: the analysis of built series.</summary>
    internal static Result Analyse(BuildDisplacementSeries.Result built, SeriesTable? effort, double? interventionTime,
        IReadOnlyList<TimelineIntervention> interventions, double alpha)
    {
        var selection = built.Selection;
        var series = built.Series;
        var n = series.Periods.Length;
        var totals = Enumerable.Range(0, n).Select(p => series.Values.Sum(v => v[p])).ToArray();
        var areaSeries = series.Areas.Select((area, a) => new AreaSeries(area, built.Labels.GetValueOrDefault(area, area),
            [.. series.Values[a].Select(v => ToPoint(CountInterval.ExactPoisson(v)))],
            [.. series.Values[a].Select((v, p) => CountInterval.Wilson(v, totals[p]) is { } w ? ToPoint(w) : null)])).ToArray();
        var windows = new List<Window>();
        if (n > 0 && series.Areas.Length > 0)
        {
            var spans = new List<(int First, int Last, bool Whole)>();
            for (var first = 0; first + selection.Window <= n; first++)
                spans.Add((first, first + selection.Window - 1, false));
            if (spans.Count != 1 || spans[0].First != 0 || spans[0].Last != n - 1)
                spans.Add((0, n - 1, true));
            ClassifySeries.Result classified;
            try
            {
                classified = ClassifySeries.Handle(new ClassifySeries.Request(series, effort,
                    [.. spans.Select(s => (series.Periods[s.First], series.Periods[s.Last]))], interventionTime, alpha));
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message.Replace("--effort: ", "", StringComparison.Ordinal), "effort", e);
            }
            for (var w = 0; w < spans.Count; w++)
                windows.Add(ToWindow(classified.Windows[w], spans[w].Whole, built.Labels));
        }
        return new Result(selection.ToQuery(), selection.Describe(), PictureVocabulary.Token(selection.Granularity), selection.Window,
            effort is not null, [.. series.Periods.Select(p => p.ToString())], areaSeries,
            [.. totals.Select(t => ToPoint(CountInterval.ExactPoisson(t)))], windows, interventions, IntervalMethod);
    }

    /// <summary>The classification of the window of <paramref name="length"/> periods ending at period index <paramref name="last"/>
    /// (all periods from the start when fewer).</summary>
    internal static Window ClassifyWindowEndingAt(BuildDisplacementSeries.Result built, int last, int length, double alpha = 0.05)
    {
        var series = built.Series;
        var first = Math.Max(0, last - length + 1);
        var classified = ClassifySeries.Handle(new ClassifySeries.Request(series, null, [(series.Periods[first], series.Periods[last])], null, alpha));
        return ToWindow(classified.Windows[0], false, built.Labels);
    }

    private static Window ToWindow(ClassifySeries.Window w, bool whole, IReadOnlyDictionary<string, string> labels)
    {
        var c = w.Classification;
        var notes = new List<string>();
        var evidence = Evidence(c, labels);
        if (w.Intervention is { } i)
        {
            foreach (var (area, s) in i.Segmented)
            {
                evidence.Add(Effect("level_change", area, $"Level change at the intervention, {Label(labels, area)}", s.LevelChange, "log rate"));
                evidence.Add(Effect("slope_change", area, $"Slope change after the intervention, {Label(labels, area)}", s.SlopeChange, "log rate per year"));
            }
            foreach (var (treated, comparison, d) in i.Differences)
                evidence.Add(Effect("difference_in_differences", treated, $"{Label(labels, treated)} against {Label(labels, comparison)} (difference in differences)",
                    d.Effect, "log rate ratio"));
            notes.AddRange(i.Notes);
        }
        return new Window(w.From.ToString(), w.To.ToString(), w.Periods.Length, whole, c.Class, c.From, c.To, Describe(c, labels), c.Reason, evidence, notes);
    }

    private static List<Statistic> Evidence(DisplacementClassification c, IReadOnlyDictionary<string, string> labels)
    {
        var list = new List<Statistic>();
        if (c.Total is { } total)
            list.Add(Trend("total_trend", null, "Total trend", total, "log rate per year"));
        foreach (var a in c.Areas)
        {
            var label = Label(labels, a.Area);
            list.Add(Trend("trend", a.Area, $"Trend, {label}", a.Trend, "log rate per year"));
            list.Add(Trend("share_trend", a.Area, $"Share trend, {label}", a.Share, "log-odds per year"));
            list.Add(new Statistic("share_first", a.Area, $"Share in the first period, {label}", Finite(a.ShareFirst), null, null, null, null, "proportion"));
            list.Add(new Statistic("share_last", a.Area, $"Share in the last period, {label}", Finite(a.ShareLast), null, null, null, null, "proportion"));
            list.Add(new Statistic("mann_kendall", a.Area, $"Mann-Kendall τ, {label}", Finite(a.MannKendall.Tau), null, null, Finite(a.MannKendall.PValue), "rank", "tau"));
            list.Add(new Statistic("sen_slope", a.Area, $"Sen's slope, {label}", Finite(a.Sen.Slope), Finite(a.Sen.Lower), Finite(a.Sen.Upper), null, "rank", "count per year"));
        }
        return list;
    }

    private static Statistic Trend(string kind, string? area, string label, TrendEstimate t, string unit) =>
        new(kind, area, label, Finite(t.Slope), Finite(t.Lower), Finite(t.Upper), Finite(t.PValue), t.Model, unit);

    private static Statistic Effect(string kind, string area, string label, LogRateEffect e, string unit) =>
        new(kind, area, label, Finite(e.Estimate), Finite(e.Lower), Finite(e.Upper), Finite(e.PValue), "quasi-poisson", unit);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static Point ToPoint(IntervalEstimate e) => new(e.Estimate, e.Lower, e.Upper);

    private static string Label(IReadOnlyDictionary<string, string> labels, string area) => labels.GetValueOrDefault(area, area);

    /// <summary>The classification in plain words, with the numbers that decided it: "Shift from the Netherlands to Belgium: the
    /// share of Belgium rose (share trend +0.21 log-odds/yr, p = 0.003; 31 % in the first period, 58 % in the last) while the total
    /// stayed flat (+1 %/yr, p = 0.41)."</summary>
    public static string Describe(DisplacementClassification c, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(c);
        string Names(IEnumerable<string> areas) => And(areas.Select(a => Label(labels, a)).ToArray());
        AreaEvidence? Of(string area) => c.Areas.FirstOrDefault(a => a.Area == area);
        var total = c.Total;
        switch (c.Class)
        {
            case DisplacementClass.Shift:
                {
                    var gainer = c.To.Length > 0 ? Of(c.To[0]) : null;
                    // First and last are single periods, noisier than the fitted trend: both are given, the trend decides.
                    var share = gainer is null ? "" : $": the share of {Label(labels, gainer.Area)} rose (share trend {Signed(gainer.Share.Slope)} log-odds/yr, " +
                        $"{P(gainer.Share.PValue)}; {Percent(gainer.ShareFirst)} in the first period, {Percent(gainer.ShareLast)} in the last)";
                    return $"Shift from {Names(c.From)} to {Names(c.To)}{share} while the total stayed flat ({Rate(total)}, {P(total?.PValue)}).";
                }
            case DisplacementClass.Expansion:
                return $"Expansion in {Names(c.To)}: the total rose {Rate(total)} ({P(total?.PValue)}); {Areas(c, labels)}.";
            case DisplacementClass.Contraction:
                return $"Contraction in {Names(c.From)}: the total fell {Rate(total)} ({P(total?.PValue)}); {Areas(c, labels)}.";
            case DisplacementClass.Stable when c.AnyChange is { PValue: var gate } && gate >= c.SignificanceLevel:
                return $"Stable: no area's trend departs from flat when tested together (p = {gate.ToString("0.###", CultureInfo.InvariantCulture)}; " +
                    $"total {Rate(total)}); {Areas(c, labels)}.";
            case DisplacementClass.Stable:
                {
                    var smallest = c.Areas.Length > 0 ? c.Areas.Min(a => a.Share.PValue) : double.NaN;
                    return $"Stable: the total stayed flat ({Rate(total)}, {P(total?.PValue)}) and no share moved significantly (smallest share {P(smallest)}).";
                }
            default:
                return total is null
                    ? $"Cannot tell: {c.Reason}."
                    : $"Cannot tell: {c.Reason} (total {Rate(total)}, {P(total.PValue)}; {Areas(c, labels)}).";
        }
    }

    private static string Areas(DisplacementClassification c, IReadOnlyDictionary<string, string> labels) =>
        string.Join("; ", c.Areas.Select(a => $"{Label(labels, a.Area)} {(a.Trend.RisesAt(c.SignificanceLevel) ? "rose" : a.Trend.FallsAt(c.SignificanceLevel) ? "fell" : "held")} " +
            $"({Rate(a.Trend)}, {P(a.Trend.PValue)})"));

    private static string And(string[] names) => names.Length switch
    {
        0 => "no area",
        1 => names[0],
        _ => string.Join(", ", names[..^1]) + " and " + names[^1],
    };

    private static string Percent(double share) => double.IsFinite(share) ? (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Signed(double x) => double.IsFinite(x) ? x.ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>A log-rate slope per year as a percentage change per year.</summary>
    private static string Rate(TrendEstimate? t) => t is null || !double.IsFinite(t.Slope) ? "no trend fitted"
        : ((Math.Exp(t.Slope) - 1) * 100).ToString("+0;−0;0", CultureInfo.InvariantCulture) + " %/yr";

    private static string P(double? p) => p is not { } x || !double.IsFinite(x) ? "p not available"
        : x < 0.001 ? "p < 0.001" : "p = " + x.ToString(x < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
}
