using Waterline.Analytics.Networks;

namespace Waterline.Networks;

/// <summary>Every measure of docs/networks.md on one network: per node, for the whole graph, communities (Leiden, with
/// Louvain beside it) and, when asked, key players. Used by <c>waterline network metrics</c>; names and conventions are
/// networkx's (docs/networks.md).</summary>
public static class MeasureNetwork
{
    /// <summary>All-pairs measures (closeness, harmonic, eccentricity, exact betweenness, distance-weighted
    /// fragmentation) are O(nm); above this many nodes betweenness is sampled and the others are left out (noted).</summary>
    public const int AllPairsLimit = 20_000;

    /// <param name="Network">The network (labels and graph).</param>
    /// <param name="UseWeights">Weights as lengths in path measures and as strengths in degree-type ones.</param>
    /// <param name="KeyPlayers">Size k of the key-player set and of the sequential removals; 0 leaves them out.</param>
    /// <param name="Seed">Seed of Leiden, Louvain, sampling and the greedy key-player search.</param>
    /// <param name="BetweennessSources">Sampled sources for betweenness; null = exact up to <see cref="AllPairsLimit"/> nodes, else 256.</param>
    public sealed record Request(Network Network, bool UseWeights = false, int KeyPlayers = 0, int Seed = 1, int? BetweennessSources = null);

    public sealed record NodeMeasures(string Label, int Degree, int? InDegree, int? OutDegree, double Strength, double DegreeCentrality,
        double Betweenness, double? Closeness, double? Harmonic, double Eigenvector, double Pagerank, int CoreNumber, double Clustering,
        double Constraint, double EffectiveSize, int? Eccentricity, int Component, int Community);

    public sealed record GraphMeasures(int Nodes, int Edges, bool Directed, bool Weighted, double Density, int Components, int LargestComponent,
        int? Diameter, int? Radius, bool? DiameterOfWholeGraph, double DegreeCentralisation, double BetweennessCentralisation,
        double? ClosenessCentralisation, double DegreeAssortativity, double AverageClustering, bool EigenvectorConverged, bool PagerankConverged);

    public sealed record Communities(string Method, int Count, double Modularity, int Seed, int Iterations);

    public sealed record BetweennessNote(string Method, int Sources, double? ErrorBound, double? Confidence);

    public sealed record KeyPlayerResult(int K, string[] Set, double Fragmentation, bool Exhaustive, long SetsEvaluated,
        IReadOnlyList<Removal> Removals);

    public sealed record Removal(string Ranking, string Mode, IReadOnlyList<RemovalStepView> Steps);

    public sealed record RemovalStepView(int Step, string[] Removed, int LargestComponent, double Fragmentation);

    public sealed record Result(GraphMeasures Graph, BetweennessNote Betweenness, IReadOnlyList<Communities> Communities,
        IReadOnlyList<NodeMeasures> Nodes, KeyPlayerResult? KeyPlayers, IReadOnlyList<string> Notes);

