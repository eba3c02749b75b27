using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Waterline.Analytics.Estimation;

namespace Waterline.Analytics.Displacement;

/// <summary>The verdict on one window, in DISMARK's terms.</summary>
public enum DisplacementClass
{
    /// <summary>The activity moved: the total did not change significantly while shares did.</summary>
    Shift,

    /// <summary>The activity grew: the total rose and no area fell.</summary>
    Expansion,

    /// <summary>The activity shrank: the total fell and no area rose.</summary>
    Contraction,

    /// <summary>Neither the total, nor any share, nor any area's own trend changed significantly.</summary>
    Stable,

    /// <summary>Too few periods, an area or total without counts, a fit that failed, or signals that contradict each other.</summary>
    CannotTell,
}

/// <summary>What the series hold.</summary>
public enum SeriesMeasure
{
    /// <summary>Counts of events (plantations, labs, seizures): whole numbers, Poisson or negative-binomial trends.</summary>
    Count,

    /// <summary>Amounts (tonnes, kilograms): non-negative reals, quasi-Poisson trends whose inference does not depend on the unit.</summary>
    Amount,
}

/// <summary>A slope on the log scale (per time unit) with its standard error, Wald interval and two-sided p-value.</summary>
/// <remarks><para>Model: "poisson", "nb2" (CountTrend's preferred fit) or "quasi-binomial" (share trends).</para>
/// <para>Dispersion: NB2 α, or the quasi-likelihood scale φ ≥ 1 the standard error was multiplied by √φ for.</para></remarks>
public sealed record TrendEstimate(double Slope, double StandardError, double Lower, double Upper, double PValue, string Model, double Dispersion)
{
    /// <summary>exp(Slope): the rate ratio per time unit (for a share trend: the odds ratio).</summary>
    public double Ratio => Math.Exp(Slope);

    public bool RisesAt(double alpha) => PValue < alpha && Slope > 0;

    public bool FallsAt(double alpha) => PValue < alpha && Slope < 0;
}

/// <summary>Everything measured on one area in a window.</summary>
/// <remarks><para>Count: the counts summed over the window. Trend: the area's count trend (a rate trend when effort is given).</para>
/// <para>Share: the trend of the area's share of the total against the rest (quasi-binomial logit, effort as offset).</para>
/// <para>ShareFirst, ShareLast: the observed (effort-adjusted) share in the first and last period.</para>
/// <para>MannKendall, Sen: the rank trend and Sen's slope of the (effort-adjusted) series, as a check free of the count model.</para></remarks>
public sealed record AreaEvidence(string Area, double Count, TrendEstimate Trend, TrendEstimate Share, double ShareFirst, double ShareLast,
    MannKendallResult MannKendall, SenSlopeResult Sen);

/// <summary>The classification of one window and the statistics behind it.</summary>
/// <remarks><para>From, To: for a shift, the areas whose share fell and rose; for an expansion the areas that rose (To);
/// for a contraction the areas that fell (From); empty otherwise.</para>
/// <para>Total, Areas: null and empty when the window could not be analysed (see Reason).</para>
/// <para>AnyChange: the gate of the rule, Lancaster's χ² combination of the areas' quasi-Poisson trend tests (null when not analysed).</para>
/// <para>SeasonLength: the seasons adjusted for (12 for monthly windows of two years or more), 0 when none.</para></remarks>
public sealed record DisplacementClassification(DisplacementClass Class, string[] From, string[] To, string Reason, double SignificanceLevel,
    int Periods, bool EffortAdjusted, TrendEstimate? Total, AreaEvidence[] Areas)
{
    public GlobalTest? AnyChange { get; init; }

    public int SeasonLength { get; init; }

    public SeriesMeasure Measure { get; init; }
}

/// <summary>The test of "no area's trend departs from flat": ChiSquare = Σ of the χ²(1) quantiles of the areas' trend p-values,
/// on DegreesOfFreedom = the number of areas.</summary>
public sealed record GlobalTest(double ChiSquare, int DegreesOfFreedom, double PValue);

public static class DisplacementClassifier
{
    /// <summary>Fewer periods than this: cannot tell. Five gives a count trend three residual degrees of freedom.</summary>
    public const int MinimumPeriods = 5;

