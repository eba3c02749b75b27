using MathNet.Numerics.Distributions;

namespace Waterline.Analytics.Displacement;

/// <summary>A point estimate with a two-sided interval.</summary>
public readonly record struct IntervalEstimate(double Estimate, double Lower, double Upper);

/// <summary>Intervals for one count and for one proportion, shown beside every point of a displacement timeline.</summary>
public static class CountInterval
{
    /// <summary>The exact (Garwood 1936) interval of a Poisson mean from one count k: lower = χ²(α/2; 2k)/2 (0 when k = 0),
    /// upper = χ²(1 − α/2; 2k + 2)/2. Conservative: coverage is at least the confidence for every mean.</summary>
    public static IntervalEstimate ExactPoisson(double count, double confidence = 0.95)
    {
        if (count < 0 || count != Math.Floor(count))
            throw new ArgumentOutOfRangeException(nameof(count), "A count is a whole number ≥ 0.");
        var alpha = 1 - confidence;
        var lower = count == 0 ? 0 : ChiSquared.InvCDF(2 * count, alpha / 2) / 2;
        var upper = ChiSquared.InvCDF(2 * count + 2, 1 - alpha / 2) / 2;
        return new IntervalEstimate(count, lower, upper);
    }

    /// <summary>The Wilson (1927) score interval of a proportion x/n: centre (x + z²/2)/(n + z²), half-width
    /// z√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n). Null when n = 0 (no proportion).</summary>
    public static IntervalEstimate? Wilson(double successes, double trials, double confidence = 0.95)
    {
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), "Successes lie between 0 and the trials.");
        if (trials == 0)
            return null;
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var p = successes / trials;
        var z2 = z * z;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator;
        return new IntervalEstimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
