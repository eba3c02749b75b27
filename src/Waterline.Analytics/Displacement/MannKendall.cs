using MathNet.Numerics.Distributions;

namespace Waterline.Analytics.Displacement;

/// <summary>A Mann-Kendall trend test.</summary>
/// <remarks><para>S: Σ over pairs i &lt; j of sign(yⱼ − yᵢ); positive for a rising series.</para>
/// <para>VarianceS: under no trend, with ties (Kendall 1975): [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over tie groups of size t.</para>
/// <para>Z: (S − 1)/√var if S &gt; 0, (S + 1)/√var if S &lt; 0, else 0 (continuity correction); PValue two-sided normal.</para>
/// <para>Tau: Kendall's τ_b of the values against time (τ_a without ties; scipy.stats.kendalltau's default).</para>
/// <para>Count: the observations used (NaN dropped).</para></remarks>
public sealed record MannKendallResult(double S, double VarianceS, double Z, double PValue, double Tau, int Count);

/// <summary>The seasonal Mann-Kendall test of Hirsch, Slack and Smith (1982): S and var(S) summed over seasons.</summary>
/// <remarks><para>Tau: S over the number of within-season pairs, Σ nₛ(nₛ−1)/2 (as pymannkendall's seasonal test).</para>
/// <para>Seasons: the per-season tests, season s holding the values at indices s, s + period, s + 2·period, …</para></remarks>
public sealed record SeasonalMannKendallResult(double S, double VarianceS, double Z, double PValue, double Tau, MannKendallResult[] Seasons);

public static class MannKendall
{
    /// <summary>Mann (1945) and Kendall (1975): the rank test for a monotone trend in equally spaced (or merely ordered)
    /// observations, with the tie correction of the variance. NaN values are dropped; the order of the rest is kept.</summary>
    public static MannKendallResult Test(ReadOnlySpan<double> values)
    {
        var y = Present(values);
        var n = y.Length;
        if (n < 3)
            throw new ArgumentException("Mann-Kendall needs at least three observations.", nameof(values));
        var s = 0.0;
        for (var i = 0; i < n - 1; i++)
            for (var j = i + 1; j < n; j++)
                s += Math.Sign(y[j] - y[i]);
        var ties = TieTerms(y);
        var variance = (n * (n - 1.0) * (2.0 * n + 5) - ties.Variance) / 18;
        var (z, p) = Normal(s, variance);
        var pairs = n * (n - 1) / 2.0;
        // τ_b with no ties in time: S / √(n₀ (n₀ − n₁)), n₁ the pairs tied in value.
        var tau = pairs - ties.Pairs > 0 ? s / Math.Sqrt(pairs * (pairs - ties.Pairs)) : 0;
        return new MannKendallResult(s, variance, z, p, tau, n);
    }

    /// <summary>Hirsch, Slack and Smith (1982): Mann-Kendall within each season, S and var(S) summed, which removes seasonality
    /// without modelling it. Seasons are taken as independent (no covariance term, Hirsch and Slack 1984 would add it).
    /// Values are in time order with <paramref name="period"/> seasons per cycle (12 for monthly data); NaN marks a missing value.</summary>
    public static SeasonalMannKendallResult SeasonalTest(ReadOnlySpan<double> values, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        var seasons = new MannKendallResult[period];
        double s = 0, variance = 0, pairs = 0;
        for (var season = 0; season < period; season++)
        {
            seasons[season] = Test(Season(values, period, season));
            s += seasons[season].S;
            variance += seasons[season].VarianceS;
            pairs += seasons[season].Count * (seasons[season].Count - 1) / 2.0;
        }
        var (z, p) = Normal(s, variance);
        return new SeasonalMannKendallResult(s, variance, z, p, s / pairs, seasons);
    }

    internal static double[] Season(ReadOnlySpan<double> values, int period, int season)
    {
        var result = new double[(values.Length - season + period - 1) / period];
        for (var k = 0; k < result.Length; k++)
            result[k] = values[season + k * period];
        return result;
    }

    internal static double[] Present(ReadOnlySpan<double> values)
    {
        var list = new List<double>(values.Length);
        foreach (var v in values)
            if (!double.IsNaN(v))
                list.Add(v);
        return [.. list];
    }

    internal static (double Z, double P) Normal(double s, double variance)
    {
        if (variance <= 0)
            return (0, 1);
        var z = s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        return (z, Math.Min(1, 2 * Normal01.CumulativeDistribution(-Math.Abs(z))));
    }

    private static readonly Normal Normal01 = new(0, 1);

    private static (double Variance, double Pairs) TieTerms(double[] y)
    {
        var sorted = (double[])y.Clone();
        Array.Sort(sorted);
        double variance = 0, pairs = 0;
        var start = 0;
        for (var i = 1; i <= sorted.Length; i++)
        {
            if (i < sorted.Length && sorted[i] == sorted[start])
                continue;
            double t = i - start;
            variance += t * (t - 1) * (2 * t + 5);
            pairs += t * (t - 1) / 2;
            start = i;
        }
        return (variance, pairs);
    }
}
