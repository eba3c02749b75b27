namespace Waterline.Analytics.Estimation;

/// <summary>One stratum's estimate (region, period) for <see cref="Strata.Sum"/>.</summary>
public sealed record StratumEstimate(string Name, double Observed, double Unseen, double StandardError);

/// <summary>The sum over strata with its interval. <see cref="Reason"/> is set and the numbers are NaN when a stratum has no estimate.</summary>
public sealed record StratifiedTotal(double Total, double Observed, double Unseen, double StandardError, double Lower, double Upper, string? Reason);

/// <summary>Totals over independent strata (separate lists or separate cases per stratum).</summary>
public static class Strata
{
    /// <summary>The sum of the stratum estimates; the variance is the sum of the stratum variances (the strata are estimated
    /// from disjoint cases, so independently); the interval is log-normal on the summed unseen count (the Chao 1987 form), so it
    /// never falls below the summed observed count. Profile intervals do not add, hence this choice.</summary>
    public static StratifiedTotal Sum(IReadOnlyList<StratumEstimate> strata, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        var observed = strata.Sum(s => s.Observed);
        var missing = strata.Where(s => !double.IsFinite(s.Unseen) || !double.IsFinite(s.StandardError)).Select(s => s.Name).ToList();
        if (missing.Count > 0)
            return new StratifiedTotal(double.NaN, observed, double.NaN, double.NaN, double.NaN, double.NaN,
                $"no estimate for stratum {string.Join(", ", missing)}, so none for the sum.");
        var unseen = strata.Sum(s => s.Unseen);
        var variance = strata.Sum(s => s.StandardError * s.StandardError);
        var (lower, upper) = TwoList.LogNormal(observed, unseen, variance, confidence);
        return new StratifiedTotal(observed + unseen, observed, unseen, Math.Sqrt(variance), lower, upper, null);
    }

    /// <summary>A stratum from a fitted log-linear model (its Rcapture-style standard error).</summary>
    public static StratumEstimate From(string name, LogLinearEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new StratumEstimate(name, estimate.Observed, estimate.Unseen, estimate.StandardError);
    }
}
