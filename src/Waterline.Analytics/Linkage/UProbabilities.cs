namespace Waterline.Analytics.Linkage;

/// <summary>
/// u probabilities (P(level | non-match)) estimated from randomly sampled record pairs, as Splink does
/// ("estimate_u_using_random_sampling"): among random pairs almost none match, so level frequencies estimate u.
/// </summary>
public static class UProbabilities
{
    /// <summary>
    /// Per field, the share of each level 1..K-1 among the sampled pairs where the field is not null (level 0 is
    /// left out, index 0 of each result is 0). A level never seen counts as half a pair (<paramref name="floorCount"/>)
    /// before normalising, so no u is zero and no weight infinite. A field null in every pair gets uniform u.
    /// </summary>
    /// <param name="levels">One column per field, one level per random pair.</param>
    /// <param name="levelCounts">K per field, counting the null level 0.</param>
    /// <param name="floorCount">The count a level absent from the sample is given; must be positive.</param>
    public static double[][] FromRandomPairs(IReadOnlyList<byte[]> levels, IReadOnlyList<int> levelCounts, double floorCount = 0.5)
    {
        if (levels.Count != levelCounts.Count)
            throw new ArgumentException($"{levels.Count} columns but {levelCounts.Count} level counts.", nameof(levelCounts));
        if (!(floorCount > 0))
            throw new ArgumentOutOfRangeException(nameof(floorCount), floorCount, "The floor must be positive.");
        var result = new double[levels.Count][];
        for (var f = 0; f < levels.Count; f++)
        {
            var k = levelCounts[f];
            if (k < 2 || k > 256)
                throw new ArgumentOutOfRangeException(nameof(levelCounts), k, $"Field {f}: 2 to 256 levels, level 0 being null.");
            var counts = new double[k];
            foreach (var level in levels[f])
            {
                if (level >= k)
                    throw new ArgumentException($"Field {f}: level {level} but the field has {k} levels.", nameof(levels));
                counts[level]++;
            }
            var sum = 0.0;
            for (var level = 1; level < k; level++)
                sum += counts[level] = Math.Max(counts[level], floorCount);
            result[f] = new double[k];
            for (var level = 1; level < k; level++)
                result[f][level] = counts[level] / sum;
        }
        return result;
    }
}
