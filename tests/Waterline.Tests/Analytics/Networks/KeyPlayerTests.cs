using System.Globalization;
using Waterline.Analytics.Networks;
using Waterline.Networks;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Networks;

public sealed class KeyPlayerTests(ITestOutputHelper output)
{
    private static Graph Undirected(int n, params (int U, int V)[] edges) =>
        Graph.FromEdges(n, edges.Select(e => e.U).ToArray(), edges.Select(e => e.V).ToArray(), [], directed: false);

    private static bool[] Removed(int n, params int[] nodes)
    {
        var removed = new bool[n];
        foreach (var v in nodes)
            removed[v] = true;
        return removed;
    }

    [Fact]
    public void Fragmentation_is_exact_on_small_hand_graphs()
    {
        var path = Undirected(5, (0, 1), (1, 2), (2, 3), (3, 4));
        Assert.Equal(0, KeyPlayer.Fragmentation(path));
        // Without node 2: {0,1} and {3,4} among 4 nodes, 1 − (2 + 2) / 12.
        Assert.Equal(2.0 / 3, KeyPlayer.Fragmentation(path, Removed(5, 2)), 15);
        // Without node 1: {0} and {2,3,4}, 1 − 6 / 12.
        Assert.Equal(0.5, KeyPlayer.Fragmentation(path, Removed(5, 1)), 15);
        var star = Undirected(5, (0, 1), (0, 2), (0, 3), (0, 4));
        Assert.Equal(1, KeyPlayer.Fragmentation(star, Removed(5, 0)));
        // Components of 3 and 2 among 5 nodes: 1 − (6 + 2) / 20.
        Assert.Equal(0.6, KeyPlayer.Fragmentation(Undirected(5, (0, 1), (1, 2), (3, 4))), 15);
        Assert.Equal(1, KeyPlayer.Fragmentation(path, Removed(5, 0, 1, 2, 3)));
    }

    [Fact]
    public void Distance_weighted_fragmentation_is_exact_on_small_hand_graphs()
    {
        // Path 0-1-2: ordered pairs at distances 1, 1, 2 (each twice): Σ 1/d = 5 over 6 pairs.
        var path = Undirected(3, (0, 1), (1, 2));
        Assert.Equal(1.0 / 6, KeyPlayer.DistanceWeightedFragmentation(path), 15);
        var triangle = Undirected(3, (0, 1), (1, 2), (0, 2));
        Assert.Equal(0, KeyPlayer.DistanceWeightedFragmentation(triangle), 15);
        // Path of 5 without node 2: two pairs at distance 1 among 4 nodes: 1 − 4 / 12, the same as F.
        var five = Undirected(5, (0, 1), (1, 2), (2, 3), (3, 4));
        Assert.Equal(2.0 / 3, KeyPlayer.DistanceWeightedFragmentation(five, Removed(5, 2)), 15);
        // A directed graph is read both ways: the directed path 0→1→2 scores as the undirected one.
        var directed = Graph.FromEdges(3, [0, 1], [1, 2], [], directed: true);
        Assert.Equal(1.0 / 6, KeyPlayer.DistanceWeightedFragmentation(directed), 15);
    }

    [Fact]
    public void The_best_single_key_player_of_two_triangles_joined_through_a_broker_is_the_broker()
    {
        var graph = Undirected(7, (0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6));
        var set = KeyPlayer.FindSet(graph, 1);
        Assert.Equal([3], set.Nodes);
        Assert.True(set.Exhaustive);
        Assert.Equal(1 - 12.0 / 30, set.Fragmentation, 15);
        Assert.Equal(7, set.SetsEvaluated);
        var pair = KeyPlayer.FindSet(graph, 2, FragmentationMeasure.DistanceWeighted);
        Assert.Equal([2, 4], pair.Nodes);
    }

