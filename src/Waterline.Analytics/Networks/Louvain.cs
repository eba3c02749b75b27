namespace Waterline.Analytics.Networks;

/// <summary>
/// Louvain community detection maximising modularity (Blondel, Guillaume, Lambiotte and Lefebvre 2008, "Fast unfolding
/// of communities in large networks", J. Stat. Mech. P10008): sweeps over the nodes in random order, each moved to the
/// neighbouring community of greatest modularity gain, until a sweep moves nothing; then the communities become the
/// nodes of the next level; stop when a level moves nothing.
/// </summary>
/// <remarks>
/// Same conventions as <see cref="Leiden"/> (undirected, weighted, directed graphs folded by summing both directions;
/// seeded). Louvain can return badly connected, even disconnected, communities (the reason for Leiden); prefer
/// <see cref="Leiden"/>.
/// </remarks>
public static class Louvain
{
    /// <summary>Finds communities.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="resolution">γ in the modularity.</param>
    /// <param name="seed">Seed of the node order.</param>
    /// <param name="maxLevels">Levels at most; negative for no limit.</param>
    public static Partition Find(Graph graph, double resolution = 1.0, int seed = 0, int maxLevels = -1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = graph.ToUndirected();
        var work = new CommunityWork(g, resolution, new Random(seed));
        var (membership, levels) = work.Louvain(maxLevels);
        var count = CommunityWork.Renumber(membership);
        return new Partition(membership, count, Modularity.Compute(g, membership, resolution), levels, seed);
    }
}
