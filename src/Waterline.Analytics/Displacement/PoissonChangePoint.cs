using MathNet.Numerics.Distributions;

namespace Waterline.Analytics.Displacement;

/// <summary>The single change in a Poisson rate that best explains the counts.</summary>
/// <remarks><para>LastIndexBefore: zero-based index of the last period at the first rate (the split maximising the likelihood
/// ratio; the first on ties).</para>
/// <para>RateBefore, RateAfter: the maximum-likelihood rates (segment means, per period or per unit of exposure).</para>
/// <para>LikelihoodRatio: 2[ℓ(λ₁, λ₂) − ℓ(λ)] at that split; Profile: the statistic for every split k = 0 … n − 2.</para>
/// <para>PValue: the permutation p-value of the maximum, (1 + #{permuted max ≥ observed}) / (1 + Permutations). The pointwise
/// χ²(1) tail of LikelihoodRatio is NOT a valid p-value for a maximum over splits (it is far too small) and is given only
/// as NominalPValue for comparison.</para></remarks>
public sealed record PoissonChangePointResult(int LastIndexBefore, double RateBefore, double RateAfter, double LikelihoodRatio,
    double PValue, double NominalPValue, int Permutations, double[] Profile);

public static class PoissonChangePoint
{
    /// <summary>Likelihood-ratio scan for one change in a Poisson rate at an unknown time (Hinkley 1970 for the likelihood-ratio
    /// change point; Worsley 1986 for the Poisson/exponential-family case), over every split leaving at least one period on
    /// each side. Significance by permuting the counts (exchangeable under a constant rate), seeded.</summary>
    public static PoissonChangePointResult Scan(ReadOnlySpan<double> counts, int permutations = 999, int seed = 1)
    {
        var n = counts.Length;
        if (n < 2)
            throw new ArgumentException("A change-point scan needs at least two periods.", nameof(counts));
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        var y = counts.ToArray();
        if (y.Any(v => v < 0 || double.IsNaN(v)))
            throw new ArgumentException("Counts must be non-negative.", nameof(counts));
        var profile = new double[n - 1];
        var best = Profile(y, profile);
        var observed = profile[best];
        var random = new Random(seed);
        var scratch = new double[n - 1];
        var exceed = 0;
        for (var b = 0; b < permutations; b++)
        {
            random.Shuffle(y);
            if (scratch[Profile(y, scratch)] >= observed * (1 - 1e-12))
                exceed++;
        }
        return new PoissonChangePointResult(best, Pettitt.Mean(counts[..(best + 1)]), Pettitt.Mean(counts[(best + 1)..]), observed,
            (1.0 + exceed) / (1.0 + permutations), 1 - ChiSquared.CDF(1, observed), permutations, profile);
    }

    /// <summary>Fills LR(k) for splits after k = 0 … n − 2 and returns the maximising k. With segment totals Y and lengths m,
    /// ℓ = Y ln(Y/m) − Y up to terms that cancel in the ratio.</summary>
    private static int Profile(double[] y, double[] profile)
    {
        var total = 0.0;
        foreach (var v in y)
            total += v;
        var n = y.Length;
        var whole = Part(total, n);
        var left = 0.0;
        var best = 0;
        for (var k = 0; k < n - 1; k++)
        {
            left += y[k];
            profile[k] = 2 * (Part(left, k + 1) + Part(total - left, n - k - 1) - whole);
            if (profile[k] > profile[best])
                best = k;
        }
        return best;
    }

    private static double Part(double sum, double length) => sum > 0 ? sum * Math.Log(sum / length) - sum : 0;
}
