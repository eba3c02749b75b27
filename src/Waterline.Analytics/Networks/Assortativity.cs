namespace Waterline.Analytics.Networks;

/// <summary>
/// Degree assortativity (Newman 2002, "Assortative mixing in networks", Phys. Rev. Lett. 89:208701; 2003 for the
/// directed form): the Pearson correlation of the degrees at the two ends of a tie, as networkx
/// <c>degree_assortativity_coefficient</c>. Each undirected tie counts once in each direction; a directed arc u→v pairs
/// out-degree(u) with in-degree(v) (networkx's default x="out", y="in"). With weights the degrees are strengths
/// (ties still count once each). NaN when a side has no variance (e.g. a regular graph) or there are no ties.
/// </summary>
public static class Assortativity
{
    /// <summary>The coefficient in [-1, 1]; two passes (means, then centred sums), O(n + m).</summary>
    public static double Degree(Graph graph, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var weighted = useWeights && graph.IsWeighted;
        var tail = weighted ? Centrality.OutStrength(graph) : Array.ConvertAll(Centrality.OutDegree(graph), d => (double)d);
        var head = !graph.IsDirected ? tail
            : weighted ? Centrality.InStrength(graph) : Array.ConvertAll(Centrality.InDegree(graph), d => (double)d);
        var m = graph.Targets.Length;
        if (m == 0)
            return double.NaN;
        double sumX = 0, sumY = 0;
        for (var u = 0; u < graph.NodeCount; u++)
        {
            var count = graph.OutDegree(u);
            sumX += count * tail[u];
            foreach (var v in graph.Neighbours(u))
                sumY += head[v];
        }
        double meanX = sumX / m, meanY = sumY / m;
        double sxy = 0, sxx = 0, syy = 0;
        for (var u = 0; u < graph.NodeCount; u++)
        {
            var x = tail[u] - meanX;
            foreach (var v in graph.Neighbours(u))
            {
                var y = head[v] - meanY;
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
