namespace Waterline.Analytics.Networks;

/// <summary>
/// Newman-Girvan modularity of a partition (Newman and Girvan 2004, Phys. Rev. E 69:026113), with the resolution γ of
/// Reichardt and Bornholdt (2006): Q = Σ_c [ L_c / m − γ (K_c / 2m)² ], where L_c is the weight of the edges inside
/// community c, K_c the sum of its nodes' strengths and m the total edge weight.
/// </summary>
/// <remarks>
/// Weighted (weights are strengths; an unweighted graph has every weight 1) and undirected, as networkx's
/// <c>community.modularity</c>. A directed graph is first folded to undirected by summing both directions
/// (<see cref="Graph.ToUndirected"/>), the convention Louvain and Leiden here also use; networkx would instead use the
/// directed (Leicht-Newman) form. A graph without edges has modularity 0.
/// </remarks>
public static class Modularity
{
    /// <summary>Modularity of <paramref name="membership"/> (community number per node, non-negative).</summary>
    public static double Compute(Graph graph, ReadOnlySpan<int> membership, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = graph.ToUndirected();
        var n = g.NodeCount;
        if (membership.Length != n)
            throw new ArgumentException($"membership has {membership.Length} entries for {n} nodes.", nameof(membership));
        var labels = 0;
        foreach (var c in membership)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(membership));
            labels = Math.Max(labels, c + 1);
        }
        var inside = new double[labels];
        var strength = new double[labels];
        var twoM = 0.0;
        for (var v = 0; v < n; v++)
        {
            var cv = membership[v];
            var targets = g.Neighbours(v);
            var weights = g.NeighbourWeights(v);
            for (var k = 0; k < targets.Length; k++)
            {
                strength[cv] += weights[k];
                twoM += weights[k];
                // Each undirected edge is stored both ways, so inside[c] sums to 2 L_c.
                if (membership[targets[k]] == cv)
                    inside[cv] += weights[k];
            }
        }
        if (twoM == 0)
            return 0;
        var q = 0.0;
        for (var c = 0; c < labels; c++)
            q += inside[c] / twoM - resolution * (strength[c] / twoM) * (strength[c] / twoM);
        return q;
    }
}
