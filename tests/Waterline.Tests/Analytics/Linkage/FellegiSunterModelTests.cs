using System.Globalization;
using Waterline.Analytics.Linkage;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Linkage;

// Golden data: Splink's known_params_comparison_vectors.csv (../shared/data/linkage/SOURCES.md), 4,000 pairs drawn
// from a planted model: col_1 m=[0.3,0.7] u=[0.9,0.1]; col_2 m=[0.1,0.9] u=[0.975,0.025]; col_3 m=[0.05,0.95]
// u=[0.8,0.2] (index 0 = disagree, 1 = agree); λ = 0.5. Our levels are gamma + 1, since level 0 means null.
public sealed class FellegiSunterModelTests(ITestOutputHelper output)
{
    private static readonly double[][] TrueM = [[0, 0.3, 0.7], [0, 0.1, 0.9], [0, 0.05, 0.95]];
    private static readonly double[][] TrueU = [[0, 0.9, 0.1], [0, 0.975, 0.025], [0, 0.8, 0.2]];

    private sealed record GoldenVectors(byte[][] Levels, bool[] TrueMatch, double[] TrueProbability);

    [Fact]
    public void Scoring_with_the_planted_parameters_reproduces_the_files_match_probabilities()
    {
        var golden = ReadGolden();
        var model = new FellegiSunterModel(0.5, TrueM, TrueU);
        var probabilities = new double[golden.TrueMatch.Length];

        model.ScoreProbabilities(golden.Levels, probabilities);

        var largest = probabilities.Select((p, i) => Math.Abs(p - golden.TrueProbability[i])).Max();
        output.WriteLine($"largest difference over {probabilities.Length} rows: {largest:E2}");
        Assert.True(largest < 1e-12, $"largest difference {largest:E2}");
    }

    [Fact]
    public void Expectation_maximisation_from_neutral_values_recovers_the_planted_parameters()
    {
        var golden = ReadGolden();
        var start = new FellegiSunterModel(0.3, Neutral(0.4, 0.6), Neutral(0.6, 0.4));

        var result = ExpectationMaximisation.Train(golden.Levels, start, new ExpectationMaximisationOptions(ConvergenceThreshold: 1e-9, MaximumIterations: 1000));

        var model = result.Model;
        output.WriteLine($"iterations {result.Iterations}, final change {result.FinalChange:E2}, distinct vectors {result.DistinctVectors}, λ {model.Prior:F4}");
        for (var f = 0; f < 3; f++)
            output.WriteLine($"col_{f + 1}: m agree {model.M(f, 2):F4} (true {TrueM[f][2]}), u agree {model.U(f, 2):F4} (true {TrueU[f][2]})");
        var largest = Math.Abs(model.Prior - 0.5);
        for (var f = 0; f < 3; f++)
            for (var level = 1; level <= 2; level++)
                largest = Math.Max(largest, Math.Max(Math.Abs(model.M(f, level) - TrueM[f][level]), Math.Abs(model.U(f, level) - TrueU[f][level])));
        output.WriteLine($"largest absolute error over λ, m and u: {largest:E2}");
        // Measured: 71 iterations to a change below 1e-9, largest error 3.6e-9. The file holds exactly the expected
        // count of each vector (1,404 = 2,000 x 0.9 x 0.975 x 0.8 ...), so the planted model is a fixed point of EM
        // and only the stopping threshold limits the error; 1e-6 leaves room for that and nothing else.
        Assert.True(result.Converged);
        Assert.Equal(8, result.DistinctVectors);
        Assert.True(largest < 1e-6, $"largest absolute error {largest:E2}");
        var probabilities = new double[golden.TrueMatch.Length];
        model.ScoreProbabilities(golden.Levels, probabilities);
        Assert.True(probabilities.Select((p, i) => Math.Abs(p - golden.TrueProbability[i])).Max() < 1e-6);
    }

