namespace Waterline.Analytics.Displacement;

/// <summary>A CUSUM change-point estimate with a permutation p-value.</summary>
/// <remarks><para>Sums: Sₖ = Σ_{i ≤ k} (xᵢ − x̄) for k = 0 … n − 1 (the last is 0 up to rounding).</para>
/// <para>LastIndexBefore: zero-based k maximising |Sₖ| (first on ties), the last observation of the first segment.</para>
/// <para>Range: max Sₖ − min Sₖ (with S₋₁ = 0 included, so a series that only rises still has a range).</para>
/// <para>PValue: (1 + #{permuted ranges ≥ Range}) / (1 + Permutations); the reordering is without replacement (Taylor 2000
/// calls it a bootstrap).</para></remarks>
public sealed record CusumResult(double[] Sums, int LastIndexBefore, double Range, double PValue, int Permutations,
    double MeanBefore, double MeanAfter);

public static class Cusum
{
    /// <summary>Page (1954) cumulative sums of deviations from the mean, with the change-point reading and the permutation
    /// significance of Taylor (2000, "Change-point analysis: a powerful new tool for detecting changes"): the range of the sums
    /// is compared with its distribution over random reorderings of the values, which have no change by construction.
    /// Values must not contain NaN. Seeded, so a run is repeatable.</summary>
    public static CusumResult Test(ReadOnlySpan<double> values, int permutations = 999, int seed = 1)
    {
        var n = values.Length;
        if (n < 3)
            throw new ArgumentException("CUSUM needs at least three observations.", nameof(values));
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        var x = values.ToArray();
        if (x.Any(double.IsNaN))
            throw new ArgumentException("Values must not contain NaN.", nameof(values));
        var mean = Pettitt.Mean(x);
        var sums = new double[n];
        var running = 0.0;
        var best = 0;
        for (var k = 0; k < n; k++)
        {
            running += x[k] - mean;
            sums[k] = running;
            if (k < n - 1 && Math.Abs(sums[k]) > Math.Abs(sums[best]))
                best = k;
        }
        var range = Range(x, mean);
        var random = new Random(seed);
        var exceed = 0;
        for (var b = 0; b < permutations; b++)
        {
            random.Shuffle(x);
            if (Range(x, mean) >= range * (1 - 1e-12))
                exceed++;
        }
        return new CusumResult(sums, best, range, (1.0 + exceed) / (1.0 + permutations), permutations,
            Pettitt.Mean(values[..(best + 1)]), Pettitt.Mean(values[(best + 1)..]));
    }

    private static double Range(double[] x, double mean)
    {
        double running = 0, max = 0, min = 0;
        foreach (var v in x)
        {
            running += v - mean;
            max = Math.Max(max, running);
            min = Math.Min(min, running);
        }
        return max - min;
    }
}
