using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Waterline.Analytics.Estimation;

/// <summary>Whether a model gives an estimate of the unseen count.</summary>
public enum EstimateStatus
{
    /// <summary>The maximum-likelihood estimate exists and is finite.</summary>
    Estimated,
    /// <summary>Estimated by the extended MLE: some zero cells are fitted as exactly 0 and the parameters that push them there
    /// are infinite, but the unseen count does not depend on them (Fienberg and Rinaldo 2012, "Maximum likelihood estimation in
    /// log-linear models", Ann. Statist. 40).</summary>
    EstimatedOnBoundary,
    /// <summary>More parameters than the histories can separate: no estimate.</summary>
    NotIdentifiable,
    /// <summary>The likelihood grows without bound as the unseen count does: no finite estimate.</summary>
    Diverges,
}

/// <summary>A profile-likelihood interval for the total N (Cormack 1992, "Interval estimation for mark-recapture studies of
/// closed populations", Biometrics 48): the N whose multinomial profile log-likelihood lies within χ²₁(level)/2 of its maximum.
/// <see cref="LowerAtObserved"/> says the lower end reached the observed count n (the unseen count may be 0);
/// an infinite upper end says the likelihood never falls that far.</summary>
public sealed record ProfileInterval(double Lower, double Upper, double Level, bool LowerAtObserved);

