using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class LinkageQualityTests
{
    [Fact]
    public void A_hand_computed_five_record_case_gives_the_expected_pairwise_b_cubed_and_adjusted_rand_values()
    {
        // Truth {0, 1, 2} {3, 4}; predicted {0, 1} {2, 3, 4}. Cells: 2, 1, 2 records.
        // Pairs: TP = 1 + 0 + 1 = 2; predicted 1 + 3 = 4; true 3 + 1 = 4: precision = recall = F1 = 0.5.
        // B-cubed precision: (2²/2 + 1²/3 + 2²/3) / 5 = 11/15; recall: (2²/3 + 1²/3 + 2²/2) / 5 = 11/15.
        // ARI: E = 4 × 4 / 10 = 1.6, max = 4: (2 - 1.6) / (4 - 1.6) = 1/6.
        int[] truth = [0, 0, 0, 1, 1];
        int[] predicted = [0, 0, 1, 1, 1];

        var pairwise = LinkageQuality.Pairwise(predicted, truth);
        Assert.Equal((2, 4, 4, 2, 2), (pairwise.TruePositives, pairwise.PredictedPairs, pairwise.TruePairs, pairwise.FalsePositives, pairwise.FalseNegatives));
        Assert.Equal(0.5, pairwise.Precision, 12);
        Assert.Equal(0.5, pairwise.Recall, 12);
        Assert.Equal(0.5, pairwise.F1, 12);

        var bCubed = LinkageQuality.BCubed(predicted, truth);
        Assert.Equal(11.0 / 15, bCubed.Precision, 12);
        Assert.Equal(11.0 / 15, bCubed.Recall, 12);
        Assert.Equal(11.0 / 15, bCubed.F1, 12);

        Assert.Equal(1.0 / 6, LinkageQuality.AdjustedRandIndex(predicted, truth), 12);
    }

    [Fact]
    public void Adjusted_rand_index_reproduces_the_scikit_learn_documentation_examples()
    {
        // scikit-learn 1.x, sklearn.metrics.adjusted_rand_score docstring: 0.57... and -0.5.
        Assert.Equal(4.0 / 7, LinkageQuality.AdjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 12);
        Assert.Equal(4.0 / 7, LinkageQuality.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        Assert.Equal(-0.5, LinkageQuality.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 12);
        Assert.Equal(1.0, LinkageQuality.AdjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 12);
    }

    [Fact]
    public void Precision_drops_when_everything_is_merged_and_recall_when_nothing_is()
    {
        int[] truth = [0, 0, 1, 1, 2, 2];
        int[] allTogether = [0, 0, 0, 0, 0, 0];
        int[] allApart = [0, 1, 2, 3, 4, 5];

        var merged = LinkageQuality.Pairwise(allTogether, truth);
        Assert.Equal((3.0 / 15, 1.0), (merged.Precision, merged.Recall));
        var apart = LinkageQuality.Pairwise(allApart, truth);
        Assert.True(double.IsNaN(apart.Precision));
        Assert.Equal(0, apart.Recall);
        Assert.Equal(0, apart.F1);

        // B-cubed: every record alone is fully precise and half recalled; all together is a third precise.
        Assert.Equal(new BCubedQuality(1, 0.5), LinkageQuality.BCubed(allApart, truth));
        Assert.Equal(1.0 / 3, LinkageQuality.BCubed(allTogether, truth).Precision, 12);
        Assert.Equal(1, LinkageQuality.AdjustedRandIndex(allApart, allApart));
        Assert.Equal(1, LinkageQuality.AdjustedRandIndex(allTogether, allTogether));
    }

    [Fact]
    public void Counts_from_cells_equal_a_brute_force_count_over_all_pairs()
    {
        var random = new Random(4);
        for (var round = 0; round < 20; round++)
        {
            const int N = 300;
            var truth = Enumerable.Range(0, N).Select(_ => random.Next(60)).ToArray();
            var predicted = truth.Select(t => random.NextDouble() < 0.2 ? random.Next(60) : t * 7 - 3).ToArray();
            var (tp, predictedPairs, truePairs) = (0L, 0L, 0L);
            for (var i = 0; i < N; i++)
            {
                for (var j = i + 1; j < N; j++)
                {
                    var (p, t) = (predicted[i] == predicted[j], truth[i] == truth[j]);
                    tp += p && t ? 1 : 0;
                    predictedPairs += p ? 1 : 0;
                    truePairs += t ? 1 : 0;
                }
            }
            var bCubedPrecision = Enumerable.Range(0, N).Average(i =>
                Enumerable.Range(0, N).Count(j => predicted[j] == predicted[i] && truth[j] == truth[i]) / (double)predicted.Count(x => x == predicted[i]));

            Assert.Equal(new PairwiseQuality(tp, predictedPairs, truePairs), LinkageQuality.Pairwise(predicted, truth));
            Assert.Equal(bCubedPrecision, LinkageQuality.BCubed(predicted, truth).Precision, 12);
        }
    }

    [Fact]
    public void Every_measure_is_one_for_the_febrl_dataset1_truth_against_itself_and_through_clustering()
    {
        var data = FebrlDataset1.Read();
        var (left, right) = data.TruePairs();
        var clustered = Clustering.ConnectedComponents(data.Count, left, right, Enumerable.Repeat(1.0, left.Length).ToArray(), 0.5);

        foreach (var predicted in new[] { data.Person, clustered })
        {
            var pairwise = LinkageQuality.Pairwise(predicted, data.Person);
            Assert.Equal(500, pairwise.TruePairs);
            Assert.Equal((1.0, 1.0, 1.0), (pairwise.Precision, pairwise.Recall, pairwise.F1));
            Assert.Equal(new BCubedQuality(1, 1), LinkageQuality.BCubed(predicted, data.Person));
            Assert.Equal(1.0, LinkageQuality.AdjustedRandIndex(predicted, data.Person), 12);
        }

        // Every record alone: no pair found, B-cubed recall 1/2 (each person has two records), ARI 0.
        var singletons = Enumerable.Range(0, data.Count).ToArray();
        Assert.Equal(0, LinkageQuality.Pairwise(singletons, data.Person).Recall);
        Assert.Equal(0.5, LinkageQuality.BCubed(singletons, data.Person).Recall, 12);
        Assert.Equal(0, LinkageQuality.AdjustedRandIndex(singletons, data.Person), 12);
    }

    [Fact]
    public void A_million_records_are_measured_without_enumerating_pairs()
    {
        // 10^6 records in ten clusters: 49,999,500,000 true pairs, far more than could be listed (or held in an int).
        var truth = Enumerable.Range(0, 1_000_000).Select(i => i / 100_000).ToArray();
        var pairwise = LinkageQuality.Pairwise(truth, truth);
        Assert.Equal(49_999_500_000L, pairwise.TruePositives);
        Assert.Equal(1, LinkageQuality.AdjustedRandIndex(truth, truth), 12);
        Assert.Throws<ArgumentException>(() => LinkageQuality.Pairwise([0, 1], [0]));
    }
}
