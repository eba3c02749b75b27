using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Waterline.Analytics.Estimation;

namespace Waterline.Analytics.Displacement;

/// <summary>A log-linear trend in counts: log μₜ = Intercept + Slope·t (+ log exposure).</summary>
/// <remarks><para>Slope: per time unit on the log scale, so exp(Slope) is the rate ratio per unit; StandardError from the
/// inverse expected information; Lower, Upper: Wald interval Slope ± z·SE.</para>
/// <para>Dispersion: the negative-binomial α (variance μ + αμ²); 0 for the Poisson fit.</para>
/// <para>LogLikelihood: the full log-likelihood including the −log y! terms.</para></remarks>
public sealed record CountTrendFit(double Intercept, double Slope, double StandardError, double Lower, double Upper, double Dispersion,
    double LogLikelihood, bool Converged);

/// <summary>The Poisson trend, its overdispersion check and the negative-binomial alternative.</summary>
/// <remarks><para>PearsonDispersion: Pearson χ² / (n − 2) of the Poisson fit; about 1 when the counts are Poisson.</para>
/// <para>OverdispersionPValue: upper tail of χ²(n − 2) at Pearson χ² (Cameron and Trivedi 2013, section 5.2).</para>
/// <para>NegativeBinomial: the NB2 fit; its Slope equals the Poisson one as α goes to 0.</para></remarks>
public sealed record CountTrendResult(CountTrendFit Poisson, double PearsonChiSquare, double PearsonDispersion, double OverdispersionPValue,
    CountTrendFit NegativeBinomial)
{
    /// <summary>The NB2 fit when the Pearson check rejects Poisson at 5 %, else the Poisson fit.</summary>
    public CountTrendFit Preferred => OverdispersionPValue < 0.05 ? NegativeBinomial : Poisson;
}

public static class CountTrend
{
    private const double Tolerance = 1e-12;

    /// <summary>Poisson regression of counts on time (Nelder and Wedderburn 1972, through <see cref="PoissonRegression"/>) and
    /// the NB2 regression (Cameron and Trivedi 1986; Lawless 1987) fitted by maximum likelihood, alternating IRLS for β at fixed
    /// α with a golden-section search for α on the log scale at fixed μ until the log-likelihood settles. <paramref name="times"/>
    /// default to 0, 1, …; <paramref name="exposure"/> (optional) enters as an offset log(exposure), so the slope is of a rate.</summary>
    /// <remarks>estimatedElsewhere: parameters already fitted into the exposure (seasonal factors); they come off the Pearson
    /// check's degrees of freedom.</remarks>
    public static CountTrendResult Fit(ReadOnlySpan<double> counts, ReadOnlySpan<double> times = default, ReadOnlySpan<double> exposure = default,
        double confidence = 0.95, int estimatedElsewhere = 0)
    {
        var n = counts.Length;
        if (n < 3)
            throw new ArgumentException("A count trend needs at least three periods.", nameof(counts));
        if (!times.IsEmpty && times.Length != n || !exposure.IsEmpty && exposure.Length != n)
            throw new ArgumentException("Times and exposure need one entry per count.");
        var y = counts.ToArray();
        if (y.Any(v => !(v >= 0) || v != Math.Floor(v)))
            throw new ArgumentException("Counts must be non-negative whole numbers.", nameof(counts));
        var (x, offset) = Design(times, exposure, n);
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);

