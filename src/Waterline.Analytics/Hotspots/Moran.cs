namespace Waterline.Analytics.Hotspots;

/// <summary>Moran's I: global (Moran 1950; moments of Cliff and Ord 1981, as spdep 1.2 <c>moran.test</c> with
/// <c>randomisation</c> TRUE and FALSE) and local (Anselin 1995 LISA, as spdep 1.2 <c>localmoran</c>), with permutation
/// pseudo p-values as <c>moran.mc</c> and <c>localmoran_perm</c>.</summary>
public static class Moran
{
    /// <summary>I = (n / S0) Σ_ij w_ij z_i z_j / Σ z_i², z = x - mean; E I = -1/(n-1). Areas without neighbours count in n
    /// (spdep's <c>zero.policy = TRUE</c> with <c>adjust.n = FALSE</c>). The permutation p-value shuffles all values.</summary>
    public static MoranResult Global(double[] values, SpatialWeights weights, int permutations = 0, int seed = 1)
    {
        var (n, z) = Centred(values, weights);
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        double s0 = 0, zz = 0, z4 = 0;
        for (var i = 0; i < n; i++)
        {
            zz += z[i] * z[i];
            z4 += z[i] * z[i] * z[i] * z[i];
            foreach (var w in weights.Weights(i))
                s0 += w;
        }
        var i0 = n / s0 * CrossProduct(z, weights) / zz;
        // S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i. + w_.i)².
        var columnSums = new double[n];
        var rowSums = new double[n];
        var s1 = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = weights.Neighbours(i);
            var rowWeights = weights.Weights(i);
            for (var k = 0; k < row.Length; k++)
            {
                var j = row[k];
                rowSums[i] += rowWeights[k];
                columnSums[j] += rowWeights[k];
                var back = weights.Neighbours(j).BinarySearch(i);
                var wji = back >= 0 ? weights.Weights(j)[back] : 0.0;
                s1 += (rowWeights[k] + wji) * (rowWeights[k] + wji);
                if (back < 0)
                    s1 += rowWeights[k] * rowWeights[k]; // the pair (j, i) with w_ji = 0 is not visited from j
            }
        }
        s1 /= 2;
        var s2 = 0.0;
        for (var i = 0; i < n; i++)
            s2 += (rowSums[i] + columnSums[i]) * (rowSums[i] + columnSums[i]);
        double nn = n;
        var expected = -1.0 / (n - 1);
        var varianceNormality = (nn * nn * s1 - nn * s2 + 3 * s0 * s0) / (s0 * s0 * (nn * nn - 1)) - expected * expected;
        var k4 = z4 / nn / ((zz / nn) * (zz / nn));
        var varianceRandomisation = (nn * ((nn * nn - 3 * nn + 3) * s1 - nn * s2 + 3 * s0 * s0)
            - k4 * (nn * nn * s1 - nn * s1 - 2 * nn * s2 + 6 * s0 * s0))
            / ((nn - 1) * (nn - 2) * (nn - 3) * s0 * s0) - expected * expected;
        var zNormality = (i0 - expected) / Math.Sqrt(varianceNormality);
        var zRandomisation = (i0 - expected) / Math.Sqrt(varianceRandomisation);
        double? pseudo = null;
        if (permutations > 0)
        {
            var observed = CrossProduct(z, weights);
            var tolerance = 1e-12 * (Math.Abs(observed) + zz);
            var counts = new (int AtLeast, int AtMost)[permutations];
            Parallel.For(0, permutations, p =>
            {
                var shuffled = (double[])z.Clone();
                var random = new StreamRandom(seed, p);
                random.Shuffle(shuffled);
                var c = CrossProduct(shuffled, weights);
                counts[p] = (c >= observed - tolerance ? 1 : 0, c <= observed + tolerance ? 1 : 0);
            });
            pseudo = NormalTail.Folded(counts.Sum(c => c.AtLeast), counts.Sum(c => c.AtMost), permutations);
        }
        return new MoranResult(i0, expected, varianceNormality, varianceRandomisation, zNormality, zRandomisation,
            NormalTail.TwoSided(zNormality), NormalTail.TwoSided(zRandomisation), pseudo);
    }

    /// <summary>I_i = (z_i / m2) Σ_j w_ij z_j with m2 = Σ z² / n (spdep <c>mlvar = TRUE</c>). Moments by
    /// <paramref name="variance"/>: conditional randomisation E I_i = -z_i² W_i / ((n-1) m2),
    /// V I_i = (z_i/m2)² n/(n-2) (W_i(2) - W_i²/(n-1)) (m2 - z_i²/(n-1)); total randomisation E I_i = -W_i/(n-1),
    /// V I_i = W_i(2)(n - b2)/(n-1) + (W_i² - W_i(2))(2 b2 - n)/((n-1)(n-2)) - (E I_i)², b2 = m4/m2²,
    /// W_i = Σ_j w_ij, W_i(2) = Σ_j w_ij².</summary>
    public static LocalStatistics Local(double[] values, SpatialWeights weights, LocalMoranVariance variance = LocalMoranVariance.Randomisation,
        int permutations = 0, int seed = 1)
    {
        var (n, z) = Centred(values, weights);
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        double zz = 0, z4 = 0;
        foreach (var v in z)
        {
            zz += v * v;
            z4 += v * v * v * v;
        }
        double nn = n;
        var m2 = zz / nn;
        var b2 = z4 / nn / (m2 * m2);
        var statistic = new double[n];
        var expected = new double[n];
        var varianceOut = new double[n];
        var zScore = new double[n];
        var p = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = weights.Neighbours(i);
            var rowWeights = weights.Weights(i);
            if (row.Length == 0)
            {
                statistic[i] = expected[i] = varianceOut[i] = zScore[i] = p[i] = double.NaN;
                continue;
            }
            double lag = 0, wi = 0, wi2 = 0;
            for (var k = 0; k < row.Length; k++)
            {
                lag += rowWeights[k] * z[row[k]];
                wi += rowWeights[k];
                wi2 += rowWeights[k] * rowWeights[k];
            }
            statistic[i] = z[i] / m2 * lag;
            if (variance == LocalMoranVariance.Randomisation)
            {
                expected[i] = -(z[i] * z[i] * wi) / ((nn - 1) * m2);
                varianceOut[i] = z[i] / m2 * (z[i] / m2) * (nn / (nn - 2)) * (wi2 - wi * wi / (nn - 1)) * (m2 - z[i] * z[i] / (nn - 1));
            }
            else
            {
                expected[i] = -wi / (nn - 1);
                varianceOut[i] = wi2 * (nn - b2) / (nn - 1) + (wi * wi - wi2) * (2 * b2 - nn) / ((nn - 1) * (nn - 2)) - expected[i] * expected[i];
            }
            zScore[i] = (statistic[i] - expected[i]) / Math.Sqrt(varianceOut[i]);
            p[i] = NormalTail.TwoSided(zScore[i]);
        }
        double[]? pseudo = null;
        if (permutations > 0)
        {
            pseudo = ConditionalPermutation.PseudoPValues(z, weights, permutations, seed, i => Math.Sign(z[i]));
            for (var i = 0; i < n; i++)
            {
                if (double.IsNaN(statistic[i]))
                    pseudo[i] = double.NaN;
            }
        }
        return new LocalStatistics(statistic, expected, varianceOut, zScore, p, pseudo);
    }

    private static (int N, double[] Centred) Centred(double[] values, SpatialWeights weights)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        var n = values.Length;
        if (weights.Count != n)
            throw new ArgumentException($"{n} values for {weights.Count} areas", nameof(weights));
        if (n < 4)
            throw new ArgumentException("Moran's I needs at least four areas", nameof(values));
        var mean = 0.0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
                throw new ArgumentException("every value must be a finite number", nameof(values));
            mean += v;
        }
        mean /= n;
        return (n, [.. values.Select(v => v - mean)]);
    }

    /// <summary>Σ_i z_i Σ_j w_ij z_j.</summary>
    private static double CrossProduct(double[] z, SpatialWeights weights)
    {
        var total = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            var row = weights.Neighbours(i);
            var w = weights.Weights(i);
            var lag = 0.0;
            for (var k = 0; k < row.Length; k++)
                lag += w[k] * z[row[k]];
            total += z[i] * lag;
        }
        return total;
    }
}
