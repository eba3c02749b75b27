namespace Waterline.Analytics.Hotspots;

/// <summary>A near-repeat table: observed pair counts per distance band (rows) and time band (columns), the expected counts
/// (mean over time permutations), their ratio, and per cell the Monte Carlo p-value (#permutations with at least the
/// observed count + 1) / (permutations + 1). Bands are upper edges, ascending.</summary>
public sealed record NearRepeatTable(double[] DistanceBands, double[] DayBands, long[,] Observed, double[,] Expected, double[,] Ratio,
    double[,] PValue, int Permutations);

/// <summary>Knox tables over several distance and time bands, as Ratcliffe's Near Repeat Calculator (Ratcliffe 2009; Johnson
/// et al. 2007): a pair at distance d and time gap |Δt| falls in the first distance band with d ≤ edge and the first time band
/// with |Δt| ≤ edge; pairs beyond the last edge of either are not counted. Expected values are the mean over permutations of
/// the event times (Monte Carlo, as the calculator), not the Knox formula.</summary>
public static class NearRepeat
{
    public static NearRepeatTable Compute(double[] x, double[] y, double[] t, double[] distanceBands, double[] dayBands, int permutations, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(distanceBands);
        ArgumentNullException.ThrowIfNull(dayBands);
        CheckEdges(distanceBands, nameof(distanceBands));
        CheckEdges(dayBands, nameof(dayBands));
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        var (first, second, distance) = Knox.CloseInSpace(x, y, t, distanceBands[^1]);
        var band = new int[first.Length];
        for (var k = 0; k < first.Length; k++)
            band[k] = FirstAtLeast(distanceBands, distance[k]);
        int rows = distanceBands.Length, columns = dayBands.Length;
        var observed = Count(first, second, band, t, dayBands, new long[rows * columns]);
        var totals = new long[rows * columns];
        var exceed = new long[rows * columns];
        var gate = new object();
        if (permutations > 0)
        {
            Parallel.For(0, permutations, () => (Shuffled: new double[t.Length], Counts: new long[rows * columns], Totals: new long[rows * columns], Exceed: new long[rows * columns]),
                (p, _, local) =>
                {
                    t.CopyTo(local.Shuffled, 0);
                    new StreamRandom(seed, p).Shuffle(local.Shuffled);
                    Array.Clear(local.Counts);
                    Count(first, second, band, local.Shuffled, dayBands, local.Counts);
                    for (var c = 0; c < local.Counts.Length; c++)
                    {
                        local.Totals[c] += local.Counts[c];
                        if (local.Counts[c] >= observed[c])
                            local.Exceed[c]++;
                    }
                    return local;
                },
                local =>
                {
                    lock (gate)
                    {
                        for (var c = 0; c < totals.Length; c++)
                        {
                            totals[c] += local.Totals[c];
                            exceed[c] += local.Exceed[c];
                        }
                    }
                });
        }
        var observedTable = new long[rows, columns];
        var expected = new double[rows, columns];
        var ratio = new double[rows, columns];
        var pValue = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var cell = r * columns + c;
                observedTable[r, c] = observed[cell];
                expected[r, c] = permutations > 0 ? (double)totals[cell] / permutations : double.NaN;
                ratio[r, c] = observed[cell] / expected[r, c];
                pValue[r, c] = permutations > 0 ? (exceed[cell] + 1.0) / (permutations + 1.0) : double.NaN;
            }
        }
        return new NearRepeatTable([.. distanceBands], [.. dayBands], observedTable, expected, ratio, pValue, permutations);
    }

    private static long[] Count(int[] first, int[] second, int[] band, double[] t, double[] dayBands, long[] counts)
    {
        var columns = dayBands.Length;
        for (var k = 0; k < first.Length; k++)
        {
            var day = FirstAtLeast(dayBands, Math.Abs(t[first[k]] - t[second[k]]));
            if (day < columns)
                counts[band[k] * columns + day]++;
        }
        return counts;
    }

    /// <summary>The first index with edges[index] ≥ value (edges ascending); edges.Length when none.</summary>
    private static int FirstAtLeast(double[] edges, double value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (edges[mid] >= value)
                high = mid;
            else
                low = mid + 1;
        }
        return low;
    }

    private static void CheckEdges(double[] edges, string name)
    {
        if (edges.Length == 0)
            throw new ArgumentException("at least one band is needed", name);
        for (var k = 0; k < edges.Length; k++)
        {
            if (!double.IsFinite(edges[k]) || edges[k] < 0 || (k > 0 && edges[k] <= edges[k - 1]))
                throw new ArgumentException("band edges must be finite, >= 0 and strictly ascending", name);
        }
    }
}