    [Theory]
    [InlineData("caviar/phase4.csv")]
    [InlineData("caviar/phase8.csv")]
    [InlineData("morselli/cielnet.csv")]
    [InlineData("natarajan/cocaine.csv")]
    [InlineData("spain_cocaine/cocaine_mambo.csv")]
    public void Exhaustive_and_greedy_search_find_equally_fragmenting_sets_on_small_networks(string file)
    {
        var graph = NetworkFile.Read(Path.Combine(SharedData.Folder(), "networks", file), false, false).Graph;
        foreach (var measure in new[] { FragmentationMeasure.Components, FragmentationMeasure.DistanceWeighted })
        {
            for (var k = 1; k <= 3; k++)
            {
                var exact = KeyPlayer.FindSet(graph, k, measure);
                var greedy = KeyPlayer.FindSet(graph, k, measure, seed: 1, exhaustiveLimit: 0);
                output.WriteLine($"{file} {measure} k={k}: exhaustive {exact.Fragmentation:F6} [{string.Join(",", exact.Nodes)}] " +
                    $"({exact.SetsEvaluated} sets), greedy {greedy.Fragmentation:F6} [{string.Join(",", greedy.Nodes)}] ({greedy.SetsEvaluated} sets)");
                Assert.True(exact.Exhaustive);
                Assert.False(greedy.Exhaustive);
                Assert.Equal(KeyPlayer.Combinations(graph.NodeCount, k), exact.SetsEvaluated);
                Assert.Equal(exact.Fragmentation, greedy.Fragmentation, 12);
                var removed = Removed(graph.NodeCount, greedy.Nodes);
                var recomputed = measure == FragmentationMeasure.Components
                    ? KeyPlayer.Fragmentation(graph, removed)
                    : KeyPlayer.DistanceWeightedFragmentation(graph, removed);
                Assert.Equal(greedy.Fragmentation, recomputed, 15);
            }
        }
    }

    [Fact]
    public void Initial_removal_follows_the_intact_ranking_while_adaptive_removal_reranks_after_each_step()
    {
        // A hub 0 with leaves 1..4, and a chain 5-6-7-8 hanging from leaf 4 by node 5 (degree 2).
        var graph = Undirected(9, (0, 1), (0, 2), (0, 3), (0, 4), (4, 5), (5, 6), (6, 7), (7, 8));
        var initial = KeyPlayer.RemoveSequentially(graph, RemovalRanking.Degree, RemovalMode.Initial, maxRemoved: 3);
        // Intact degrees: 0:4, 4,5,6,7:2, the others 1; ties go to the lower node.
        Assert.Equal([0, 4, 5], initial.Skip(1).SelectMany(s => s.Removed));
        var adaptive = KeyPlayer.RemoveSequentially(graph, RemovalRanking.Degree, RemovalMode.Adaptive, maxRemoved: 3);
        // After 0 goes, 4 has degree 1 and 5, 6, 7 have 2: 5 next, then 7 (6 is down to 1).
        Assert.Equal([0, 5, 7], adaptive.Skip(1).SelectMany(s => s.Removed));
        Assert.Equal([9, 5, 3, 1], adaptive.Select(s => s.LargestComponent));
        Assert.Equal([9, 5, 4, 3], initial.Select(s => s.LargestComponent));
        Assert.Equal(0, adaptive[0].Fragmentation);
        // Without 0: isolates 1, 2, 3 and the path 4..8 among 8 nodes: 1 − 20 / 56.
        Assert.Equal(1 - 20.0 / 56, adaptive[1].Fragmentation, 15);
        Assert.Equal(1, adaptive[3].Fragmentation);
    }

    [Fact]
    public void Removing_b_nodes_per_step_reports_after_each_block_until_none_are_left()
    {
        var graph = Undirected(7, (0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6));
        var steps = KeyPlayer.RemoveSequentially(graph, RemovalRanking.Betweenness, RemovalMode.Adaptive, perStep: 3);
        Assert.Equal([0, 3, 6, 7], steps.Select(s => s.RemovedSoFar));
        Assert.Equal([3, 2, 4], steps[1].Removed);
        Assert.Equal(0, steps[^1].LargestComponent);
    }

