using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Waterline.Analytics.Estimation;

namespace Waterline.Analytics.Displacement;

/// <summary>A coefficient on the log scale with its quasi-Poisson standard error, Wald interval and two-sided p-value.</summary>
public sealed record LogRateEffect(double Estimate, double StandardError, double Lower, double Upper, double PValue)
{
    /// <summary>exp(Estimate): the rate ratio.</summary>
    public double Ratio => Math.Exp(Estimate);
}

/// <summary>Segmented regression around an intervention: log μₜ = b₀ + b₁t + b₂·after + b₃·(t − t₀)·after (+ log exposure).</summary>
/// <remarks><para>PreSlope: b₁, per time unit. LevelChange: b₂, the jump at t₀ (exp gives the rate ratio). SlopeChange: b₃.</para>
/// <para>Dispersion: φ = max(1, Pearson χ²/(n − 4)); every standard error is multiplied by √φ (quasi-Poisson).</para></remarks>
public sealed record SegmentedTrend(double InterventionTime, int PeriodsBefore, int PeriodsAfter, LogRateEffect PreSlope,
    LogRateEffect LevelChange, LogRateEffect SlopeChange, double Dispersion);

/// <summary>Difference in differences of two areas around an intervention, with period fixed effects.</summary>
/// <remarks><para>Effect: d in log μᵢₜ = γₜ + a·treated + d·treated·after (+ log exposure); exp(d) is the ratio by which the
/// treated area's rate changed relative to the comparison area's.</para>
/// <para>TreatedBefore … ComparisonAfter: mean (effort-adjusted) counts per period in each cell.</para>
/// <para>Dispersion: φ = max(1, Pearson χ²/(2n − n − 2)), as in <see cref="SegmentedTrend"/>.</para></remarks>
public sealed record DifferenceInDifferences(double InterventionTime, LogRateEffect Effect, double TreatedBefore, double TreatedAfter,
    double ComparisonBefore, double ComparisonAfter, double Dispersion);

