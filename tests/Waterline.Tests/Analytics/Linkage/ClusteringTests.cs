using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class ClusteringTests
{
    [Fact]
    public void True_pairs_of_febrl_dataset1_form_500_clusters_of_two_named_by_their_smallest_record()
    {
        // Planted truth of the FEBRL generator: rec-N-org and rec-N-dup-0 are one person.
        var data = FebrlDataset1.Read();
        var (left, right) = data.TruePairs();
        var probability = Enumerable.Repeat(1.0, left.Length).ToArray();

        var cluster = Clustering.ConnectedComponents(data.Count, left, right, probability, 0.9);

        var groups = Enumerable.Range(0, data.Count).GroupBy(i => cluster[i]).ToList();
        Assert.Equal(500, groups.Count);
        Assert.All(groups, g => Assert.Equal(2, g.Count()));
        Assert.All(groups, g => Assert.Equal(g.Min(), g.Key));
        Assert.All(groups, g => Assert.Single(g.Select(i => data.Person[i]).Distinct()));
    }

    [Fact]
    public void A_hand_made_graph_gives_its_components()
    {
        // Edges 3-0, 5-3, 4-2, 1-4: components {0, 3, 5} and {1, 2, 4}, with 6 alone.
        int[] left = [3, 5, 4, 1];
        int[] right = [0, 3, 2, 4];
        double[] probability = [0.99, 0.95, 0.97, 0.96];

        var cluster = Clustering.ConnectedComponents(7, left, right, probability, 0.5);

        Assert.Equal([0, 1, 1, 0, 1, 0, 6], cluster);
    }

    [Fact]
    public void Edges_below_the_threshold_join_nothing_and_edges_at_it_do()
    {
        int[] left = [0, 1, 2];
        int[] right = [1, 2, 3];
        double[] probability = [0.8, 0.79, double.NaN];

        Assert.Equal([0, 0, 2, 3], Clustering.ConnectedComponents(4, left, right, probability, 0.8));
        Assert.Equal([0, 0, 0, 3], Clustering.ConnectedComponents(4, left, right, probability, 0.5));
        Assert.Equal([0, 1, 2, 3], Clustering.ConnectedComponents(4, left, right, probability, 0.81));
    }

    [Fact]
    public void Adding_an_isolated_record_leaves_existing_cluster_ids_unchanged()
    {
        int[] left = [4, 2, 3];
        int[] right = [1, 4, 0];
        double[] probability = [0.9, 0.9, 0.9];
        var before = Clustering.ConnectedComponents(5, left, right, probability, 0.5);

        // The new record 5 has a pair, but below the threshold, so it stays on its own.
        var after = Clustering.ConnectedComponents(6, [.. left, 5], [.. right, 1], [.. probability, 0.1], 0.5);

        Assert.Equal([0, 1, 1, 0, 1], before);
        Assert.Equal(before, after[..5]);
        Assert.Equal(5, after[5]);
    }

    [Fact]
    public void A_pair_outside_the_records_or_columns_of_unequal_length_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clustering.ConnectedComponents(2, [0], [2], [1.0], 0.5));
        Assert.Throws<ArgumentException>(() => Clustering.ConnectedComponents(2, [0], [1], [], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clustering.ConnectedComponents(2, [0], [1], [1.0], double.NaN));
    }
}
