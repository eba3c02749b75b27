using MathNet.Numerics.Distributions;

namespace Waterline.Analytics.Estimation;

/// <summary>A two-list estimate of the total N with two 95% intervals: Wald (estimate ± z·se, cut at the observed count) and
/// log-normal on the unseen count (Chao 1987, Biometrics 43: N ∈ [n + f₀/C, n + f₀·C], C = exp(z·sqrt(log(1 + var/f₀²))),
/// which never falls below the observed count n = n₁ + n₂ − m).</summary>
public sealed record TwoListEstimate(string Method, double Total, double StandardError, double Observed,
    double WaldLower, double WaldUpper, double LogNormalLower, double LogNormalUpper);

/// <summary>Lincoln-Petersen and Chapman estimators from list sizes n₁, n₂ and the overlap m.</summary>
public static class TwoList
{
    /// <summary>Lincoln-Petersen N = n₁n₂/m (Petersen 1896, Lincoln 1930) with the large-sample variance
    /// n₁n₂(n₁−m)(n₂−m)/m³ (Seber 1982, The Estimation of Animal Abundance, eq. 3.2). Undefined when m = 0.</summary>
    public static TwoListEstimate LincolnPetersen(double n1, double n2, double m, double confidence = 0.95)
    {
        Validate(n1, n2, m);
        if (m == 0)
            throw new ArgumentException("Lincoln-Petersen needs an overlap m > 0 (with m = 0 the estimate is infinite).");
        var total = n1 * n2 / m;
        var variance = n1 * n2 * (n1 - m) * (n2 - m) / (m * m * m);
        return Intervals("Lincoln-Petersen", total, variance, n1 + n2 - m, confidence);
    }

    /// <summary>Chapman N = (n₁+1)(n₂+1)/(m+1) − 1 (Chapman 1951), nearly unbiased and defined for m = 0, with the variance
    /// (n₁+1)(n₂+1)(n₁−m)(n₂−m)/((m+1)²(m+2)) (Seber 1982, eq. 3.7; Wittes 1972).</summary>
    public static TwoListEstimate Chapman(double n1, double n2, double m, double confidence = 0.95)
    {
        Validate(n1, n2, m);
        var total = (n1 + 1) * (n2 + 1) / (m + 1) - 1;
        var variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) * (m + 1) * (m + 2));
        return Intervals("Chapman", total, variance, n1 + n2 - m, confidence);
    }

    internal static (double Lower, double Upper) LogNormal(double observed, double unseen, double variance, double confidence)
    {
        if (unseen <= 0)
            return (observed, observed);
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        var c = Math.Exp(z * Math.Sqrt(Math.Log(1 + variance / (unseen * unseen))));
        return (observed + unseen / c, observed + unseen * c);
    }

    private static TwoListEstimate Intervals(string method, double total, double variance, double observed, double confidence)
    {
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        var se = Math.Sqrt(variance);
        var (lower, upper) = LogNormal(observed, total - observed, variance, confidence);
        return new TwoListEstimate(method, total, se, observed, Math.Max(observed, total - z * se), total + z * se, lower, upper);
    }

    private static void Validate(double n1, double n2, double m)
    {
        if (n1 < 0 || n2 < 0 || m < 0 || m > Math.Min(n1, n2))
            throw new ArgumentException($"List sizes n1 = {n1}, n2 = {n2} and overlap m = {m} must satisfy 0 ≤ m ≤ min(n1, n2).");
    }
}