    [Fact]
    public void Expectation_maximisation_with_u_kept_fixed_trains_only_m_and_the_prior()
    {
        var golden = ReadGolden();
        var start = new FellegiSunterModel(0.3, Neutral(0.4, 0.6), TrueU);

        var result = ExpectationMaximisation.Train(golden.Levels, start, new ExpectationMaximisationOptions(KeepUFixed: true, ConvergenceThreshold: 1e-9, MaximumIterations: 1000));

        var model = result.Model;
        output.WriteLine($"iterations {result.Iterations}, λ {model.Prior:F6}, m agree {model.M(0, 2):F6} {model.M(1, 2):F6} {model.M(2, 2):F6}");
        // Measured: 29 iterations, λ and every m equal to the planted values to 6 decimals (see the test above).
        Assert.True(result.Converged);
        Assert.Equal(0.5, model.Prior, 1e-6);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(TrueU[f][1], model.U(f, 1));
            Assert.Equal(TrueU[f][2], model.U(f, 2));
            Assert.Equal(TrueM[f][2], model.M(f, 2), 1e-6);
        }
    }

    [Fact]
    public void Expectation_maximisation_recovers_a_planted_model_with_four_levels_and_nulls()
    {
        // Generator's planted truth: λ = 0.1; field 0 has levels null, else, close, exact; field 1 null, else,
        // exact; field 2 null, else, close, near, exact. 10 % of values are null (level 0) in every field.
        double[][] m = [[0, 0.1, 0.2, 0.7], [0, 0.15, 0.85], [0, 0.05, 0.1, 0.25, 0.6]];
        double[][] u = [[0, 0.8, 0.15, 0.05], [0, 0.9, 0.1], [0, 0.7, 0.2, 0.07, 0.03]];
        const int pairs = 200_000;
        var random = new Random(4);
        var levels = m.Select(_ => new byte[pairs]).ToArray();
        for (var i = 0; i < pairs; i++)
        {
            var match = random.NextDouble() < 0.1;
            for (var f = 0; f < m.Length; f++)
                levels[f][i] = random.NextDouble() < 0.1 ? (byte)0 : Draw(match ? m[f] : u[f], random);
        }
        var start = new FellegiSunterModel(0.3,
            [[0, 0.3, 0.3, 0.4], [0, 0.4, 0.6], [0, 0.2, 0.2, 0.3, 0.3]],
            [[0, 0.4, 0.3, 0.3], [0, 0.6, 0.4], [0, 0.3, 0.3, 0.2, 0.2]]);

        var result = ExpectationMaximisation.Train(levels, start, new ExpectationMaximisationOptions(ConvergenceThreshold: 1e-8, MaximumIterations: 2000));

        var model = result.Model;
        var largest = Math.Abs(model.Prior - 0.1);
        for (var f = 0; f < m.Length; f++)
            for (var level = 1; level < m[f].Length; level++)
                largest = Math.Max(largest, Math.Max(Math.Abs(model.M(f, level) - m[f][level]), Math.Abs(model.U(f, level) - u[f][level])));
        output.WriteLine($"iterations {result.Iterations}, distinct vectors {result.DistinctVectors}, λ {model.Prior:F4}, largest error {largest:F4}");
        // Measured with seed 4: 98 iterations over 60 distinct vectors (4 x 3 x 5), λ 0.1013, largest error 0.0077.
        // About 18,000 non-null matched values per field give a standard error near 0.0035 for m; 0.02 is ~5 of them.
        Assert.True(result.Converged);
        Assert.Equal(60, result.DistinctVectors);
        Assert.True(largest < 0.02, $"largest absolute error {largest:F4}");
    }

    private static byte Draw(double[] probabilities, Random random)
    {
        var x = random.NextDouble();
        for (var level = 1; level < probabilities.Length - 1; level++)
        {
            x -= probabilities[level];
            if (x < 0)
                return (byte)level;
        }
        return (byte)(probabilities.Length - 1);
    }

    [Fact]
    public void Expectation_maximisation_stops_at_the_iteration_limit_and_says_it_did_not_converge()
    {
        var golden = ReadGolden();
        var start = new FellegiSunterModel(0.3, Neutral(0.4, 0.6), Neutral(0.6, 0.4));

        var result = ExpectationMaximisation.Train(golden.Levels, start, new ExpectationMaximisationOptions(ConvergenceThreshold: 0, MaximumIterations: 3));

        Assert.Equal(3, result.Iterations);
        Assert.False(result.Converged);
        Assert.True(result.FinalChange > 0);
    }

    [Fact]
    public void Per_field_contributions_add_up_to_the_total_weight_of_every_pair()
    {
        var golden = ReadGolden();
        var model = new FellegiSunterModel(0.5, TrueM, TrueU);
        var weights = new double[golden.TrueMatch.Length];
        model.ScoreWeights(golden.Levels, weights);

        for (var pair = 0; pair < weights.Length; pair++)
        {
            var explanation = model.Explain(golden.Levels, pair);
            var sum = explanation.PriorWeight + explanation.Fields.Sum(c => c.Weight);
            Assert.Equal(weights[pair], sum, 1e-12);
            Assert.Equal(weights[pair], explanation.MatchWeight, 1e-12);
            Assert.Equal(golden.TrueProbability[pair], explanation.MatchProbability, 1e-12);
        }
    }

    [Fact]
    public void A_hand_computed_example_with_a_null_level_and_a_three_level_field()
    {
        // λ = 0.2: prior weight log2(0.2 / 0.8) = log2(1/4) = -2.
        // Field A (null, disagree, agree): m = [-, 0.2, 0.8], u = [-, 0.9, 0.1]; agree: log2(0.8 / 0.1) = log2 8 = 3.
        // Field B (null, other, close, exact): m = [-, 0.25, 0.25, 0.5], u = [-, 0.375, 0.5, 0.125];
        //   close: log2(0.25 / 0.5) = -1; exact: log2(0.5 / 0.125) = 2.
        // Pair 0: A agree, B close: -2 + 3 - 1 = 0, p = 1 / (1 + 1) = 0.5.
        // Pair 1: A agree, B exact: -2 + 3 + 2 = 3, p = 8 / 9.
        // Pair 2: A null, B close:  -2 + 0 - 1 = -3, p = (1/8) / (1 + 1/8) = 1 / 9.
        var model = new FellegiSunterModel(0.2, [[0, 0.2, 0.8], [0, 0.25, 0.25, 0.5]], [[0, 0.9, 0.1], [0, 0.375, 0.5, 0.125]]);
        byte[][] levels = [[2, 2, 0], [2, 3, 2]];
        var weights = new double[3];
        var probabilities = new double[3];

        model.ScoreWeights(levels, weights);
        model.ScoreProbabilities(levels, probabilities);
        var explanation = model.Explain(levels, 2);

        Assert.Equal([0.0, 3.0, -3.0], weights);
        Assert.Equal(0.5, probabilities[0], 1e-15);
        Assert.Equal(8.0 / 9, probabilities[1], 1e-15);
        Assert.Equal(1.0 / 9, probabilities[2], 1e-15);
        Assert.Equal(-2, explanation.PriorWeight);
        Assert.Equal(new FieldContribution(0, 0, 0, 0, 0), explanation.Fields[0]);
        Assert.Equal(new FieldContribution(1, 2, 0.25, 0.5, -1), explanation.Fields[1]);
    }

    [Fact]
    public void A_level_beyond_the_fields_levels_is_refused()
    {
        var model = new FellegiSunterModel(0.5, TrueM, TrueU);
        byte[][] levels = [[1], [3], [1]];

        Assert.Throws<ArgumentException>(() => model.ScoreWeights(levels, new double[1]));
    }

    [Fact]
    public void Probabilities_that_do_not_sum_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new FellegiSunterModel(0.5, [[0, 0.3, 0.6]], [[0, 0.5, 0.5]]));
    }

    [Fact]
    public void U_from_the_non_matching_pairs_estimates_the_planted_u()
    {
        // The file's non-matches were drawn from u, like the random pairs Splink samples (nearly all non-matches).
        var golden = ReadGolden();
        var nonMatches = Enumerable.Range(0, golden.TrueMatch.Length).Where(i => !golden.TrueMatch[i]).ToArray();
        var sample = golden.Levels.Select(column => nonMatches.Select(i => column[i]).ToArray()).ToArray();

        var u = UProbabilities.FromRandomPairs(sample, [3, 3, 3]);

        output.WriteLine($"{nonMatches.Length} non-matches; u agree {u[0][2]:F4} {u[1][2]:F4} {u[2][2]:F4}");
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(1, u[f][1] + u[f][2], 1e-12);
            Assert.InRange(u[f][2], TrueU[f][2] - 0.02, TrueU[f][2] + 0.02);
        }
    }

    [Fact]
    public void U_for_a_level_never_sampled_is_floored_above_zero_and_nulls_are_left_out()
    {
        // Field with levels null, disagree, close, exact; the sample: 2 null, 3 disagree, 1 close, no exact.
        // Counts after the floor: 3, 1, 0.5 over 4.5.
        byte[][] sample = [[0, 0, 1, 1, 1, 2]];

        var u = UProbabilities.FromRandomPairs(sample, [4]);

        Assert.Equal([0, 3 / 4.5, 1 / 4.5, 0.5 / 4.5], u[0]);
    }

    private static double[][] Neutral(double disagree, double agree) =>
        [[0, disagree, agree], [0, disagree, agree], [0, disagree, agree]];

    private static GoldenVectors ReadGolden()
    {
        var path = Path.Combine(SharedData.Folder(), "linkage", "splink", "known_params_comparison_vectors.csv");
        Assert.True(File.Exists(path), $"Splink's known_params_comparison_vectors.csv is missing at {path}; the linkage tests need ../shared/data beside the clone.");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').ToList();
        var gammas = new[] { "gamma_col_1", "gamma_col_2", "gamma_col_3" }.Select(name => header.IndexOf(name)).ToArray();
        var (match, probability) = (header.IndexOf("true_match_l"), header.IndexOf("true_match_probability_l"));
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        Assert.Equal(4000, rows.Length);
        var levels = gammas.Select(g => rows.Select(r => (byte)(byte.Parse(r[g], CultureInfo.InvariantCulture) + 1)).ToArray()).ToArray();
        return new GoldenVectors(
            levels,
            rows.Select(r => r[match] == "1").ToArray(),
            rows.Select(r => double.Parse(r[probability], CultureInfo.InvariantCulture)).ToArray());
    }
}
