namespace Waterline.Analytics.Hotspots;

/// <summary>The Knox test's pair table: of the n(n-1)/2 event pairs, those close in space and time, in space only, in time
/// only, and in neither; the expected close-in-both count under independence, (space total × time total) / pairs, the
/// observed/expected ratio, and the Monte Carlo p-value of the close-in-both count (one-sided: more than chance).</summary>
public sealed record KnoxResult(long CloseBoth, long CloseInSpaceOnly, long CloseInTimeOnly, long Neither, double Expected, double Ratio,
    double PValue, int Permutations);

/// <summary>The Knox (1964) test for space-time interaction: do events close in space tend to be close in time? Close means
/// distance ≤ <c>distance</c> and |Δt| ≤ <c>days</c>, as <c>surveillance::knox</c>. The p-value permutes the event times over
/// the places (Mantel 1967): (#permutations with at least the observed close-in-both count + 1) / (permutations + 1).</summary>
public static class Knox
{
    /// <summary>Only pairs close in space can be close in both, so a grid index finds those pairs once and each permutation
    /// re-counts their time gaps; permutation p runs on its own stream (seed, p), so results do not depend on the cores.</summary>
    public static KnoxResult Test(double[] x, double[] y, double[] t, double distance, double days, int permutations, int seed = 1)
    {
        var (first, second, _) = CloseInSpace(x, y, t, distance);
        if (!(days >= 0) || double.IsInfinity(days))
            throw new ArgumentOutOfRangeException(nameof(days), "the time limit must be a finite number of days >= 0");
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        var n = (long)x.Length;
        var pairs = n * (n - 1) / 2;
        long space = first.Length;
        var time = CloseInTime(t, days);
        var both = CountCloseInTime(first, second, t, days);
        var expected = Expected(both, space - both, time - both, pairs - space - time + both);
        var atLeast = 0;
        if (permutations > 0)
        {
            var hits = new int[permutations];
            Parallel.For(0, permutations, () => new double[t.Length], (p, _, shuffled) =>
            {
                t.CopyTo(shuffled, 0);
                new StreamRandom(seed, p).Shuffle(shuffled);
                hits[p] = CountCloseInTime(first, second, shuffled, days) >= both ? 1 : 0;
                return shuffled;
            }, _ => { });
            atLeast = hits.Sum();
        }
        return new KnoxResult(both, space - both, time - both, pairs - space - time + both, expected, both / expected,
            permutations > 0 ? (atLeast + 1.0) / (permutations + 1.0) : double.NaN, permutations);
    }

    /// <summary>The expected close-in-both count under independence from a Knox 2×2 pair table: (close in space) × (close in
    /// time) / (all pairs) (Knox 1964).</summary>
    public static double Expected(long closeBoth, long closeInSpaceOnly, long closeInTimeOnly, long neither)
    {
        var pairs = closeBoth + closeInSpaceOnly + closeInTimeOnly + neither;
        return pairs == 0 ? double.NaN : (double)(closeBoth + closeInSpaceOnly) * (closeBoth + closeInTimeOnly) / pairs;
    }

    internal static (int[] First, int[] Second, double[] Distance) CloseInSpace(double[] x, double[] y, double[] t, double distance)
    {
        SpatialWeights.CheckPoints(x, y);
        ArgumentNullException.ThrowIfNull(t);
        if (t.Length != x.Length)
            throw new ArgumentException($"{t.Length} times for {x.Length} events", nameof(t));
        foreach (var v in t)
        {
            if (!double.IsFinite(v))
                throw new ArgumentException("every time must be a finite number", nameof(t));
        }
        if (!(distance >= 0) || double.IsInfinity(distance))
            throw new ArgumentOutOfRangeException(nameof(distance), "the distance must be finite and >= 0");
        return new PointGrid(x, y, distance).ClosePairs(distance);
    }

    private static long CountCloseInTime(int[] first, int[] second, double[] t, double days)
    {
        long count = 0;
        for (var k = 0; k < first.Length; k++)
        {
            if (Math.Abs(t[first[k]] - t[second[k]]) <= days)
                count++;
        }
        return count;
    }

    /// <summary>Pairs with |Δt| ≤ days, by a sliding window over the sorted times: O(n log n).</summary>
    private static long CloseInTime(double[] t, double days)
    {
        var sorted = (double[])t.Clone();
        Array.Sort(sorted);
        long count = 0;
        var start = 0;
        for (var j = 0; j < sorted.Length; j++)
        {
            while (sorted[j] - sorted[start] > days)
                start++;
            count += j - start;
        }
        return count;
    }
}