    public static Result Handle(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (labels, graph) = (request.Network.Labels, request.Network.Graph);
        var n = graph.NodeCount;
        var weights = request.UseWeights && graph.IsWeighted;
        var notes = new List<string>();
        if (request.UseWeights && !graph.IsWeighted)
            notes.Add("--weighted was asked but the graph was built without weights: every weight is 1.");
        var allPairs = n <= AllPairsLimit;

        var degree = Centrality.Degree(graph);
        var inDegree = graph.IsDirected ? Centrality.InDegree(graph) : null;
        var outDegree = graph.IsDirected ? Centrality.OutDegree(graph) : null;
        var strength = Centrality.Strength(graph);
        var degreeCentrality = Centrality.DegreeCentrality(graph);

        double[] betweenness;
        BetweennessNote betweennessNote;
        if (request.BetweennessSources is null && allPairs)
        {
            betweenness = Betweenness.Compute(graph, weights);
            betweennessNote = new BetweennessNote("exact (Brandes 2001)", n, null, null);
        }
        else
        {
            var estimate = Betweenness.Estimate(graph, request.BetweennessSources ?? 256, request.Seed, useWeights: weights);
            betweenness = estimate.Values;
            betweennessNote = new BetweennessNote("sampled sources (Brandes & Pich 2007)", estimate.Sources, estimate.ErrorBound, estimate.Confidence);
        }

        DistanceCentralities? distances = allPairs ? Centrality.Distances(graph, weights) : null;
        Eccentricities? eccentricities = allPairs ? Cohesion.Eccentricity(graph) : null;
        if (!allPairs)
            notes.Add($"{n:N0} nodes: closeness, harmonic closeness and eccentricity left out (all-pairs, O(nm)); betweenness sampled.");
        var eigenvector = Centrality.Eigenvector(graph, weights);
        if (!eigenvector.Converged)
            notes.Add($"Eigenvector centrality did not converge in {eigenvector.Iterations} iterations; its values are the last iterate.");
        var pagerank = Centrality.PageRank(graph, weights);
        var core = Cohesion.CoreNumber(graph);
        var clustering = Cohesion.Clustering(graph, weights);
        var constraint = Cohesion.Constraint(graph, weights);
        var effectiveSize = Cohesion.EffectiveSize(graph, weights);
        var components = Components.Find(graph);
        // Ten runs keep the best: one run can miss the best partition by more than 0.01 (docs/networks.md, Communities).
        var leiden = Leiden.Find(graph, seed: request.Seed, runs: 10);
        var louvain = Louvain.Find(graph, seed: request.Seed);
        if (graph.IsDirected)
            notes.Add("Communities and modularity are computed on the graph folded to undirected (weights of both directions summed).");

        var nodes = new NodeMeasures[n];
        for (var v = 0; v < n; v++)
        {
            nodes[v] = new NodeMeasures(labels[v], degree[v], inDegree?[v], outDegree?[v], strength[v], degreeCentrality[v], betweenness[v],
                distances?.Closeness[v], distances?.Harmonic[v], eigenvector.Values[v], pagerank.Values[v], core[v], clustering[v],
                constraint[v], effectiveSize[v], eccentricities is { } e && e.Of[v] >= 0 ? e.Of[v] : null, components.Of[v], leiden.Membership[v]);
        }
        var possible = graph.IsDirected ? (double)n * (n - 1) : n * (n - 1) / 2.0;
        var graphMeasures = new GraphMeasures(n, graph.EdgeCount, graph.IsDirected, graph.IsWeighted, possible > 0 ? graph.EdgeCount / possible : 0,
            components.Count, components.LargestSize, eccentricities?.Diameter, eccentricities?.Radius, eccentricities?.WholeGraph,
            Centralisation.Degree(degree), Centralisation.Betweenness(betweenness),
            distances is null ? null : Centralisation.Closeness(distances.Closeness), Assortativity.Degree(graph),
            Cohesion.AverageClustering(graph, weights), eigenvector.Converged, pagerank.Converged);
        if (!allPairs)
            notes.Add("Betweenness centralisation is computed from the sampled betweenness.");
        if (eccentricities is { WholeGraph: false })
            notes.Add($"The graph is disconnected: diameter and radius are those of the largest component ({eccentricities.ComponentSize} nodes).");

        var keyPlayers = request.KeyPlayers > 0 ? KeyPlayers(graph, labels, request.KeyPlayers, request.Seed, weights, allPairs) : null;
        return new Result(graphMeasures, betweennessNote,
            [
                new Communities("leiden (Traag, Waltman & van Eck 2019)", leiden.Count, leiden.Modularity, leiden.Seed, leiden.Iterations),
                new Communities("louvain (Blondel et al. 2008)", louvain.Count, louvain.Modularity, louvain.Seed, louvain.Iterations),
            ],
            nodes, keyPlayers, notes);
    }

    private static KeyPlayerResult KeyPlayers(Graph graph, string[] labels, int k, int seed, bool weights, bool allPairs)
    {
        var set = KeyPlayer.FindSet(graph, Math.Min(k, graph.NodeCount), FragmentationMeasure.Components, seed);
        var removals = new List<Removal>();
        foreach (var ranking in new[] { RemovalRanking.Degree, RemovalRanking.Betweenness })
        {
            if (ranking == RemovalRanking.Betweenness && !allPairs)
                continue;
            foreach (var mode in new[] { RemovalMode.Initial, RemovalMode.Adaptive })
            {
                var steps = KeyPlayer.RemoveSequentially(graph, ranking, mode, perStep: 1, useWeights: weights, maxRemoved: k);
                removals.Add(new Removal(ranking.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(),
                    steps.Select(s => new RemovalStepView(s.Step, s.Removed.Select(v => labels[v]).ToArray(), s.LargestComponent, s.Fragmentation)).ToList()));
            }
        }
        return new KeyPlayerResult(k, set.Nodes.Select(v => labels[v]).ToArray(), set.Fragmentation, set.Exhaustive, set.SetsEvaluated, removals);
    }
}
