namespace Waterline.Analytics.Hotspots;

/// <summary>Conditional permutation (Anselin 1995): for area i, x_i stays and the values at its neighbours are drawn without
/// replacement from the other n - 1 values, as spdep 1.2 <c>localmoran_perm</c> / <c>localG_perm</c>. Areas run in
/// parallel; area i's draws come from its own stream (seed, i), so the result does not depend on the number of cores.</summary>
internal static class ConditionalPermutation
{
    /// <summary>For each area with neighbours (self links excluded), counts how often the permuted lag Σ_j w_ij x_π(j) is
    /// at least and at most the observed one, and folds them with <paramref name="sign"/>(i) (the statistic's sign as a
    /// function of the lag: +1, -1, or 0 when the statistic is constant).</summary>
    public static double[] PseudoPValues(double[] values, SpatialWeights weights, int permutations, int seed, Func<int, int> sign)
    {
        var n = values.Length;
        var result = new double[n];
        Parallel.For(0, n, () => new Scratch(n), (i, _, scratch) =>
        {
            result[i] = Area(values, weights, i, permutations, seed, sign(i), scratch);
            return scratch;
        }, _ => { });
        return result;
    }

    private sealed class Scratch
    {
        public Scratch(int n)
        {
            Order = new int[n];
            for (var k = 0; k < n; k++)
                Order[k] = k;
        }

        public int[] Order { get; }    }

    private static double Area(double[] values, SpatialWeights weights, int i, int permutations, int seed, int sign, Scratch scratch)
    {
        var neighbours = weights.Neighbours(i);
        var linkWeights = weights.Weights(i);
        var n = values.Length;
        // The other links' weights; a self link keeps x_i, so its term is the same in every draw and drops out.
        Span<double> w = neighbours.Length <= 256 ? stackalloc double[neighbours.Length] : new double[neighbours.Length];
        var k = 0;
        var observed = 0.0;
        for (var m = 0; m < neighbours.Length; m++)
        {
            if (neighbours[m] == i)
                continue;
            w[k++] = linkWeights[m];
            observed += linkWeights[m] * values[neighbours[m]];
        }
        w = w[..k];
        if (k == 0 || n < 2)
            return double.NaN;
        if (sign == 0)
            return 1.0;
        var order = scratch.Order;
        // Every draw starts from the same arrangement (identity, i moved to the last slot) and its swaps are undone after
        // it, so area i's result depends on its stream only, not on which areas the thread did before.
        (order[i], order[n - 1]) = (order[n - 1], order[i]);
        Span<int> picks = k <= 256 ? stackalloc int[k] : new int[k];
        var random = new StreamRandom(seed, i);
        int atLeast = 0, atMost = 0;
        // Rounding: sums of the same values in another order may differ in the last bits; treat those as ties.
        var tolerance = 1e-12 * (Math.Abs(observed) + 1);
        for (var p = 0; p < permutations; p++)
        {
            var lag = 0.0;
            for (var t = 0; t < k; t++)
            {
                var pick = t + random.Below(n - 1 - t);
                picks[t] = pick;
                (order[t], order[pick]) = (order[pick], order[t]);
                lag += w[t] * values[order[t]];
            }
            for (var t = k - 1; t >= 0; t--)
                (order[t], order[picks[t]]) = (order[picks[t]], order[t]);
            if (sign * (lag - observed) >= -tolerance)
                atLeast++;
            if (sign * (lag - observed) <= tolerance)
                atMost++;
        }
        (order[i], order[n - 1]) = (order[n - 1], order[i]);
        return NormalTail.Folded(atLeast, atMost, permutations);
    }
}