    /// <summary>Classifies a window of two or more areas (countries, ports, transport modes) observed over the same periods.
    /// <para>Definitions (DISMARK, Colman et al. 2018, final report, conclusions): a <b>shift</b> is activity that moves from
    /// one country to the other, so that what grows on one side is what was lost on the other; an <b>expansion</b> is growth
    /// on one side while the activity persists on the other ("the number of cannabis plantations dismantled all over Belgium,
    /// combined with the persistent number of cannabis plantations dismantled in the Netherlands").</para>
    /// <para>Statistics, at two-sided level <paramref name="alpha"/> (default 0.05), times <paramref name="times"/> (default
    /// 0, 1, …; slopes are per time unit): (1) each area's count trend, <see cref="CountTrend.Fit"/>'s preferred fit (NB2
    /// when the Pearson check finds overdispersion, else Poisson), with log relative effort as offset; (2) the total's count
    /// trend, with offset log Σᵢ wᵢeᵢₜ, wᵢ the area's share of all counts in the window and eᵢₜ its effort relative to its
    /// window mean (the expected effort the total met if shares did not move); (3) each area's share trend, a binomial logit
    /// regression of yᵢₜ out of the period's total on time with offset log eᵢₜ − log(Σ_{j≠i} wⱼeⱼₜ / Σ_{j≠i} wⱼ) (exact for
    /// two areas), its standard error scaled by √φ, φ = max(1, Pearson χ²/(n − 2)) (quasi-binomial). Without effort every e is 1.</para>
    /// <para>Decision, in this order: cannot-tell when fewer than <see cref="MinimumPeriods"/> periods, an area or the total
    /// has no counts, or a fit does not converge. Let R be the areas whose share rises significantly, F those whose share
    /// falls significantly. Total flat (p ≥ alpha): if R or F is non-empty, <b>shift</b> from F (or, when F is empty, the
    /// areas whose share slope is negative) to R (likewise); else if an area's own trend is significant, cannot-tell (an area
    /// moves but neither the total nor the shares do); else <b>stable</b>. Total rising: if an area's own trend falls
    /// significantly, cannot-tell (part shift, part expansion); else <b>expansion</b> to the areas whose own trend rises
    /// significantly (all areas when none does alone). Total falling: mirror image, <b>contraction</b> from the areas that
    /// fall, cannot-tell when an area rises significantly.</para></summary>
    /// <param name="areas">Area names, one per series.</param>
    /// <param name="counts">counts[area][period]: non-negative whole numbers, the same number of periods per area.</param>
    /// <param name="times">Period times, strictly increasing (default 0, 1, …).</param>
    /// <param name="effort">Optional effort[area][period] (raids, controls, scanner hours), positive; counts become rates.</param>
    /// <param name="alpha">The two-sided significance level of every test in the rule.</param>
    /// <param name="seasons">Optional season of each period (0 … S − 1, e.g. month − 1): when the window holds every season
    /// at least twice, each area's seasonal factors are estimated (Poisson regression on trend and season dummies, effort as
    /// offset) and enter its exposure, so the trends, shares and tests are on seasonally adjusted rates.</param>
    /// <param name="measure">Counts (default) or amounts (quasi-Poisson trends; see <see cref="CountTrend.FitQuasiPoisson"/>).</param>
    public static DisplacementClassification Classify(IReadOnlyList<string> areas, double[][] counts, double[]? times = null,
        double[][]? effort = null, double alpha = 0.05, int[]? seasons = null, SeriesMeasure measure = SeriesMeasure.Count)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(counts);
        if (areas.Count < 2 || counts.Length != areas.Count)
            throw new ArgumentException("Classification needs two or more areas, one series each.", nameof(counts));
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), "The significance level lies strictly between 0 and 1.");
        var n = counts[0].Length;
        var k = areas.Count;
        for (var i = 0; i < k; i++)
        {
            if (counts[i].Length != n)
                throw new ArgumentException($"Area '{areas[i]}' has {counts[i].Length} periods, the first area {n}.", nameof(counts));
            if (measure == SeriesMeasure.Count && counts[i].Any(v => !(v >= 0) || v != Math.Floor(v)))
                throw new ArgumentException($"Area '{areas[i]}': counts must be non-negative whole numbers.", nameof(counts));
            if (measure == SeriesMeasure.Amount && counts[i].Any(v => !(v >= 0) || !double.IsFinite(v)))
                throw new ArgumentException($"Area '{areas[i]}': amounts must be finite and non-negative.", nameof(counts));
            if (effort is not null && (effort.Length != k || effort[i].Length != n || effort[i].Any(v => !(v > 0) || !double.IsFinite(v))))
                throw new ArgumentException($"Area '{areas[i]}': effort needs one positive value per period.", nameof(effort));
        }
        if (times is not null && times.Length != n)
            throw new ArgumentException("One time per period.", nameof(times));
        if (seasons is not null && seasons.Length != n)
            throw new ArgumentException("One season per period.", nameof(seasons));
        var given = times ?? [.. Enumerable.Range(0, n).Select(i => (double)i)];
        // Centred: with calendar years as times the intercept and slope columns are nearly collinear and the NB2 fit stalls.
        var centre = given.Average();
        var t = given.Select(v => v - centre).ToArray();
        var adjusted = effort is not null;

        var seasonLength = seasons is not null && seasons.Length > 0 && SeasonsRepeat(seasons) ? seasons.Max() + 1 : 0;

        DisplacementClassification Refuse(string reason) =>
            new(DisplacementClass.CannotTell, [], [], reason, alpha, n, adjusted, null, []) { Measure = measure };

        if (n < MinimumPeriods)
            return Refuse($"{n} periods; at least {MinimumPeriods} are needed.");
        for (var i = 0; i < k; i++)
            if (counts[i].All(v => v == 0))
                return Refuse($"Area '{areas[i]}' has no counts in the window.");
        var total = new double[n];
        for (var p = 0; p < n; p++)
            for (var i = 0; i < k; i++)
                total[p] += counts[i][p];
        if (total.Any(v => v == 0))
            return Refuse($"Period {given[Array.IndexOf(total, 0.0)]} has no counts in any area, so shares are undefined.");

        var relative = new double[k][];
        for (var i = 0; i < k; i++)
        {
            var mean = effort is null ? 1 : effort[i].Average();
            relative[i] = [.. Enumerable.Range(0, n).Select(p => effort is null ? 1 : effort[i][p] / mean)];
            if (seasonLength > 0 && SeasonalFactors(counts[i], t, relative[i], seasons!, seasonLength) is { } factors)
                for (var p = 0; p < n; p++)
                    relative[i][p] *= factors[p];
        }
        var grand = total.Sum();
        var weight = counts.Select(c => c.Sum() / grand).ToArray();
        var totalExposure = new double[n];
        for (var p = 0; p < n; p++)
            for (var i = 0; i < k; i++)
                totalExposure[p] += weight[i] * relative[i][p];

        // Seasonal factors fitted into the exposures use up S − 1 degrees of freedom of every later dispersion estimate.
        var extra = seasonLength > 0 ? seasonLength - 1 : 0;
        var totalTrend = Trend(total, t, totalExposure, 1 - alpha, measure, extra);
        if (totalTrend is null)
            return Refuse("The total's trend did not converge.");
        var evidence = new AreaEvidence[k];
        for (var i = 0; i < k; i++)
        {
            var trend = Trend(counts[i], t, relative[i], 1 - alpha, measure, extra);
            if (trend is null)
                return Refuse($"Area '{areas[i]}': the trend did not converge.");
            var offset = new double[n];
            var rates = new double[n];
            var shares = new double[n];
            for (var p = 0; p < n; p++)
            {
                double rest = 0, restWeight = 0, rateTotal = 0;
                for (var j = 0; j < k; j++)
                {
                    rateTotal += counts[j][p] / relative[j][p];
                    if (j == i)
                        continue;
                    rest += weight[j] * relative[j][p];
                    restWeight += weight[j];
                }
                offset[p] = Math.Log(relative[i][p]) - Math.Log(rest / restWeight);
                rates[p] = counts[i][p] / relative[i][p];
                shares[p] = rates[p] / rateTotal;
            }
            var share = ShareTrend(counts[i], total, t, offset, alpha, floorDispersion: measure == SeriesMeasure.Count, extra);
            if (share is null)
                return Refuse($"Area '{areas[i]}': the share trend did not converge.");
            evidence[i] = new AreaEvidence(areas[i], counts[i].Sum(), trend, share, shares[0], shares[^1],
                MannKendall.Test(rates), SenSlope.Estimate(rates, given));
        }
        var gate = AnyChange(counts, t, relative, measure, extra);
        return Decide(evidence, totalTrend, gate, alpha, n, adjusted) with { AnyChange = gate, SeasonLength = seasonLength, Measure = measure };
    }

    /// <summary>The gate: per area a quasi-Poisson slope test (Poisson estimating equations, SE × √φ, φ = Pearson χ²/(n − 2),
    /// floored at 1 for counts) against Student's t on n − 2 df; each two-sided pᵢ becomes the χ²(1) quantile with the same
    /// upper tail and their sum is referred to χ²(k) (Lancaster 1961; with normal rather than t statistics this is Σ zᵢ²). The
    /// area fits are separate, so the tests are independent under "nothing changes". Quasi-Poisson with t rather than the NB2
    /// Wald z of the rule: with a dozen periods the NB2 z is liberal when the Pearson check misses mild overdispersion, and the
    /// gate is what holds the false-alarm rate. Sum of squares rather than Fisher's −2 Σ ln p or the smallest p: the first
    /// dilutes a change in one area (an expansion), the second misses two moderate opposite changes (a shift).</summary>
    private static GlobalTest AnyChange(double[][] counts, double[] t, double[][] relative, SeriesMeasure measure, int extra)
    {
        var df = Math.Max(1, t.Length - 2 - extra);
        var statistic = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var fit = CountTrend.FitQuasiPoisson(counts[i], t, relative[i], estimatedElsewhere: extra);
            var phi = measure == SeriesMeasure.Count ? Math.Max(1, fit.Dispersion) : fit.Dispersion;
            var se = fit.StandardError / Math.Sqrt(fit.Dispersion) * Math.Sqrt(phi);
            // A count's Poisson variance is a known floor: when the scatter does not exceed it nothing was estimated and the
            // normal applies; above it the scale comes from n − 2 residuals, hence t.
            var p = measure == SeriesMeasure.Count && fit.Dispersion <= 1
                ? 2 * Normal.CDF(0, 1, -Math.Abs(fit.Slope / se))
                : 2 * StudentT.CDF(0, 1, df, -Math.Abs(fit.Slope / se));
            if (double.IsFinite(p))
                statistic += ChiSquared.InvCDF(1, 1 - Math.Max(p, 1e-300));
        }
        return new GlobalTest(statistic, counts.Length, 1 - ChiSquared.CDF(counts.Length, statistic));
    }

    private static bool SeasonsRepeat(int[] seasons)
    {
        var length = seasons.Max() + 1;
        if (seasons.Min() < 0 || length < 2)
            return false;
        var seen = new int[length];
        foreach (var season in seasons)
            seen[season]++;
        return seen.All(c => c >= 2);
    }

    /// <summary>exp(γ_season) from a Poisson regression of the area's values on centred time and season dummies (log relative
    /// effort as offset), normalised so their log mean over the window's periods is 0: the area's level is kept and only the
    /// within-year pattern leaves. Null when the fit fails (the series is then used unadjusted).</summary>
    private static double[]? SeasonalFactors(double[] values, double[] t, double[] relative, int[] seasons, int seasonLength)
    {
        var n = values.Length;
        var x = Matrix<double>.Build.Dense(n, 1 + seasonLength, (p, j) => j == 0 ? 1 : j == 1 ? t[p] : seasons[p] == j - 1 ? 1 : 0);
        var fit = PoissonRegression.Fit(x, values, [.. relative.Select(v => Math.Log(v))]);
        if (!fit.Converged)
            return null;
        var effect = seasons.Select(s => s == 0 ? 0 : fit.Coefficients[s + 1]).ToArray();
        var mean = effect.Average();
        return [.. effect.Select(e => Math.Exp(e - mean))];
    }

    private static TrendEstimate? Trend(double[] values, double[] t, double[] exposure, double confidence, SeriesMeasure measure, int extra)
    {
        if (measure == SeriesMeasure.Amount)
        {
            // The scale is estimated from n − 2 residual degrees of freedom, so p and the interval come from Student's t.
            var quasi = CountTrend.FitQuasiPoisson(values, t, exposure, confidence, extra);
            if (!quasi.Converged)
                return null;
            var df = Math.Max(1, t.Length - 2 - extra);
            var half = StudentT.InvCDF(0, 1, df, 1 - (1 - confidence) / 2) * quasi.StandardError;
            return new TrendEstimate(quasi.Slope, quasi.StandardError, quasi.Slope - half, quasi.Slope + half,
                TwoSidedT(quasi.Slope / quasi.StandardError, df), "quasi-poisson", quasi.Dispersion);
        }
        var fit = CountTrend.Fit(values, t, exposure, confidence, extra);
        return fit.Preferred.Converged ? Estimate(fit) : null;
    }

    private static DisplacementClassification Decide(AreaEvidence[] areas, TrendEstimate total, GlobalTest gate, double alpha, int n, bool adjusted)
    {
        string[] Names(Func<AreaEvidence, bool> which) => [.. areas.Where(which).Select(a => a.Area)];
        string List(string[] names) => string.Join(", ", names);
        DisplacementClassification Result(DisplacementClass c, string[] from, string[] to, string reason) =>
            new(c, from, to, reason, alpha, n, adjusted, total, areas);

        var shareUp = Names(a => a.Share.RisesAt(alpha));
        var shareDown = Names(a => a.Share.FallsAt(alpha));
        var up = Names(a => a.Trend.RisesAt(alpha));
        var down = Names(a => a.Trend.FallsAt(alpha));
        var level = alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        static string P(double p) => p.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
        // Closed testing (Marcus, Peritz and Gabriel 1976): the rule's tests run only once "no area changes" is rejected at
        // alpha, so a world where nothing changes is called stable with probability about 1 − alpha, not (1 − alpha)^tests.
        if (gate.PValue >= alpha)
            return Result(DisplacementClass.Stable, [], [],
                $"No area's trend departs from flat (χ² = {gate.ChiSquare.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} on {gate.DegreesOfFreedom} df, p = {P(gate.PValue)} ≥ {level}).");
        if (total.RisesAt(alpha))
        {
            if (down.Length > 0)
                return Result(DisplacementClass.CannotTell, down, up,
                    $"The total rises (p = {P(total.PValue)}) but {List(down)} falls significantly: part shift, part expansion.");
            var to = up.Length > 0 ? up : Names(_ => true);
            return Result(DisplacementClass.Expansion, [], to,
                $"The total rises (p = {P(total.PValue)} < {level}) and no area falls; growth in {List(to)}.");
        }
        if (total.FallsAt(alpha))
        {
            if (up.Length > 0)
                return Result(DisplacementClass.CannotTell, down, up,
                    $"The total falls (p = {P(total.PValue)}) but {List(up)} rises significantly: part shift, part contraction.");
            var from = down.Length > 0 ? down : Names(_ => true);
            return Result(DisplacementClass.Contraction, from, [],
                $"The total falls (p = {P(total.PValue)} < {level}) and no area rises; decline in {List(from)}.");
        }
        if (shareUp.Length > 0 || shareDown.Length > 0)
        {
            var from = shareDown.Length > 0 ? shareDown : Names(a => a.Share.Slope < 0);
            var to = shareUp.Length > 0 ? shareUp : Names(a => a.Share.Slope > 0);
            return Result(DisplacementClass.Shift, from, to,
                $"The total does not change significantly (p = {P(total.PValue)}) while the share moves from {List(from)} to {List(to)}.");
        }
        if (up.Length > 0 || down.Length > 0)
            return Result(DisplacementClass.CannotTell, down, up,
                $"{List([.. down, .. up])} changes significantly but neither the total nor any share does.");
        return Result(DisplacementClass.Stable, [], [],
            $"Neither the total (p = {P(total.PValue)}), nor any share, nor any area changes significantly at {level}.");
    }

    internal static TrendEstimate Estimate(CountTrendResult result) =>
        Estimate(result.Preferred, ReferenceEquals(result.Preferred, result.NegativeBinomial) ? "nb2" : "poisson");

    private static TrendEstimate Estimate(CountTrendFit fit, string model) =>
        new(fit.Slope, fit.StandardError, fit.Lower, fit.Upper, TwoSided(fit.Slope / fit.StandardError), model, fit.Dispersion);

    private static double TwoSidedT(double t, int df) => double.IsFinite(t) ? Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t))) : double.NaN;

    internal static double TwoSided(double z) => double.IsFinite(z) ? Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))) : double.NaN;

    /// <summary>Binomial logit regression of <paramref name="successes"/> out of <paramref name="trials"/> on time, by IRLS with
    /// step halving; the standard error is scaled by √max(1, Pearson χ²/(n − 2)) (for amounts by √(χ²/(n − 2)), unfloored, so the
    /// unit does not matter). Null when the fit does not converge.</summary>
    private static TrendEstimate? ShareTrend(double[] successes, double[] trials, double[] t, double[] offset, double alpha, bool floorDispersion,
        int extra)
    {
        var n = t.Length;
        var x = Matrix<double>.Build.Dense(n, 2, (i, j) => j == 0 ? 1 : t[i]);
        var share = successes.Sum() / trials.Sum();
        var beta = new[] { Math.Log(share / (1 - share + 1e-12) + 1e-12), 0.0 };
        var previous = double.NegativeInfinity;
        var converged = false;
        Matrix<double> information = Matrix<double>.Build.Dense(2, 2);
        for (var iteration = 0; iteration < 100 && !converged; iteration++)
        {
            information = Matrix<double>.Build.Dense(2, 2);
            var score = Vector<double>.Build.Dense(2);
            for (var i = 0; i < n; i++)
            {
                var p = Logistic(offset[i] + beta[0] + beta[1] * t[i]);
                var w = trials[i] * p * (1 - p);
                for (var j = 0; j < 2; j++)
                {
                    score[j] += (successes[i] - trials[i] * p) * x[i, j];
                    for (var l = 0; l < 2; l++)
                        information[j, l] += w * x[i, j] * x[i, l];
                }
            }
            var step = information.Solve(score);
            var next = new[] { beta[0] + step[0], beta[1] + step[1] };
            var ll = BinomialLogLikelihood(successes, trials, t, offset, next);
            for (var halving = 0; halving < 30 && !(ll >= previous); halving++)
            {
                next = [(next[0] + beta[0]) / 2, (next[1] + beta[1]) / 2];
                ll = BinomialLogLikelihood(successes, trials, t, offset, next);
            }
            converged = Math.Abs(ll - previous) <= 1e-12 * (Math.Abs(ll) + 1);
            beta = next;
            previous = ll;
        }
        if (!converged || !double.IsFinite(beta[1]))
            return null;
        var chi2 = 0.0;
        information = Matrix<double>.Build.Dense(2, 2);
        for (var i = 0; i < n; i++)
        {
            var p = Logistic(offset[i] + beta[0] + beta[1] * t[i]);
            var variance = trials[i] * p * (1 - p);
            if (variance > 0)
                chi2 += (successes[i] - trials[i] * p) * (successes[i] - trials[i] * p) / variance;
            for (var j = 0; j < 2; j++)
                for (var l = 0; l < 2; l++)
                    information[j, l] += variance * x[i, j] * x[i, l];
        }
        var df = Math.Max(1, n - 2 - extra);
        var phi = floorDispersion ? Math.Max(1, chi2 / df) : chi2 / df;
        var se = Math.Sqrt(information.Inverse()[1, 1] * phi);
        // Amounts: the scale is wholly estimated (no binomial floor), so Student's t on n − 2 df, as for their trends.
        var z = floorDispersion ? Normal.InvCDF(0, 1, 1 - alpha / 2) : StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        var pValue = floorDispersion ? TwoSided(beta[1] / se) : TwoSidedT(beta[1] / se, df);
        return new TrendEstimate(beta[1], se, beta[1] - z * se, beta[1] + z * se, pValue, "quasi-binomial", phi);
    }

    private static double Logistic(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    private static double BinomialLogLikelihood(double[] y, double[] m, double[] t, double[] offset, double[] beta)
    {
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var eta = offset[i] + beta[0] + beta[1] * t[i];
            // log p = −log(1 + e^−η), log(1 − p) = −log(1 + e^η), written to stay finite for large |η|.
            var logP = -Softplus(-eta);
            var logQ = -Softplus(eta);
            sum += y[i] * logP + (m[i] - y[i]) * logQ;
        }
        return sum;
    }

    private static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));
}
