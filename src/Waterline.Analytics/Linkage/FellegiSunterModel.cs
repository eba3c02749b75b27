namespace Waterline.Analytics.Linkage;

/// <summary>
/// The Fellegi-Sunter record-linkage model (Fellegi and Sunter 1969, "A Theory for Record Linkage", JASA 64(328)),
/// with fields treated as conditionally independent and match weights in bits as in Splink's documentation
/// ("match weights"): per field, comparison levels 0..K-1, where level 0 means "null / not comparable" and adds
/// nothing; each level l ≥ 1 has m = P(level l | match) and u = P(level l | non-match) and weight log2(m/u). The
/// total weight of a pair is log2(λ/(1-λ)) plus the weights of its levels; its match probability is 2^w / (1 + 2^w).
/// </summary>
/// <remarks>
/// Comparison vectors are stored column-major: one <c>byte[]</c> per field, one byte (the level) per pair.
/// </remarks>
public sealed class FellegiSunterModel
{
    private readonly double[][] m;
    private readonly double[][] u;
    private readonly double[][] levelWeights;

    /// <summary>
    /// A model with prior <paramref name="prior"/> and, per field, m and u indexed by level. Index 0 (null) is
    /// ignored; levels 1..K-1 must each have 0 &lt; m, u ≤ 1 and sum to 1 per field (within 1e-6).
    /// </summary>
    /// <param name="prior">λ, the probability that two compared records match, in (0, 1).</param>
    /// <param name="m">Per field, P(level | match), indexed by level (length K ≥ 2, index 0 unused).</param>
    /// <param name="u">Per field, P(level | non-match), same shape as <paramref name="m"/>.</param>
    public FellegiSunterModel(double prior, IReadOnlyList<IReadOnlyList<double>> m, IReadOnlyList<IReadOnlyList<double>> u)
    {
        if (!(prior > 0 && prior < 1))
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "The prior must lie strictly between 0 and 1.");
        if (m.Count != u.Count || m.Count == 0)
            throw new ArgumentException("m and u need the same, positive number of fields.", nameof(u));
        Prior = prior;
        this.m = new double[m.Count][];
        this.u = new double[m.Count][];
        levelWeights = new double[m.Count][];
        for (var f = 0; f < m.Count; f++)
        {
            if (m[f].Count != u[f].Count || m[f].Count < 2 || m[f].Count > 256)
                throw new ArgumentException($"Field {f}: m and u need the same number of levels, 2 to 256 (level 0 is null).", nameof(m));
            this.m[f] = Probabilities(m[f], f, nameof(m));
            this.u[f] = Probabilities(u[f], f, nameof(u));
            levelWeights[f] = new double[m[f].Count];
            for (var level = 1; level < m[f].Count; level++)
                levelWeights[f][level] = Math.Log2(this.m[f][level] / this.u[f][level]);
        }
        PriorWeight = Math.Log2(prior / (1 - prior));
    }

    /// <summary>λ: the probability that two compared records match.</summary>
    public double Prior { get; }

    /// <summary>log2(λ / (1 - λ)): the weight every pair starts from.</summary>
    public double PriorWeight { get; }

    /// <summary>The number of fields (comparisons).</summary>
    public int FieldCount => m.Length;

    /// <summary>K for a field: the number of levels, counting the null level 0.</summary>
    public int LevelCount(int field) => m[field].Length;

    /// <summary>P(level | match); 0 for the null level.</summary>
    public double M(int field, int level) => m[field][level];

    /// <summary>P(level | non-match); 0 for the null level.</summary>
    public double U(int field, int level) => u[field][level];

    /// <summary>log2(m / u) for a level; 0 for the null level.</summary>
    public double LevelWeight(int field, int level) => levelWeights[field][level];

    /// <summary>2^w / (1 + 2^w), written as 1 / (1 + 2^-w) so that infinite weights give 0 or 1.</summary>
    public static double ToProbability(double matchWeight) => 1 / (1 + Math.Pow(2, -matchWeight));

    /// <summary>
    /// Fills <paramref name="matchWeights"/> with the total match weight of each pair: the prior weight plus, per
    /// field, the weight of the pair's level. Field-outer loop over contiguous columns, one table look-up per cell.
    /// </summary>
    /// <param name="levels">One column per field, one level per pair.</param>
    /// <param name="matchWeights">One entry per pair.</param>
    public void ScoreWeights(IReadOnlyList<byte[]> levels, Span<double> matchWeights)
    {
        CheckShape(levels, matchWeights.Length);
        matchWeights.Fill(PriorWeight);
        for (var f = 0; f < levels.Count; f++)
        {
            var column = levels[f].AsSpan(0, matchWeights.Length);
            var table = levelWeights[f];
            for (var i = 0; i < column.Length; i++)
            {
                var level = column[i];
                if (level >= table.Length)
                    throw new ArgumentException($"Field {f}, pair {i}: level {level} but the field has {table.Length} levels.", nameof(levels));
                matchWeights[i] += table[level];
            }
        }
    }

    /// <summary>Fills <paramref name="matchProbabilities"/> with each pair's match probability.</summary>
    public void ScoreProbabilities(IReadOnlyList<byte[]> levels, Span<double> matchProbabilities)
    {
        ScoreWeights(levels, matchProbabilities);
        for (var i = 0; i < matchProbabilities.Length; i++)
            matchProbabilities[i] = ToProbability(matchProbabilities[i]);
    }

    /// <summary>
    /// The waterfall explanation of one pair (as in Splink's waterfall chart): the prior weight, then each field's
    /// level, m, u and weight; the contributions add up to <see cref="MatchExplanation.MatchWeight"/>.
    /// </summary>
    /// <param name="levels">One column per field.</param>
    /// <param name="pair">The pair's index in the columns.</param>
    public MatchExplanation Explain(IReadOnlyList<byte[]> levels, int pair)
    {
        CheckShape(levels, pair + 1);
        var contributions = new FieldContribution[FieldCount];
        var total = PriorWeight;
        for (var f = 0; f < FieldCount; f++)
        {
            var level = levels[f][pair];
            if (level >= levelWeights[f].Length)
                throw new ArgumentException($"Field {f}, pair {pair}: level {level} but the field has {levelWeights[f].Length} levels.", nameof(levels));
            contributions[f] = new FieldContribution(f, level, m[f][level], u[f][level], levelWeights[f][level]);
            total += levelWeights[f][level];
        }
        return new MatchExplanation(PriorWeight, contributions, total, ToProbability(total));
    }

    private void CheckShape(IReadOnlyList<byte[]> levels, int pairs)
    {
        if (levels.Count != FieldCount)
            throw new ArgumentException($"Expected {FieldCount} columns, got {levels.Count}.", nameof(levels));
        for (var f = 0; f < levels.Count; f++)
            if (levels[f].Length < pairs)
                throw new ArgumentException($"Column {f} holds {levels[f].Length} pairs, fewer than {pairs}.", nameof(levels));
    }

    private static double[] Probabilities(IReadOnlyList<double> given, int field, string name)
    {
        var result = new double[given.Count];
        var sum = 0.0;
        for (var level = 1; level < given.Count; level++)
        {
            var p = given[level];
            if (!(p > 0 && p <= 1))
                throw new ArgumentOutOfRangeException(name, p, $"Field {field}, level {level}: probabilities must lie in (0, 1].");
            result[level] = p;
            sum += p;
        }
        if (Math.Abs(sum - 1) > 1e-6)
            throw new ArgumentException($"Field {field}: {name} over levels 1..K-1 sums to {sum}, not 1.", name);
        return result;
    }
}

/// <summary>One field's part of a pair's match weight.</summary>
/// <param name="Field">The field's index.</param>
/// <param name="Level">The pair's comparison level (0 = null, contributes nothing).</param>
/// <param name="M">P(level | match).</param>
/// <param name="U">P(level | non-match).</param>
/// <param name="Weight">log2(m / u); 0 for the null level.</param>
public readonly record struct FieldContribution(int Field, byte Level, double M, double U, double Weight);

/// <summary>A pair's match weight taken apart: prior weight plus field contributions.</summary>
/// <param name="PriorWeight">log2(λ / (1 - λ)).</param>
/// <param name="Fields">One contribution per field, in field order.</param>
/// <param name="MatchWeight">The total: prior weight plus the field weights.</param>
/// <param name="MatchProbability">2^w / (1 + 2^w).</param>
public sealed record MatchExplanation(double PriorWeight, IReadOnlyList<FieldContribution> Fields, double MatchWeight, double MatchProbability);
