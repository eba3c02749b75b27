using MathNet.Numerics.Distributions;
using Waterline.Analytics.Estimation;
using Waterline.Displacement;

namespace Waterline.DemoWorld.Scenarios;

/// <summary>Expected units moved by one displacement event in one period (the truth behind a waterbed or a policy shift).</summary>
public sealed record DisplacedUnits(int Event, string From, string To, SeriesPeriod Period, double Expected);

/// <summary>One simulated world. Arrays are [area][period]; Histories[area][period][h] counts the units with capture history h
/// (bit s, counted from the left, set when source s found the unit, as <see cref="CaptureTable"/> numbers them); h = 0 are the
/// unseen units.</summary>
/// <remarks>
/// <para>Expected: The true market's expected size after events (before the random draw).</para>
/// <para>TrueSize: The realised true size: units in the market.</para>
/// <para>Effort: The effort series the analyst may have (events' effort factors included).</para>
/// <para>Observed: Units found by the effort-following (police) source: the observed series.</para>
/// </remarks>
public sealed record SimulatedWorld(Scenario Scenario, int Seed, SeriesPeriod[] Periods, string[] Areas, string[] Sources,
    double[][] Expected, int[][] TrueSize, double[][] Effort, int[][] Observed, int[][][] Histories, DisplacedUnits[] Displaced)
{
    public SeriesTable Series() => new(Areas, Periods, [.. Observed.Select(a => a.Select(v => (double)v).ToArray())]);

    public SeriesTable EffortSeries() => new(Areas, Periods, Effort);

    /// <summary>The capture histories of one area and period over all sources.</summary>
    public CaptureTable Captures(int area, int period)
    {
        var counts = Histories[area][period].Select(v => (double)v).ToArray();
        counts[0] = 0;
        return CaptureTable.FromCounts(Sources, counts);
    }

    public int Unseen(int area, int period) => Histories[area][period][0];
}

/// <summary>Draws a world from a <see cref="Scenario"/>. Deterministic: the same scenario and seed give the same world
/// (System.Random with a seed, draws in a fixed order).</summary>
/// <remarks>Per area and period: the expected size μ follows the size curve (baseline, growth per period, segments,
/// seasonality), then every event in file order moves its displaced fraction of the area's μ to the neighbour. The true size
/// is Poisson(μ·G), G ~ Gamma(1/α, 1/α) (mean 1) when overdispersion α &gt; 0. Every unit is then found by each source s
/// with probability min(0.95, pₛ · fₛ · v): pₛ the area's detection probability, fₛ = effort/baseline effort for the police
/// source and the events' detection factors, v = 1 ± d for a visible or hidden unit under dependence d (v = 1 when d = 0).</remarks>
public static class ScenarioSimulator
{
    /// <summary>No source finds every unit; also keeps the dark number defined when effort rises a lot.</summary>
    public const double MaxDetection = 0.95;

