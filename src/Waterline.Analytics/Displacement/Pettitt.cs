namespace Waterline.Analytics.Displacement;

/// <summary>Pettitt's test for a single change in location.</summary>
/// <remarks><para>LastIndexBefore: zero-based index of the last observation before the change, t − 1 where t maximises |Uₜ|
/// (R's trend::pettitt.test reports t, one-based); the first such t on ties.</para>
/// <para>K: max |Uₜ|; PValue: 2 exp(−6K²/(n³ + n²)) capped at 1, Pettitt's approximation, good for p below about 0.5.</para>
/// <para>U: Uₜ for t = 1 … n − 1 (index t − 1); positive when the later values are lower.</para>
/// <para>MeanBefore, MeanAfter: the means of the two segments, so the direction is MeanAfter − MeanBefore.</para></remarks>
public sealed record PettittResult(int LastIndexBefore, double K, double PValue, double[] U, double MeanBefore, double MeanAfter);

public static class Pettitt
{
    /// <summary>Pettitt (1979): Uₜ = Σ_{i ≤ t} Σ_{j &gt; t} sign(xᵢ − xⱼ), the Mann-Whitney statistic of the split after t,
    /// computed for every t in O(n²) by Uₜ = Uₜ₋₁ + Σⱼ sign(xₜ − xⱼ). Values must not contain NaN.</summary>
    public static PettittResult Test(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 3)
            throw new ArgumentException("Pettitt's test needs at least three observations.", nameof(values));
        var u = new double[n - 1];
        var previous = 0.0;
        var best = 0;
        for (var t = 0; t < n - 1; t++)
        {
            if (double.IsNaN(values[t]))
                throw new ArgumentException("Values must not contain NaN.", nameof(values));
            var row = 0.0;
            for (var j = 0; j < n; j++)
                row += Math.Sign(values[t] - values[j]);
            previous += row;
            u[t] = previous;
            if (Math.Abs(u[t]) > Math.Abs(u[best]))
                best = t;
        }
        var k = Math.Abs(u[best]);
        var p = Math.Min(1, 2 * Math.Exp(-6 * k * k / ((double)n * n * n + (double)n * n)));
        return new PettittResult(best, k, p, u, Mean(values[..(best + 1)]), Mean(values[(best + 1)..]));
    }

    internal static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum / values.Length;
    }
}
