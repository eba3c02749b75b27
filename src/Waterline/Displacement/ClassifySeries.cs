using Waterline.Analytics.Displacement;

namespace Waterline.Displacement;

/// <summary>Classifies series tables window by window, with the intervention analysis when a date is given (the work behind
/// <c>waterline displacement</c>).</summary>
public static class ClassifySeries
{
    /// <param name="Series">Counts per area and period.</param>
    /// <param name="Effort">Optional effort for the same areas and periods (it may hold more).</param>
    /// <param name="Windows">Inclusive (From, To) pairs; empty: one window over all periods.</param>
    /// <param name="Intervention">Optional time of the intervention in years (<see cref="SeriesPeriod.TryParseDate"/>); periods
    /// starting on or after it are after.</param>
    /// <param name="Alpha">The two-sided significance level of the classification; intervals are at 1 − Alpha.</param>
    /// <param name="Measure">Counts (whole numbers) or amounts such as tonnes.</param>
    /// <param name="SeasonallyAdjust">Monthly windows holding every month at least twice are classified on seasonally adjusted
    /// rates (see <see cref="DisplacementClassifier.Classify"/>); shorter monthly windows and yearly ones are not.</param>
    public sealed record Request(SeriesTable Series, SeriesTable? Effort, (SeriesPeriod From, SeriesPeriod To)[] Windows, double? Intervention,
        double Alpha = 0.05, SeriesMeasure Measure = SeriesMeasure.Count, bool SeasonallyAdjust = true);

    /// <summary>Segmented: one per area; Differences: one per ordered pair of areas (treated first). Note says why either is
    /// missing (too few periods on a side, a fit that failed).</summary>
    public sealed record InterventionAnalysis(double Time, IReadOnlyDictionary<string, SegmentedTrend> Segmented,
        IReadOnlyList<(string Treated, string Comparison, DifferenceInDifferences Effect)> Differences, IReadOnlyList<string> Notes);

    public sealed record Window(SeriesPeriod From, SeriesPeriod To, SeriesPeriod[] Periods, DisplacementClassification Classification,
        InterventionAnalysis? Intervention);

    public sealed record Result(string[] Areas, bool Monthly, bool EffortAdjusted, Window[] Windows);

    /// <exception cref="FormatException">An effort table that misses an area or period of the series, or a window outside the
    /// data or mixing years and months.</exception>
    public static Result Handle(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var series = request.Series;
        var effort = request.Effort is null ? null : Align(series, request.Effort);
        var windows = request.Windows.Length > 0 ? request.Windows : [(series.Periods[0], series.Periods[^1])];
        var results = new List<Window>();
        foreach (var (from, to) in windows)
        {
            if (from.Month is not null != series.Monthly || to.Month is not null != series.Monthly)
                throw new FormatException($"--window {from}:{to}: the series are {(series.Monthly ? "monthly (2019-07)" : "yearly (2019)")}");
            if (to.CompareTo(from) < 0)
                throw new FormatException($"--window {from}:{to}: the end comes before the start");
            var indices = Enumerable.Range(0, series.Periods.Length)
                .Where(p => series.Periods[p].CompareTo(from) >= 0 && series.Periods[p].CompareTo(to) <= 0).ToArray();
            if (indices.Length == 0)
                throw new FormatException($"--window {from}:{to}: no period of the series falls in it");
            var times = indices.Select(p => series.Periods[p].Time).ToArray();
            var counts = series.Values.Select(v => indices.Select(p => v[p]).ToArray()).ToArray();
            var windowEffort = effort?.Select(v => indices.Select(p => v[p]).ToArray()).ToArray();
            int[]? seasons = series.Monthly && request.SeasonallyAdjust ? [.. indices.Select(p => series.Periods[p].Month!.Value - 1)] : null;
            var classification = DisplacementClassifier.Classify(series.Areas, counts, times, windowEffort, request.Alpha, seasons, request.Measure);
            var intervention = request.Intervention is { } date
                ? Analyse(series.Areas, counts, windowEffort, times, date, 1 - request.Alpha, request.Measure) : null;
            results.Add(new Window(from, to, [.. indices.Select(p => series.Periods[p])], classification, intervention));
        }
        return new Result(series.Areas, series.Monthly, effort is not null, [.. results]);
    }

    private static InterventionAnalysis Analyse(string[] areas, double[][] counts, double[][]? effort, double[] times, double date, double confidence,
        SeriesMeasure measure)
    {
        var segmented = new Dictionary<string, SegmentedTrend>(StringComparer.Ordinal);
        var differences = new List<(string, string, DifferenceInDifferences)>();
        var notes = new List<string>();
        for (var a = 0; a < areas.Length; a++)
        {
            try
            {
                segmented[areas[a]] = InterruptedTimeSeries.Segmented(counts[a], times, date, effort?[a], confidence, measure);
            }
            catch (ArgumentException e)
            {
                notes.Add($"{areas[a]}: no segmented regression: {e.Message}");
            }
            for (var b = 0; b < areas.Length; b++)
            {
                if (b == a)
                    continue;
                try
                {
                    differences.Add((areas[a], areas[b],
                        InterruptedTimeSeries.DifferenceInDifferences(counts[a], counts[b], times, date, effort?[a], effort?[b], confidence, measure)));
                }
                catch (ArgumentException e)
                {
                    notes.Add($"{areas[a]} against {areas[b]}: no difference in differences: {e.Message}");
                }
            }
        }
        return new InterventionAnalysis(date, segmented, differences, notes);
    }

    private static double[][] Align(SeriesTable series, SeriesTable effort)
    {
        if (effort.Monthly != series.Monthly)
            throw new FormatException("--effort: the effort file's periods are not of the same kind (year or year-month) as the series'");
        var aligned = new double[series.Areas.Length][];
        for (var a = 0; a < series.Areas.Length; a++)
        {
            var e = Array.IndexOf(effort.Areas, series.Areas[a]);
            if (e < 0)
                throw new FormatException($"--effort: area '{series.Areas[a]}' has no effort rows");
            aligned[a] = new double[series.Periods.Length];
            for (var p = 0; p < series.Periods.Length; p++)
            {
                var q = Array.IndexOf(effort.Periods, series.Periods[p]);
                aligned[a][p] = q >= 0 ? effort.Values[e][q]
                    : throw new FormatException($"--effort: area '{series.Areas[a]}' has no effort for period {series.Periods[p]}");
            }
        }
        return aligned;
    }
}
