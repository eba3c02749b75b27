using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Waterline.Analytics.Hotspots;

namespace Waterline.Cli.Bench;

/// <summary><c>waterline bench hotspots</c>: times Gi* with conditional permutations on a synthetic lattice with a planted
/// cluster (100 × 100 = 10k areas by default) and the Knox test with permutations on synthetic events with planted near
/// repeats (10k by default). Prints figures and a check that the planted cluster is found; asserts nothing.</summary>
public static class HotspotsBench
{
    public static Command Create()
    {
        var side = new Option<int>("--side") { Description = "Lattice side: side × side areas.", DefaultValueFactory = _ => 100 };
        var events = new Option<int>("--events") { Description = "Synthetic events for Knox.", DefaultValueFactory = _ => 10_000 };
        var permutations = new Option<int>("--permutations") { Description = "Permutations for Gi* and Knox.", DefaultValueFactory = _ => 999 };
        var command = new Command("hotspots", "Measure Gi* with permutations on a 10k-area lattice and Knox with permutations on 10k events.");
        foreach (var option in new Option[] { side, events, permutations })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            Run(parse.GetValue(side), parse.GetValue(events), parse.GetValue(permutations), Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>The measurement, callable in-process at small sizes (tests).</summary>
    public static void Run(int side, int eventCount, int permutations, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"waterline bench hotspots on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        // Warm-up: JIT and tiering on a small case, so the figures are of the algorithms.
        var (warmValues, _) = Lattice(10);
        GetisOrd.Gi(warmValues, SpatialWeights.Lattice(10, 10, ContiguityRule.Queen).RowStandardised(), star: true, 99);
        var (wx, wy, wt) = Events(500);
        Knox.Test(wx, wy, wt, 200, 7, 99);

        var (values, cluster) = Lattice(side);
        var clock = Stopwatch.StartNew();
        var weights = SpatialWeights.Lattice(side, side, ContiguityRule.Queen).RowStandardised();
        var build = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var gi = GetisOrd.Gi(values, weights, star: true, permutations, seed: 1);
        var giSeconds = clock.Elapsed.TotalSeconds;
        var hot = FalseDiscoveryRate.Significant(gi.PValue, 0.05);
        var found = cluster.Count(i => hot[i] && gi.ZScore[i] > 0);
        var elsewhere = Enumerable.Range(0, values.Length).Count(i => hot[i] && gi.ZScore[i] > 0 && !cluster.Contains(i));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gi*: {values.Length:N0} areas (queen lattice, {weights.LinkCount:N0} links, built in {build * 1000:F0} ms), {permutations} permutations: {giSeconds:F2} s; planted cluster {found}/{cluster.Count} hot (z, FDR 5 %), {elsewhere} hot cells outside it; {gi.PseudoPValue!.Count(p => p <= 0.001)} cells at the smallest pseudo p"));

        var (x, y, t) = Events(eventCount);
        clock.Restart();
        var knox = Knox.Test(x, y, t, 200, 7, permutations, seed: 1);
        var knoxSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Knox: {eventCount:N0} events (20 km square, a year), 200 m / 7 days, {permutations} permutations: {knoxSeconds:F2} s; {knox.CloseBoth:N0} close pairs vs {knox.Expected:F1} expected (ratio {knox.Ratio:F2}), p = {knox.PValue:0.####}, {knox.CloseBoth + knox.CloseInSpaceOnly:N0} pairs close in space"));
    }

    /// <summary>Poisson(5)-like counts from a fixed stream, a 6 × 6 block planted at 4 × the background mean in the middle.</summary>
    private static (double[] Values, HashSet<int> Cluster) Lattice(int side)
    {
        var random = new Random(17);
        var values = new double[side * side];
        for (var i = 0; i < values.Length; i++)
            values[i] = Poisson(random, 5);
        var cluster = new HashSet<int>();
        var start = side / 2 - 3;
        for (var r = start; r < start + 6; r++)
        {
            for (var c = start; c < start + 6; c++)
            {
                values[r * side + c] = Poisson(random, 20);
                cluster.Add(r * side + c);
            }
        }
        return (values, cluster);
    }

    private static double Poisson(Random random, double mean)
    {
        // Knuth's method: fine for small means.
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }

    /// <summary>Events uniform over a 20 km square and a year; every tenth repeats its predecessor 50 m and 3 days later.</summary>
    public static (double[] X, double[] Y, double[] T) Events(int n, int seed = 23)
    {
        var random = new Random(seed);
        double[] x = new double[n], y = new double[n], t = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (i % 10 == 9)
            {
                x[i] = x[i - 1] + 50;
                y[i] = y[i - 1];
                t[i] = t[i - 1] + 3;
            }
            else
            {
                x[i] = random.NextDouble() * 20_000;
                y[i] = random.NextDouble() * 20_000;
                t[i] = random.NextDouble() * 365;
            }
        }
        return (x, y, t);
    }
}
