namespace Waterline.Analytics.Hotspots;

/// <summary>A local statistic per area with its moments under the null, the z-score, the two-sided normal p-value and,
/// when permutations were run, the conditional-permutation pseudo p-value (folded: (min(#sim ≥ obs, #sim ≤ obs) + 1) /
/// (permutations + 1)). Areas without neighbours get NaN throughout.</summary>
public sealed record LocalStatistics(double[] Statistic, double[] Expected, double[] Variance, double[] ZScore, double[] PValue, double[]? PseudoPValue);

/// <summary>Which null moments local Moran's I uses: the two forms spdep 1.2 <c>localmoran</c> offers.</summary>
public enum LocalMoranVariance
{
    /// <summary>Conditional randomisation, x_i held fixed (Sokal, Oden and Thomson 1998, eq. A7 and A8); spdep's default
    /// <c>conditional = TRUE</c>.</summary>
    Randomisation,

    /// <summary>Total randomisation (Anselin 1995; Sokal et al. 1998, eq. A3 and A4); spdep <c>conditional = FALSE</c>.</summary>
    Total,
}

/// <summary>Global Moran's I with its expectation, the variance under normality and under randomisation (Cliff and Ord
/// 1981), their z-scores, two-sided normal p-values, and a folded permutation pseudo p-value when permutations were run.</summary>
public sealed record MoranResult(double I, double Expected, double VarianceNormality, double VarianceRandomisation, double ZNormality,
    double ZRandomisation, double PNormality, double PRandomisation, double? PseudoPValue);

internal static class NormalTail
{
    /// <summary>2 P(Z &gt; |z|), R's <c>2 * pnorm(-abs(z))</c>; NaN stays NaN.</summary>
    public static double TwoSided(double z) =>
        double.IsNaN(z) ? double.NaN : Math.Min(1, 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(z)));

    /// <summary>(min(#above or equal, #below or equal) + 1) / (permutations + 1).</summary>
    public static double Folded(int atLeast, int atMost, int permutations) => (Math.Min(atLeast, atMost) + 1.0) / (permutations + 1.0);
}
