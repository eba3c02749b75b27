namespace Waterline.Analytics.Hotspots;

/// <summary>Getis-Ord local G statistics: Gi (Getis and Ord 1992) and Gi* (Ord and Getis 1995), with moments, z-scores and
/// normal p-values as spdep 1.2 <c>localG</c> (its <c>return_internals</c>: G, E(G), V(G)), and conditional permutation
/// pseudo p-values as <c>localG_perm</c>.</summary>
public static class GetisOrd
{
    /// <summary>Gi_i = Σ_{j≠i} w_ij x_j / Σ_{j≠i} x_j (<paramref name="star"/> false), or Gi*_i = Σ_j w_ij x_j / Σ_j x_j with i
    /// among its own neighbours (<paramref name="star"/> true). For Gi* the weights get area i with weight 1 when they lack
    /// it (spdep <c>include.self</c>); row-standardised weights become the row-standardised binary links with self
    /// (spdep <c>nb2listw(include.self(nb), style = "W")</c>: 1/(k+1) each); for Gi self links are
    /// ignored. z = (G - E G) / √V G; a high positive z is a hotspot, a low negative one a coldspot. Values should be
    /// non-negative (counts, rates), as the statistic assumes.</summary>
    public static LocalStatistics Gi(double[] values, SpatialWeights weights, bool star, int permutations = 0, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        var n = values.Length;
        if (weights.Count != n)
            throw new ArgumentException($"{n} values for {weights.Count} areas", nameof(weights));
        if (n < 3)
            throw new ArgumentException("Gi needs at least three areas", nameof(values));
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
                throw new ArgumentException("every value must be a finite number", nameof(values));
        }
        var w = weights;
        if (star && !w.IncludesSelf())
            w = w.IsRowStandardised ? w.Binary().WithSelf().RowStandardised() : w.WithSelf();
        double sum = 0, sumSquares = 0;
        foreach (var v in values)
        {
            sum += v;
            sumSquares += v * v;
        }
        var mean = sum / n;
        var centredSquares = 0.0;
        foreach (var v in values)
            centredSquares += (v - mean) * (v - mean);
        var g = new double[n];
        var expected = new double[n];
        var variance = new double[n];
        var z = new double[n];
        var p = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = w.Neighbours(i);
            var rowWeights = w.Weights(i);
            double lag = 0, wi = 0, s1i = 0;
            var links = 0;
            for (var k = 0; k < row.Length; k++)
            {
                if (!star && row[k] == i)
                    continue;
                lag += rowWeights[k] * values[row[k]];
                wi += rowWeights[k];
                s1i += rowWeights[k] * rowWeights[k];
                links++;
            }
            if (links == 0 || (star && links == 1))
            {
                g[i] = expected[i] = variance[i] = z[i] = p[i] = double.NaN;
                continue;
            }
            double denominator, mu, s2, lagVariance;
            if (star)
            {
                denominator = sum;
                mu = mean;
                s2 = centredSquares / n;
                lagVariance = s2 * (n * s1i - wi * wi) / (n - 1);
            }
            else
            {
                denominator = sum - values[i];
                mu = denominator / (n - 1);
                s2 = (sumSquares - values[i] * values[i]) / (n - 1) - mu * mu;
                lagVariance = s2 * ((n - 1) * s1i - wi * wi) / (n - 2);
            }
            g[i] = lag / denominator;
            expected[i] = wi * mu / denominator;
            variance[i] = lagVariance / (denominator * denominator);
            z[i] = (lag - wi * mu) / Math.Sqrt(lagVariance);
            p[i] = NormalTail.TwoSided(z[i]);
        }
        double[]? pseudo = null;
        if (permutations > 0)
        {
            // The denominator Σ x (or Σ_{j≠i} x_j) is the same in every draw, so the lag orders the draws as G does.
            pseudo = ConditionalPermutation.PseudoPValues(values, star ? w : WithoutSelf(w), permutations, seed, _ => 1);
            for (var i = 0; i < n; i++)
            {
                if (double.IsNaN(g[i]))
                    pseudo[i] = double.NaN;
            }
        }
        return new LocalStatistics(g, expected, variance, z, p, pseudo);
    }

    private static SpatialWeights WithoutSelf(SpatialWeights weights)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights.Neighbours(i).BinarySearch(i) >= 0)
                return Drop(weights);
        }
        return weights;
    }

    private static SpatialWeights Drop(SpatialWeights weights)
    {
        var neighbours = new int[weights.Count][];
        var values = new double[weights.Count][];
        for (var i = 0; i < weights.Count; i++)
        {
            var keep = new List<int>();
            var keepWeights = new List<double>();
            var row = weights.Neighbours(i);
            var rowWeights = weights.Weights(i);
            for (var k = 0; k < row.Length; k++)
            {
                if (row[k] != i)
                {
                    keep.Add(row[k]);
                    keepWeights.Add(rowWeights[k]);
                }
            }
            neighbours[i] = [.. keep];
            values[i] = [.. keepWeights];
        }
        return SpatialWeights.FromNeighbours(neighbours, values);
    }
}
