namespace Waterline.Analytics.Linkage;

/// <summary>
/// Supervised estimates for a <see cref="FellegiSunterModel"/>: m and u as level frequencies among pairs a person
/// labelled match or non-match (Fellegi and Sunter 1969, section 3.3, "estimation from a sample of pairs of known
/// status"; Splink, <c>estimate_m_from_pairwise_labels</c>), and the prior from deterministic rules.
/// </summary>
public static class LabelledEstimation
{
    /// <summary>
    /// m per level from the labelled matches and u per level from the labelled non-matches; nulls (level 0) left out,
    /// and a level never seen in a class counts as <paramref name="floorCount"/> pairs so no weight is infinite. The
    /// prior is the share of matches among the labelled pairs unless <paramref name="prior"/> is given.
    /// </summary>
    /// <param name="levels">One column per field, one level per labelled pair.</param>
    /// <param name="isMatch">Per pair, whether it was labelled a match.</param>
    /// <param name="levelCounts">K per field, counting the null level 0.</param>
    /// <param name="prior">λ to use; null takes the labelled share (right only when the labelled pairs are a random sample).</param>
    /// <param name="floorCount">The count an unseen level is given; positive.</param>
    public static FellegiSunterModel FromLabels(IReadOnlyList<byte[]> levels, IReadOnlyList<bool> isMatch, IReadOnlyList<int> levelCounts, double? prior = null, double floorCount = 0.5)
    {
        ArgumentNullException.ThrowIfNull(isMatch);
        if (levels.Count != levelCounts.Count || levels.Count == 0)
            throw new ArgumentException($"{levels.Count} columns but {levelCounts.Count} level counts.", nameof(levelCounts));
        var matches = isMatch.Count(x => x);
        if (matches == 0 || matches == isMatch.Count)
            throw new ArgumentException("Labels need at least one match and one non-match.", nameof(isMatch));
        var m = new double[levels.Count][];
        var u = new double[levels.Count][];
        for (var f = 0; f < levels.Count; f++)
        {
            if (levels[f].Length != isMatch.Count)
                throw new ArgumentException($"Column {f} holds {levels[f].Length} pairs but there are {isMatch.Count} labels.", nameof(levels));
            var k = levelCounts[f];
            var matchCounts = new double[k];
            var nonMatchCounts = new double[k];
            for (var p = 0; p < isMatch.Count; p++)
            {
                var level = levels[f][p];
                if (level >= k)
                    throw new ArgumentException($"Field {f}, pair {p}: level {level} but the field has {k} levels.", nameof(levels));
                if (isMatch[p])
                    matchCounts[level]++;
                else
                    nonMatchCounts[level]++;
            }
            m[f] = Normalise(matchCounts, floorCount);
            u[f] = Normalise(nonMatchCounts, floorCount);
        }
        return new FellegiSunterModel(prior ?? (double)matches / isMatch.Count, m, u);
    }

    /// <summary>
    /// λ, the probability that two random records match, from rules believed to hold only for matches (Splink,
    /// <c>estimate_probability_two_random_records_match</c>): the pairs those rules produce, divided by the share of all
    /// matches they are believed to find, over all possible pairs.
    /// </summary>
    /// <param name="rules">Deterministic rules: one key per record each (e.g. the same national number).</param>
    /// <param name="recall">The share of true matches the rules are believed to find, in (0, 1].</param>
    public static double PriorFromDeterministicRules(IReadOnlyList<IReadOnlyList<string?>> rules, double recall)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!(recall > 0 && recall <= 1))
            throw new ArgumentOutOfRangeException(nameof(recall), recall, "Recall must lie in (0, 1].");
        if (rules.Count == 0)
            throw new ArgumentException("Give at least one deterministic rule.", nameof(rules));
        var records = (double)rules[0].Count;
        var possible = records * (records - 1) / 2;
        if (possible < 1)
            throw new ArgumentException("Need at least two records.", nameof(rules));
        var found = Blocking.CountUnion(rules);
        return Math.Clamp(found / recall / possible, 1e-12, 1 - 1e-12);
    }

    private static double[] Normalise(double[] counts, double floor)
    {
        var result = new double[counts.Length];
        var sum = 0.0;
        for (var level = 1; level < counts.Length; level++)
            sum += Math.Max(counts[level], floor);
        for (var level = 1; level < counts.Length; level++)
            result[level] = Math.Max(counts[level], floor) / sum;
        return result;
    }
}