        var poisson = PoissonRegression.Fit(x, y, offset);
        var se = Math.Sqrt(poisson.Covariance[1, 1]);
        var poissonFit = new CountTrendFit(poisson.Coefficients[0], poisson.Coefficients[1], se, poisson.Coefficients[1] - z * se,
            poisson.Coefficients[1] + z * se, 0, poisson.LogLikelihood, poisson.Converged);
        var chi2 = 0.0;
        for (var i = 0; i < n; i++)
            chi2 += (y[i] - poisson.Fitted[i]) * (y[i] - poisson.Fitted[i]) / poisson.Fitted[i];
        var df = Math.Max(1, n - 2 - estimatedElsewhere);
        return new CountTrendResult(poissonFit, chi2, chi2 / df, 1 - ChiSquared.CDF(df, chi2),
            FitNegativeBinomial(x, y, offset, poisson, z));
    }

    /// <summary>Quasi-Poisson trend for amounts such as tonnes seized (Wedderburn 1974; McCullagh and Nelder 1989, section 9.2):
    /// the Poisson estimating equations for log μₜ = b₀ + b₁t (+ log exposure), standard error × √φ with φ = Pearson χ²/(n − 2).
    /// φ is not floored at 1: the Poisson variance is no lower bound for amounts, and unfloored the slope, z and p do not change
    /// with the unit (tonnes or kilograms). Dispersion: φ; LogLikelihood: NaN (there is no likelihood).</summary>
    public static CountTrendFit FitQuasiPoisson(ReadOnlySpan<double> values, ReadOnlySpan<double> times = default, ReadOnlySpan<double> exposure = default,
        double confidence = 0.95, int estimatedElsewhere = 0)
    {
        var n = values.Length;
        if (n < 3)
            throw new ArgumentException("A trend needs at least three periods.", nameof(values));
        if (!times.IsEmpty && times.Length != n || !exposure.IsEmpty && exposure.Length != n)
            throw new ArgumentException("Times and exposure need one entry per value.");
        var y = values.ToArray();
        if (y.Any(v => !(v >= 0) || !double.IsFinite(v)))
            throw new ArgumentException("Amounts must be finite and non-negative.", nameof(values));
        var (x, offset) = Design(times, exposure, n);
        var fit = PoissonRegression.Fit(x, y, offset);
        var chi2 = 0.0;
        for (var i = 0; i < n; i++)
            chi2 += (y[i] - fit.Fitted[i]) * (y[i] - fit.Fitted[i]) / fit.Fitted[i];
        var phi = chi2 / Math.Max(1, n - 2 - estimatedElsewhere);
        var se = Math.Sqrt(fit.Covariance[1, 1] * phi);
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        return new CountTrendFit(fit.Coefficients[0], fit.Coefficients[1], se, fit.Coefficients[1] - z * se, fit.Coefficients[1] + z * se,
            phi, double.NaN, fit.Converged && double.IsFinite(se));
    }

    /// <summary>Columns 1 and t (0, 1, … when no times), and log exposure as offset (0 when none).</summary>
    private static (Matrix<double> X, double[] Offset) Design(ReadOnlySpan<double> times, ReadOnlySpan<double> exposure, int n)
    {
        var x = Matrix<double>.Build.Dense(n, 2);
        var offset = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            x[i, 1] = times.IsEmpty ? i : times[i];
            offset[i] = exposure.IsEmpty ? 0 : Math.Log(exposure[i]);
        }
        return (x, offset);
    }

    private static CountTrendFit FitNegativeBinomial(Matrix<double> x, double[] y, double[] offset, PoissonFit poisson, double z)
    {
        var beta = (double[])poisson.Coefficients.Clone();
        var mu = (double[])poisson.Fitted.Clone();
        var alpha = 0.0;
        var logLikelihood = poisson.LogLikelihood;
        var converged = false;
        for (var round = 0; round < 500 && !converged; round++)
        {
            var nextAlpha = MaximiseAlpha(y, mu);
            var (nextBeta, nextMu) = Irls(x, y, offset, nextAlpha, beta);
            // On the parameters, not the likelihood: the likelihood is flat in α near the Poisson limit and would stop early.
            converged = round > 0 && Math.Abs(nextAlpha - alpha) <= 1e-9 * nextAlpha + 1e-12
                && Math.Abs(nextBeta[0] - beta[0]) <= 1e-10 * (Math.Abs(beta[0]) + 1) && Math.Abs(nextBeta[1] - beta[1]) <= 1e-10 * (Math.Abs(beta[1]) + 1);
            (alpha, beta, mu) = (nextAlpha, nextBeta, nextMu);
            logLikelihood = NegativeBinomialLogLikelihood(y, mu, alpha);
        }
        var information = Matrix<double>.Build.Dense(2, 2);
        for (var i = 0; i < y.Length; i++)
        {
            var w = mu[i] / (1 + alpha * mu[i]);
            for (var j = 0; j < 2; j++)
                for (var l = 0; l < 2; l++)
                    information[j, l] += w * x[i, j] * x[i, l];
        }
        // β and α are orthogonal in the expected information (Lawless 1987), so the β block inverts on its own.
        var se = Math.Sqrt(information.Inverse()[1, 1]);
        return new CountTrendFit(beta[0], beta[1], se, beta[1] - z * se, beta[1] + z * se, alpha, logLikelihood, converged);
    }

    /// <summary>IRLS for β at fixed α: working weights μ/(1 + αμ), working response η − offset + (y − μ)/μ.</summary>
    private static (double[] Beta, double[] Mu) Irls(Matrix<double> x, double[] y, double[] offset, double alpha, double[] start)
    {
        var n = y.Length;
        var beta = (double[])start.Clone();
        var mu = Means(x, offset, beta);
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var a = Matrix<double>.Build.Dense(2, 2);
            var b = Vector<double>.Build.Dense(2);
            for (var i = 0; i < n; i++)
            {
                var w = mu[i] / (1 + alpha * mu[i]);
                var zi = Math.Log(mu[i]) - offset[i] + (y[i] - mu[i]) / mu[i];
                for (var j = 0; j < 2; j++)
                {
                    b[j] += w * x[i, j] * zi;
                    for (var l = 0; l < 2; l++)
                        a[j, l] += w * x[i, j] * x[i, l];
                }
            }
            var next = a.Solve(b).ToArray();
            var nextMu = Means(x, offset, next);
            var ll = NegativeBinomialLogLikelihood(y, nextMu, alpha);
            // Step halving keeps the likelihood from falling.
            for (var halving = 0; halving < 30 && ll < previous; halving++)
            {
                for (var j = 0; j < 2; j++)
                    next[j] = (next[j] + beta[j]) / 2;
                nextMu = Means(x, offset, next);
                ll = NegativeBinomialLogLikelihood(y, nextMu, alpha);
            }
            var done = Math.Abs(ll - previous) <= Tolerance * (Math.Abs(ll) + 1);
            beta = next;
            mu = nextMu;
            previous = ll;
            if (done)
                break;
        }
        return (beta, mu);
    }

    /// <summary>The α that maximises the NB2 likelihood at fixed μ: golden section on log α in [−25, 5]; 0 when the likelihood
    /// still rises at the lower end (no overdispersion, the Poisson limit).</summary>
    private static double MaximiseAlpha(double[] y, double[] mu)
    {
        const double low = -25, high = 5;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = low, b = high;
        var c = b - ratio * (b - a);
        var d = a + ratio * (b - a);
        double fc = NegativeBinomialLogLikelihood(y, mu, Math.Exp(c)), fd = NegativeBinomialLogLikelihood(y, mu, Math.Exp(d));
        while (b - a > 1e-10)
        {
            if (fc >= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = NegativeBinomialLogLikelihood(y, mu, Math.Exp(c));
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = NegativeBinomialLogLikelihood(y, mu, Math.Exp(d));
            }
        }
        var logAlpha = (a + b) / 2;
        if (logAlpha <= low + 1e-6)
            return 0;
        // The likelihood is too flat in α for the search to resolve it to more than about √ε; bisecting the score, which is
        // computed without that cancellation, pins the root.
        double lo = Math.Exp(logAlpha - 0.01), hi = Math.Exp(logAlpha + 0.01);
        if (!(AlphaScore(y, mu, lo) > 0 && AlphaScore(y, mu, hi) < 0))
            return Math.Exp(logAlpha);
        for (var step = 0; step < 200 && hi - lo > 1e-15 * hi; step++)
        {
            var mid = (lo + hi) / 2;
            if (AlphaScore(y, mu, mid) > 0)
                lo = mid;
            else
                hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>∂ℓ/∂α at fixed μ: Σ [Σ_{k&lt;y} k/(1 + kα) + ln(1 + αμ)/α² − (y + 1/α) μ/(1 + αμ)].</summary>
    private static double AlphaScore(double[] y, double[] mu, double alpha)
    {
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            sum += HeadScore(y[i], alpha);
            sum += LogOnePlus(alpha * mu[i]) / (alpha * alpha) - (y[i] + 1 / alpha) * mu[i] / (1 + alpha * mu[i]);
        }
        return sum;
    }

    // Counts of thousands (plantations a year) made the sums over k the cost of a whole classification; above SumLimit they are
    // taken through lnΓ and ψ, which loses nothing once α·y is not tiny (the sums exist only to keep precision as α goes to 0).
    private const int SumLimit = 64;

    private static bool Closed(double y, double alpha) => y > SumLimit && alpha * y > 1e-3;

    /// <summary>Σ_{1≤k&lt;y} k/(1 + kα) = (y − 1)/α − (ψ(y + 1/α) − ψ(1 + 1/α))/α².</summary>
    private static double HeadScore(double y, double alpha)
    {
        if (Closed(y, alpha))
            return (y - 1) / alpha - (SpecialFunctions.DiGamma(y + 1 / alpha) - SpecialFunctions.DiGamma(1 + 1 / alpha)) / (alpha * alpha);
        var sum = 0.0;
        for (var k = 1; k < y; k++)
            sum += k / (1 + k * alpha);
        return sum;
    }

    /// <summary>Σ [lnΓ(y + 1/α) − lnΓ(1/α) − ln y! + y ln(αμ) − (y + 1/α) ln(1 + αμ)]; the Poisson log-likelihood at α = 0.</summary>
    public static double NegativeBinomialLogLikelihood(double[] y, double[] mu, double alpha)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(mu);
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (alpha == 0)
            {
                sum += (y[i] > 0 ? y[i] * Math.Log(mu[i]) : 0) - mu[i] - SpecialFunctions.GammaLn(y[i] + 1);
                continue;
            }
            // Integer counts: lnΓ(y + 1/α) − lnΓ(1/α) + y ln α = Σₖ ln(1 + kα), which keeps precision as α goes to 0.
            var head = 0.0;
            if (y[i] == Math.Floor(y[i]) && y[i] < 1e6 && !Closed(y[i], alpha))
                for (var k = 1; k < y[i]; k++)
                    head += LogOnePlus(k * alpha);
            else
                head = SpecialFunctions.GammaLn(y[i] + 1 / alpha) - SpecialFunctions.GammaLn(1 / alpha) + y[i] * Math.Log(alpha);
            sum += head - SpecialFunctions.GammaLn(y[i] + 1) + (y[i] > 0 ? y[i] * Math.Log(mu[i]) : 0) - (y[i] + 1 / alpha) * LogOnePlus(alpha * mu[i]);
        }
        return sum;
    }

    /// <summary>ln(1 + x) accurate for small x (Goldberg 1991, theorem 4).</summary>
    private static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double[] Means(Matrix<double> x, double[] offset, double[] beta)
    {
        var mu = new double[x.RowCount];
        for (var i = 0; i < mu.Length; i++)
            mu[i] = Math.Exp(offset[i] + x[i, 0] * beta[0] + x[i, 1] * beta[1]);
        return mu;
    }
}