/// <summary>One fitted log-linear model. When <see cref="Status"/> is NotIdentifiable or Diverges, the numbers about the unseen
/// count are NaN and <see cref="Reason"/> says why; never print them as estimates.</summary>
/// <remarks><para>Unseen: μ₀ = exp(β₀), the estimated number seen by no list.</para>
/// <para>Total: n + μ₀.</para>
/// <para>StandardError: sqrt(μ₀ + μ₀² Var β₀), the standard error of the total as Rcapture reports it (Rivest 2011).</para>
/// <para>Aic: −2 log L + 2p with the Poisson likelihood of the observed cells.</para>
/// <para>Bic: −2 log L + p log n, n = the observed total (as Rcapture).</para>
/// <para>Fitted: fitted value by history mask (index 0 the unseen count; cells fitted as 0 on the boundary are 0); empty without an estimate.</para>
/// <para>Parameters: p, the number of coefficients (nominal also on the boundary, as Rcapture counts them).</para></remarks>
public sealed record LogLinearEstimate(LogLinearModel Model, string Label, IReadOnlyList<string> Terms, EstimateStatus Status, string? Reason,
    double Observed, double Unseen, double Total, double StandardError, ProfileInterval? Interval,
    double Deviance, int DegreesOfFreedom, int Parameters, double LogLikelihood, double Aic, double Bic,
    IReadOnlyList<double> Coefficients, IReadOnlyList<double> Fitted)
{
    /// <summary>Fitted values of zero cells below this are taken as running to the boundary (μ → 0).</summary>
    private const double Vanishing = 1e-7;

    public bool HasEstimate => Status is EstimateStatus.Estimated or EstimateStatus.EstimatedOnBoundary;

    internal static LogLinearEstimate Compute(LogLinearModel model, CaptureTable table, double confidence)
    {
        var k = table.ListCount;
        var cells = Enumerable.Range(1, table.CellCount).ToArray();
        var y = cells.Select(table.Count).ToArray();
        var n = table.Observed;
        var label = model.Label(table);
        var terms = model.TermLabels(table);
        var p = model.ParameterCount(k);
        var x = model.Design(k, cells);
        LogLinearEstimate None(EstimateStatus status, string reason, PoissonFit? fit = null) =>
            new(model, label, terms, status, reason, n, double.NaN, double.NaN, double.NaN, null,
                fit?.Deviance ?? double.NaN, cells.Length - p, p, fit?.LogLikelihood ?? double.NaN,
                double.NaN, double.NaN, fit?.Coefficients ?? [], []);
        if (p > cells.Length)
            return None(EstimateStatus.NotIdentifiable, $"{p} parameters for {cells.Length} observed histories.");
        var rank = PoissonRegression.Rank(x);
        if (rank < p)
            return None(EstimateStatus.NotIdentifiable, $"the terms are not separately estimable from these histories (design rank {rank} < {p} parameters).");

        var fit = PoissonRegression.Fit(x, y);
        if (!fit.Converged)
            return None(EstimateStatus.Diverges, $"the fit did not converge in {fit.Iterations} iterations.", fit);
        var keep = Enumerable.Range(0, cells.Length).Where(i => y[i] > 0 || fit.Fitted[i] >= Vanishing).ToArray();
        var status = EstimateStatus.Estimated;
        string? reason = null;
        var parameters = p;
        if (keep.Length < cells.Length)
        {
            // Boundary: the MLE fits these zero cells as 0. The unseen count is still determined when the unseen row
            // (1, 0, ..., 0) lies in the row space of the design over the remaining cells.
            var kept = keep.Select(i => cells[i]).ToArray();
            var xKept = model.Design(k, kept);
            var withUnseen = model.Design(k, [.. kept, 0]);
            var keptRank = PoissonRegression.Rank(xKept);
            var vanished = string.Join(", ", Enumerable.Range(0, cells.Length).Except(keep).Select(i => History(table, cells[i])));
            if (PoissonRegression.Rank(withUnseen) > keptRank)
                return None(EstimateStatus.Diverges,
                    $"the unseen estimate diverges: the MLE fits the empty histories {vanished} as 0 and then the unseen count is not determined.", fit);
            fit = PoissonRegression.Fit(xKept, keep.Select(i => y[i]).ToArray());
            cells = kept;
            y = keep.Select(i => y[i]).ToArray();
            x = xKept;
            status = EstimateStatus.EstimatedOnBoundary;
            reason = $"extended MLE: the empty histories {vanished} are fitted as 0.";
        }
        // The unseen row has only the intercept (and a zero Darroch column), so μ₀ = exp(β₀) is an estimable function here.
        var unseenRow = model.Design(k, [0]).Row(0);
        var logUnseen = unseenRow.DotProduct(Vector<double>.Build.DenseOfArray(fit.Coefficients));
        var unseen = Math.Exp(logUnseen);
        var variance = unseenRow.DotProduct(fit.Covariance * unseenRow);
        if (!double.IsFinite(unseen) || logUnseen > Math.Log(n) + 25)
            return None(EstimateStatus.Diverges, "the unseen estimate diverges (exp(β₀) beyond e^25 times the observed count).", fit);
        var interval = Profile(model, table, cells, y, unseen, confidence);
        // Nominal df and parameter count, as glm and Rcapture report them, also on the boundary.
        var df = table.CellCount - parameters;
        var fittedByHistory = new double[table.CellCount + 1];
        fittedByHistory[0] = unseen;
        for (var i = 0; i < cells.Length; i++)
            fittedByHistory[cells[i]] = fit.Fitted[i];
        return new LogLinearEstimate(model, label, terms, status, reason, n, unseen, n + unseen, Math.Sqrt(unseen + unseen * unseen * variance),
            interval, fit.Deviance, df, parameters, fit.LogLikelihood, -2 * fit.LogLikelihood + 2 * parameters,
            -2 * fit.LogLikelihood + parameters * Math.Log(n), fit.Coefficients, fittedByHistory);
    }

    private static string History(CaptureTable table, int h) =>
        string.Concat(Enumerable.Range(0, table.ListCount).Select(i => table.OnList(h, i) ? '1' : '0'));

    /// <summary>Cormack (1992): ℓ(N) = log N! − log (N−n)! + Σ_h y_h log(μ̂_h(N)/N), with μ̂(N) the model fitted to the
    /// complete 2^k table whose unseen cell holds N − n (log-gamma makes N continuous). Rcapture's closedpCI.t computes the
    /// same interval. The search runs on log(N − n) so an unseen count near 0 is handled: the lower end stops at n.</summary>
    private static ProfileInterval Profile(LogLinearModel model, CaptureTable table, int[] cells, double[] y, double unseen, double confidence)
    {
        var n = table.Observed;
        var x = model.Design(table.ListCount, [0, .. cells]);
        var full = new double[y.Length + 1];
        Array.Copy(y, 0, full, 1, y.Length);
        double[]? warm = null;
        double LogLikelihood(double total)
        {
            full[0] = total - n;
            var fit = PoissonRegression.Fit(x, full, null, warm);
            warm = fit.Fitted;
            var l = SpecialFunctions.GammaLn(total + 1) - SpecialFunctions.GammaLn(total - n + 1);
            for (var i = 0; i < full.Length; i++)
                if (full[i] > 0)
                    l += full[i] * Math.Log(fit.Fitted[i] / total);
            return l;
        }
        var cut = ChiSquared.InvCDF(1, confidence) / 2;
        // Maximise over u = log(N − n) by golden section around the Poisson estimate (the two maxima differ slightly).
        var centre = Math.Log(Math.Max(unseen, 1e-6));
        double Objective(double u) => -LogLikelihood(n + Math.Exp(u));
        var (a, b) = (centre - 1.5, centre + 1.5);
        var best = GoldenSection(Objective, a, b);
        for (var widen = 0; widen < 10 && (best - a < 1e-3 || b - best < 1e-3); widen++)
        {
            (a, b) = (best - 3, best + 3);
            best = GoldenSection(Objective, a, b);
        }
        var atObserved = LogLikelihood(n);
        var maximumAt = n + Math.Exp(best);
        var maximum = Math.Max(-Objective(best), atObserved);
        if (atObserved >= maximum - 1e-12)
            maximumAt = n;
        double Drop(double total) => maximum - LogLikelihood(total) - cut;
        double lower;
        var lowerAtObserved = false;
        if (Drop(n) <= 0)
        {
            lower = n;
            lowerAtObserved = true;
        }
        else
        {
            lower = n + Math.Exp(Bisect(u => Drop(n + Math.Exp(u)), Math.Log(1e-12), Math.Log(maximumAt - n), n));
        }
        var upper = double.PositiveInfinity;
        double previous = Math.Max(maximumAt - n, 1e-12), high = Math.Max(2 * (maximumAt - n), 1);
        for (var step = 0; step < 80; step++)
        {
            if (Drop(n + high) > 0)
            {
                upper = n + Math.Exp(Bisect(u => Drop(n + Math.Exp(u)), Math.Log(previous), Math.Log(high), n));
                break;
            }
            (previous, high) = (high, high * 2);
        }
        return new ProfileInterval(lower, upper, confidence, lowerAtObserved);
    }

    private static double GoldenSection(Func<double, double> f, double a, double b)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = f(c), fd = f(d);
        while (b - a > 1e-6)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - ratio * (b - a);
                fc = f(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + ratio * (b - a);
                fd = f(d);
            }
        }
        return (a + b) / 2;
    }

    // Root on the log scale of N − n between lo and hi where f changes sign (Brent's method, 1e-10 in log N − n). NaN when
    // no root is found there: a profile that is not monotone (a refit that failed far from the estimate) gives no bound,
    // and the interval says so rather than the whole comparison failing.
    private static double Bisect(Func<double, double> f, double lo, double hi, double n) =>
        MathNet.Numerics.RootFinding.Brent.TryFindRoot(f, lo, hi, 1e-10 / Math.Max(1, Math.Log(n + 1)), 200, out var root) ? root : double.NaN;
}