public static class InterruptedTimeSeries
{
    /// <summary>Segmented (interrupted time series) Poisson regression (Wagner et al. 2002; Bernal, Cummins and Gasparrini
    /// 2017) fitted by <see cref="PoissonRegression.Fit"/> with the standard errors scaled for overdispersion (quasi-Poisson,
    /// McCullagh and Nelder 1989 §4.5). Periods with time ≥ <paramref name="interventionTime"/> are after. Needs two periods
    /// before and two after, and more periods than the four parameters.</summary>
    /// <remarks>For <see cref="SeriesMeasure.Amount"/> the dispersion is not floored at 1 (see <see cref="CountTrend.FitQuasiPoisson"/>).</remarks>
    public static SegmentedTrend Segmented(double[] counts, double[] times, double interventionTime, double[]? exposure = null,
        double confidence = 0.95, SeriesMeasure measure = SeriesMeasure.Count)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(times);
        var n = Check(counts, times, exposure, nameof(counts), measure);
        var after = times.Count(v => v >= interventionTime);
        if (after < 2 || n - after < 2 || n < 5)
            throw new ArgumentException("Segmented regression needs two periods before and two after the intervention, five in all.");
        var x = Matrix<double>.Build.Dense(n, 4, (i, j) => j switch
        {
            0 => 1,
            // Centred on the intervention, so calendar years do not make the intercept and slope columns collinear.
            1 => times[i] - interventionTime,
            2 => times[i] >= interventionTime ? 1 : 0,
            _ => times[i] >= interventionTime ? times[i] - interventionTime : 0,
        });
        var (effects, phi) = QuasiPoisson(x, counts, Offset(exposure, n), confidence, measure);
        return new SegmentedTrend(interventionTime, n - after, after, effects[1], effects[2], effects[3], phi);
    }

    /// <summary>Difference in differences as a two-way fixed-effects Poisson regression (period effects and an area effect) with
    /// quasi-Poisson standard errors; the treated-after interaction is the effect. For the waterbed question, run it with the
    /// area where enforcement tightened as treated, then with the neighbour as treated against a third, untouched area.</summary>
    public static DifferenceInDifferences DifferenceInDifferences(double[] treated, double[] comparison, double[] times, double interventionTime,
        double[]? treatedExposure = null, double[]? comparisonExposure = null, double confidence = 0.95, SeriesMeasure measure = SeriesMeasure.Count)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(times);
        var n = Check(treated, times, treatedExposure, nameof(treated), measure);
        Check(comparison, times, comparisonExposure, nameof(comparison), measure);
        var after = times.Count(v => v >= interventionTime);
        if (after < 1 || n - after < 1 || n < 3)
            throw new ArgumentException("Difference in differences needs a period before and one after the intervention, three in all.");
        // Columns: one per period (γₜ), then treated, then treated·after; rows: the treated area's periods, then the comparison's.
        var x = Matrix<double>.Build.Dense(2 * n, n + 2);
        var y = new double[2 * n];
        var offset = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            x[i, i] = 1;
            x[n + i, i] = 1;
            x[i, n] = 1;
            x[i, n + 1] = times[i] >= interventionTime ? 1 : 0;
            y[i] = treated[i];
            y[n + i] = comparison[i];
            offset[i] = treatedExposure is null ? 0 : Math.Log(treatedExposure[i]);
            offset[n + i] = comparisonExposure is null ? 0 : Math.Log(comparisonExposure[i]);
        }
        var (effects, phi) = QuasiPoisson(x, y, offset, confidence, measure);
        double Mean(double[] values, double[]? exposure, bool later) =>
            Enumerable.Range(0, n).Where(i => times[i] >= interventionTime == later).Average(i => values[i] / (exposure?[i] ?? 1));
        return new DifferenceInDifferences(interventionTime, effects[n + 1], Mean(treated, treatedExposure, false), Mean(treated, treatedExposure, true),
            Mean(comparison, comparisonExposure, false), Mean(comparison, comparisonExposure, true), phi);
    }

    private static int Check(double[] counts, double[] times, double[]? exposure, string name, SeriesMeasure measure)
    {
        var n = counts.Length;
        if (times.Length != n || exposure is not null && exposure.Length != n)
            throw new ArgumentException("Times and exposure need one entry per count.", name);
        if (measure == SeriesMeasure.Count && counts.Any(v => !(v >= 0) || v != Math.Floor(v)))
            throw new ArgumentException("Counts must be non-negative whole numbers.", name);
        if (measure == SeriesMeasure.Amount && counts.Any(v => !(v >= 0) || !double.IsFinite(v)))
            throw new ArgumentException("Amounts must be finite and non-negative.", name);
        if (exposure is not null && exposure.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("Exposure must be positive.", name);
        if (counts.All(v => v == 0))
            throw new ArgumentException("The series has no counts.", name);
        return n;
    }

    private static double[] Offset(double[]? exposure, int n) =>
        exposure is null ? new double[n] : [.. exposure.Select(v => Math.Log(v))];

    private static (LogRateEffect[] Effects, double Phi) QuasiPoisson(Matrix<double> x, double[] y, double[] offset, double confidence, SeriesMeasure measure)
    {
        var fit = PoissonRegression.Fit(x, y, offset);
        if (!fit.Converged)
            throw new ArgumentException("The Poisson regression did not converge (a segment without counts?).");
        var p = x.ColumnCount;
        var chi2 = 0.0;
        for (var i = 0; i < y.Length; i++)
            chi2 += (y[i] - fit.Fitted[i]) * (y[i] - fit.Fitted[i]) / fit.Fitted[i];
        var phi = y.Length <= p ? 1 : measure == SeriesMeasure.Amount ? chi2 / (y.Length - p) : Math.Max(1, chi2 / (y.Length - p));
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var effects = new LogRateEffect[p];
        for (var j = 0; j < p; j++)
        {
            var b = fit.Coefficients[j];
            var se = Math.Sqrt(fit.Covariance[j, j] * phi);
            effects[j] = new LogRateEffect(b, se, b - z * se, b + z * se, DisplacementClassifier.TwoSided(b / se));
        }
        return (effects, phi);
    }
}
