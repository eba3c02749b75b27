using MathNet.Numerics.LinearAlgebra;

namespace Waterline.Analytics.Estimation;

/// <summary>A Poisson GLM with log link fitted by iteratively reweighted least squares (Nelder and Wedderburn 1972;
/// McCullagh and Nelder 1989, section 2.5), the fit behind every log-linear capture-recapture model.</summary>
/// <remarks><para>Coefficients: β; the minimum-norm solution when the design is rank-deficient (only estimable functions are meaningful).</para>
/// <para>Fitted: μ for each row.</para>
/// <para>Covariance: The (pseudo-)inverse of the Fisher information XᵀWX at the fit.</para></remarks>
public sealed record PoissonFit(double[] Coefficients, double[] Fitted, double Deviance, double LogLikelihood, Matrix<double> Covariance,
    bool Converged, int Iterations);

public static class PoissonRegression
{
    private const int MaxIterations = 400;
    private const double Tolerance = 1e-12;

    /// <summary>Fits log μ = Xβ + offset. Normal equations are solved by SVD with small singular values dropped, so a fit that
    /// runs to the boundary (a zero cell whose μ goes to 0) or a rank-deficient design does not fail: the caller checks which
    /// quantities are estimable. <paramref name="start"/> gives starting fitted values (a warm start for a profile). Converged when the deviance changes by less than 1e-12 relative (glm in R uses 1e-8).</summary>
    public static PoissonFit Fit(Matrix<double> x, double[] y, double[]? offset = null, double[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int m = x.RowCount, p = x.ColumnCount;
        var off = offset ?? new double[m];
        var mu = new double[m];
        var eta = new double[m];
        for (var i = 0; i < m; i++)
        {
            mu[i] = start is null || !(start[i] > 1e-3) ? y[i] + 0.1 : start[i];
            eta[i] = Math.Log(mu[i]);
        }
        var beta = new double[p];
        var deviance = Deviance(y, mu);
        var converged = false;
        var iteration = 0;
        while (iteration < MaxIterations && !converged)
        {
            iteration++;
            var z = new double[m];
            for (var i = 0; i < m; i++)
                z[i] = eta[i] - off[i] + (y[i] - mu[i]) / mu[i];
            // Weighted least squares on sqrt(W)X by SVD (not the normal equations, whose condition is squared), so cells
            // running to 0 on the boundary do not stall the iteration.
            var a = Matrix<double>.Build.Dense(m, p);
            var rhs = Vector<double>.Build.Dense(m);
            for (var i = 0; i < m; i++)
            {
                var sw = Math.Sqrt(mu[i]);
                rhs[i] = sw * z[i];
                for (var j = 0; j < p; j++)
                    a[i, j] = sw * x[i, j];
            }
            var next = LeastSquares(a, rhs);
            var nextDeviance = double.PositiveInfinity;
            // Step halving keeps the deviance from rising (glm.fit does the same when it diverges).
            for (var halving = 0; halving < 30; halving++)
            {
                var candidateMu = new double[m];
                var candidateEta = new double[m];
                var ok = true;
                for (var i = 0; i < m && ok; i++)
                {
                    var e = off[i];
                    for (var j = 0; j < p; j++)
                        e += x[i, j] * next[j];
                    candidateEta[i] = e;
                    candidateMu[i] = Math.Exp(e);
                    ok = double.IsFinite(candidateMu[i]);
                }
                nextDeviance = ok ? Deviance(y, candidateMu) : double.PositiveInfinity;
                if (nextDeviance <= deviance * (1 + 1e-10) + 1e-10 || iteration == 1 && double.IsFinite(nextDeviance))
                {
                    mu = candidateMu;
                    eta = candidateEta;
                    break;
                }
                for (var j = 0; j < p; j++)
                    next[j] = (next[j] + beta[j]) / 2;
            }
            if (!double.IsFinite(nextDeviance))
                break;
            converged = Math.Abs(nextDeviance - deviance) <= Tolerance * (Math.Abs(nextDeviance) + 0.1);
            beta = next;
            deviance = nextDeviance;
        }
        var information = WeightedCrossProduct(x, mu);
        var logLikelihood = 0.0;
        for (var i = 0; i < m; i++)
            logLikelihood += (y[i] > 0 ? y[i] * Math.Log(mu[i]) : 0) - mu[i] - MathNet.Numerics.SpecialFunctions.GammaLn(y[i] + 1);
        return new PoissonFit(beta, mu, deviance, logLikelihood, PseudoInverse(information), converged, iteration);
    }

    /// <summary>Poisson deviance 2 Σ [y log(y/μ) − (y − μ)].</summary>
    public static double Deviance(double[] y, double[] mu)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(mu);
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
            d += (y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) : 0) - (y[i] - mu[i]);
        return 2 * d;
    }

    /// <summary>Numerical rank by SVD, singular values below 1e-9 of the largest counted as zero.</summary>
    public static int Rank(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var s = x.Svd(false).S;
        var max = s.Count == 0 ? 0 : s.Maximum();
        return s.Count(v => v > max * 1e-9);
    }

    private static Matrix<double> WeightedCrossProduct(Matrix<double> x, double[] w)
    {
        var p = x.ColumnCount;
        var a = Matrix<double>.Build.Dense(p, p);
        for (var i = 0; i < x.RowCount; i++)
            for (var j = 0; j < p; j++)
            {
                var xw = x[i, j] * w[i];
                if (xw == 0)
                    continue;
                for (var l = j; l < p; l++)
                    a[j, l] += xw * x[i, l];
            }
        for (var j = 0; j < p; j++)
            for (var l = 0; l < j; l++)
                a[j, l] = a[l, j];
        return a;
    }

    private static double[] LeastSquares(Matrix<double> a, Vector<double> b)
    {
        var svd = a.Svd(true);
        var s = svd.S;
        var max = s.Maximum();
        var utb = svd.U.Transpose() * b;
        var scaled = Vector<double>.Build.Dense(a.ColumnCount, j => j < s.Count && s[j] > max * 1e-13 ? utb[j] / s[j] : 0);
        return (svd.VT.Transpose() * scaled).ToArray();
    }

    private static Matrix<double> PseudoInverse(Matrix<double> a)
    {
        var svd = a.Svd(true);
        var s = svd.S;
        var max = s.Maximum();
        var inverse = Vector<double>.Build.Dense(s.Count, i => s[i] > max * 1e-13 ? 1 / s[i] : 0);
        return svd.VT.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(inverse) * svd.U.Transpose();
    }
}
