namespace Waterline.Analytics.Estimation;

/// <summary>Chao's lower bound for the total under heterogeneous capture probabilities (Chao 1987, "Estimating the population
/// size for capture-recapture data with unequal catchability", Biometrics 43), from f₁ and f₂, the cases seen by exactly one and
/// exactly two lists. Estimate n + f₁²/(2f₂); when f₂ = 0 the bias-corrected form n + f₁(f₁−1)/(2(f₂+1)) (Chao 2005) is used
/// and said so. Variance (Chao 1987): f₂[(f₁/f₂)⁴/4 + (f₁/f₂)³ + (f₁/f₂)²/2]; the interval is log-normal on the unseen count.</summary>
public sealed record ChaoEstimate(double Total, double Unseen, double StandardError, double Lower, double Upper, double F1, double F2, bool BiasCorrected);

public static class ChaoLowerBound
{
    public static ChaoEstimate Estimate(CaptureTable table, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(table);
        var f = table.CaptureFrequencies();
        return Estimate(table.Observed, f[1], f[2], confidence);
    }

    public static ChaoEstimate Estimate(double observed, double f1, double f2, double confidence = 0.95)
    {
        if (f1 < 0 || f2 < 0 || observed < f1 + f2)
            throw new ArgumentException($"f1 = {f1}, f2 = {f2} and n = {observed} must satisfy 0 ≤ f1 + f2 ≤ n.");
        var corrected = f2 == 0;
        var unseen = corrected ? f1 * (f1 - 1) / 2 : f1 * f1 / (2 * f2);
        unseen = Math.Max(unseen, 0);
        var variance = corrected
            ? f1 * (f1 - 1) / 2 + f1 * Math.Pow(2 * f1 - 1, 2) / 4 - Math.Pow(f1, 4) / (4 * (observed + unseen))
            : f2 * (Math.Pow(f1 / f2, 4) / 4 + Math.Pow(f1 / f2, 3) + Math.Pow(f1 / f2, 2) / 2);
        variance = Math.Max(variance, 0);
        var (lower, upper) = TwoList.LogNormal(observed, unseen, variance, confidence);
        return new ChaoEstimate(observed + unseen, unseen, Math.Sqrt(variance), lower, upper, f1, f2, corrected);
    }
}