    // Cavallaro et al. (2020), PLoS ONE 15(8):e0236476, published their disruption curves with their code
    // (lcucav/criminal-nets @ a9cbd9a, disruption/src/network-disruption.py; see ../shared/data/networks/SOURCES.md):
    // networkx Graph built row by row with add_edge(u, v, weight=w) (a pair listed twice keeps the last weight; nodes in
    // order of first appearance), ranking recomputed after every removal ("sequential": one node per step; "block": the
    // top 5 of the current graph, then recompute), betweenness_centrality(G[, weight]) and degree (strength when
    // weighted) of what is left, the last of equal scores in node order taken first (Python's stable sort, then [-1]);
    // the value is 1 − |LCC − LCC0| / LCC0 before each removal, until 5 nodes are left. The same choices here reproduce
    // every published value exactly; the tie order is needed (the lower node first changes several curves).
    [Theory]
    [InlineData("meeting", "Montagna_meetings_edgelist.csv", "sequential", "Unweighted")]
    [InlineData("meeting", "Montagna_meetings_edgelist.csv", "sequential", "Weighted")]
    [InlineData("phone_calls", "Montagna_phonecalls_edgelist.csv", "sequential", "Unweighted")]
    [InlineData("phone_calls", "Montagna_phonecalls_edgelist.csv", "sequential", "Weighted")]
    [InlineData("meeting", "Montagna_meetings_edgelist.csv", "block", "Unweighted")]
    [InlineData("meeting", "Montagna_meetings_edgelist.csv", "block", "Weighted")]
    [InlineData("phone_calls", "Montagna_phonecalls_edgelist.csv", "block", "Unweighted")]
    [InlineData("phone_calls", "Montagna_phonecalls_edgelist.csv", "block", "Weighted")]
    public void Removal_by_degree_and_betweenness_reproduces_the_published_Montagna_disruption_curves(string name,
        string file, string procedure, string weighting)
    {
        var folder = Path.Combine(SharedData.Folder(), "networks", "montagna");
        var weighted = weighting == "Weighted";
        var graph = LastWeightWins(Path.Combine(folder, file), weighted);
        var n = graph.NodeCount;
        var laterFirst = Enumerable.Range(0, n).Reverse().ToArray();
        var perStep = procedure == "block" ? 5 : 1;
        var published = File.ReadAllLines(Path.Combine(folder, "published_disruption", procedure, name, $"df_{weighting}_5nrem.csv"));
        var header = published[0].Split(',');
        var rows = published.Skip(1).Select(l => l.Split(',')).ToArray();
        foreach (var (column, ranking) in new[] { ("Betweenness", RemovalRanking.Betweenness), ("Degree", RemovalRanking.Degree) })
        {
            var at = Array.IndexOf(header, column);
            var steps = KeyPlayer.RemoveSequentially(graph, ranking, RemovalMode.Adaptive, perStep, weighted, n - 5, laterFirst);
            var lcc0 = steps[0].LargestComponent;
            Assert.Equal(rows.Length, steps.Length - 1);
            for (var r = 0; r < rows.Length; r++)
            {
                var removedSoFar = int.Parse(rows[r][1], CultureInfo.InvariantCulture);
                Assert.Equal(removedSoFar, steps[r].RemovedSoFar);
                var expected = double.Parse(rows[r][at], CultureInfo.InvariantCulture);
                var ours = 1 - Math.Abs(steps[r].LargestComponent - lcc0) / (double)lcc0;
                Assert.True(Math.Abs(expected - ours) < 1e-12, $"{column} after {removedSoFar} removed: published {expected}, ours {ours}");
            }
            output.WriteLine($"{name} {procedure} {weighting} {column}: {rows.Length} values equal; LCC0 {lcc0}, " +
                $"after 5 removed {steps.First(s => s.RemovedSoFar >= 5).LargestComponent}");
        }
    }

    // The authors' networkx graph: nodes numbered by first appearance; a pair listed again (either way) keeps the last weight.
    private static Graph LastWeightWins(string path, bool weighted)
    {
        var index = new Dictionary<string, int>();
        var weights = new Dictionary<(int, int), double>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 3)
                continue;
            var u = Node(parts[0]);
            var v = Node(parts[1]);
            weights[(Math.Min(u, v), Math.Max(u, v))] = double.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        var pairs = weights.ToArray();
        return Graph.FromEdges(index.Count, pairs.Select(p => p.Key.Item1).ToArray(), pairs.Select(p => p.Key.Item2).ToArray(),
            weighted ? pairs.Select(p => p.Value).ToArray() : [], directed: false);

        int Node(string label)
        {
            if (!index.TryGetValue(label, out var node))
                index.Add(label, node = index.Count);
            return node;
        }
    }
}