    public static SimulatedWorld Simulate(Scenario scenario, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new Random(seed);
        var periods = scenario.PeriodList();
        var areas = scenario.Areas;
        int k = areas.Length, n = periods.Length, s = scenario.Sources.Length;
        var areaIndex = areas.Select((a, i) => (a.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var expected = areas.Select(a => Curve(a.Size, periods)).ToArray();
        var effort = areas.Select(a => Curve(a.Effort, periods)).ToArray();
        var detectionFactor = areas.Select(_ => scenario.Sources.Select(_ => Enumerable.Repeat(1.0, n).ToArray()).ToArray()).ToArray();
        var displaced = new List<DisplacedUnits>();
        var events = scenario.Events ?? [];
        for (var e = 0; e < events.Length; e++)
        {
            var ev = events[e];
            SeriesPeriod.TryParseDate(ev.From, out var date);
            var a = areaIndex[ev.Area];
            for (var p = 0; p < n; p++)
            {
                var after = After(periods[p], date);
                if (after <= 0)
                    continue;
                effort[a][p] *= 1 + (ev.EffortFactor - 1) * after;
                for (var j = 0; j < s; j++)
                    if (ev.Sources is not { Length: > 0 } named || named.Contains(scenario.Sources[j].Name))
                        detectionFactor[a][j][p] *= 1 + (ev.DetectionFactor - 1) * after;
                if (ev.Displace is { } d)
                {
                    var moved = expected[a][p] * d.Fraction * Math.Min(1, After(periods[p], date, d.RampPeriods));
                    expected[a][p] -= moved;
                    expected[areaIndex[d.To]][p] += moved;
                    displaced.Add(new DisplacedUnits(e, ev.Area, d.To, periods[p], moved));
                }
            }
        }
        var police = Array.FindIndex(scenario.Sources, x => x.FollowsEffort);
        var trueSize = new int[k][];
        var observed = new int[k][];
        var histories = new int[k][][];
        var dependence = scenario.Dependence;
        var probability = new double[s];
        var visible = new double[s];
        var hidden = new double[s];
        for (var a = 0; a < k; a++)
        {
            trueSize[a] = new int[n];
            observed[a] = new int[n];
            histories[a] = new int[n][];
            for (var p = 0; p < n; p++)
            {
                var mean = expected[a][p];
                if (scenario.Overdispersion > 0)
                    mean *= Gamma.Sample(random, 1 / scenario.Overdispersion, 1 / scenario.Overdispersion);
                var size = mean > 0 ? Poisson.Sample(random, mean) : 0;
                trueSize[a][p] = size;
                for (var j = 0; j < s; j++)
                {
                    var scale = j == police ? effort[a][p] / areas[a].Effort.Baseline : 1;
                    probability[j] = areas[a].Detection[scenario.Sources[j].Name] * scale * detectionFactor[a][j][p];
                    visible[j] = Math.Min(MaxDetection, probability[j] * (1 + dependence));
                    hidden[j] = Math.Min(MaxDetection, probability[j] * (1 - dependence));
                }
                var counts = new int[1 << s];
                for (var u = 0; u < size; u++)
                {
                    var p0 = dependence > 0 && random.NextDouble() < 0.5 ? hidden : visible;
                    var history = 0;
                    for (var j = 0; j < s; j++)
                        if (random.NextDouble() < p0[j])
                            history |= 1 << (s - 1 - j);
                    counts[history]++;
                }
                histories[a][p] = counts;
                for (var h = 0; h < counts.Length; h++)
                    if ((h & (1 << (s - 1 - police))) != 0)
                        observed[a][p] += counts[h];
            }
        }
        return new SimulatedWorld(scenario, seed, periods, [.. areas.Select(a => a.Name)], [.. scenario.Sources.Select(x => x.Name)],
            expected, trueSize, effort, observed, histories, [.. displaced]);
    }

    /// <summary>The curve's value per period: baseline, then × (1 + growth in force) each period, × the season's factor.</summary>
    public static double[] Curve(ScenarioCurve curve, SeriesPeriod[] periods)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(periods);
        var segments = (curve.Segments ?? []).Select(g => (Start: SeriesPeriod.TryParse(g.From, out var p) ? p : default, g.Growth)).ToArray();
        var season = curve.Seasonality is { } sf ? sf.Select(f => f / sf.Average()).ToArray() : null;
        var values = new double[periods.Length];
        var level = curve.Baseline;
        for (var p = 0; p < periods.Length; p++)
        {
            if (p > 0)
            {
                var growth = curve.Growth;
                foreach (var (start, g) in segments)
                    if (periods[p].CompareTo(start) >= 0)
                        growth = g;
                level *= 1 + growth;
            }
            values[p] = level * (season is not null && periods[p].Month is { } m ? season[m - 1] : 1);
        }
        return values;
    }

    /// <summary>The share of a period that lies after the date, spread over <paramref name="rampPeriods"/> periods: 0 before
    /// the date, 1 once the ramp is complete.</summary>
    private static double After(SeriesPeriod period, double date, int rampPeriods = 1)
    {
        var length = period.Month is null ? 1.0 : 1.0 / 12;
        return Math.Clamp((period.Time + length - date) / (length * rampPeriods), 0, 1);
    }
}
