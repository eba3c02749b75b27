namespace Waterline.Analytics.Networks;

/// <summary>Eccentricity of every node of the largest connected component, and that component's diameter and radius.</summary>
/// <param name="Of">Eccentricity per node (hops); -1 for nodes outside the component measured.</param>
/// <param name="Diameter">The largest eccentricity.</param>
/// <param name="Radius">The smallest eccentricity.</param>
/// <param name="ComponentSize">Nodes in the component measured.</param>
/// <param name="WholeGraph">True when the graph is connected, so the component is the whole graph; otherwise the values
/// are of the largest component only (the lowest-numbered one among equals).</param>
public sealed record Eccentricities(int[] Of, int Diameter, int Radius, int ComponentSize, bool WholeGraph);

/// <summary>
/// Cohesion and brokerage around each node, with networkx's conventions: k-core number, clustering coefficient,
/// Burt's constraint and effective size, eccentricity and diameter.
/// </summary>
/// <remarks>
/// These measures are defined on undirected graphs. A directed graph is read as undirected first
/// (<see cref="Graph.ToUndirected"/>: a pair is tied when either arc exists, with the two weights summed). Weights are
/// strengths (clustering, constraint, effective size); eccentricity counts hops. Work is O(Σ deg²) for the
/// neighbourhood measures and O(nm) for eccentricity, run in parallel over fixed chunks of nodes.
/// </remarks>
public static class Cohesion
{
    /// <summary>k-core number of every node (Seidman 1983): the largest k such that the node belongs to a subgraph
    /// in which every node has degree at least k. Bucket algorithm of Batagelj and Zaversnik (2003), O(n + m), as
    /// networkx <c>core_number</c> (which counts in + out degree when directed; so does this).</summary>
    public static int[] CoreNumber(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var degree = Centrality.Degree(graph);
        var maxDegree = 0;
        foreach (var d in degree)
            maxDegree = Math.Max(maxDegree, d);
        // Nodes sorted by degree (counting sort); position[v] is v's place, start[d] the first place of degree d.
        var start = new int[maxDegree + 2];
        foreach (var d in degree)
            start[d + 1]++;
        for (var d = 0; d <= maxDegree; d++)
            start[d + 1] += start[d];
        var order = new int[n];
        var position = new int[n];
        var fill = start.AsSpan(0, maxDegree + 1).ToArray();
        for (var v = 0; v < n; v++)
        {
            position[v] = fill[degree[v]]++;
            order[position[v]] = v;
        }
        for (var i = 0; i < n; i++)
        {
            var v = order[i];
            Lower(graph.Neighbours(v), v);
            if (graph.IsDirected)
                Lower(graph.InNeighbours(v), v);
        }
        return degree;

        // Each neighbour u of higher current degree moves down one bucket (swapped with the first node of its bucket).
        void Lower(ReadOnlySpan<int> neighbours, int v)
        {
            foreach (var u in neighbours)
            {
                if (degree[u] <= degree[v])
                    continue;
                var du = degree[u];
                var first = start[du];
                var w = order[first];
                if (w != u)
                {
                    (order[position[u]], order[first]) = (w, u);
                    (position[u], position[w]) = (first, position[u]);
                }
                start[du]++;
                degree[u]--;
            }
        }
    }

    /// <summary>Local clustering coefficient (Watts and Strogatz 1998), networkx <c>clustering</c>: the share of pairs of
    /// neighbours that are tied, 0 below degree 2. Weighted (Onnela et al. 2005): the geometric mean of the three
    /// weights of each triangle, each divided by the largest weight in the graph, summed over triangles and divided
    /// by deg(deg-1)/2.</summary>
    public static double[] Clustering(Graph graph, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = graph.ToUndirected();
        var n = g.NodeCount;
        var weighted = useWeights && g.IsWeighted;
        var maxWeight = 1.0;
        if (weighted && g.Weights.Length > 0)
        {
            maxWeight = 0;
            foreach (var w in g.Weights)
                maxWeight = Math.Max(maxWeight, w);
        }
        var result = new double[n];
        NodeChunks.For(n, (from, to) =>
        {
            var mark = new Marks(n);
            for (var v = from; v < to; v++)
            {
                var neighbours = g.Neighbours(v);
                var d = neighbours.Length;
                if (d < 2)
                    continue;
                mark.Set(g, v, maxWeight);
                var ws = g.NeighbourWeights(v);
                var triangles = 0.0;
                for (var a = 0; a < d; a++)
                {
                    var j = neighbours[a];
                    var wvj = ws[a] / maxWeight;
                    var jNeighbours = g.Neighbours(j);
                    var jWeights = g.NeighbourWeights(j);
                    // Each triangle {v, j, k} once: k after j in node order.
                    for (var b = jNeighbours.Length - 1; b >= 0 && jNeighbours[b] > j; b--)
                    {
                        var k = jNeighbours[b];
                        if (!mark.Has(k))
                            continue;
                        triangles += weighted ? Math.Cbrt(wvj * (jWeights[b] / maxWeight) * mark.Weight[k]) : 1;
                    }
                }
                result[v] = 2 * triangles / ((double)d * (d - 1));
            }
        });
        return result;
    }

    /// <summary>Mean of <see cref="Clustering"/> over all nodes, zeros included (networkx <c>average_clustering</c>).</summary>
    public static double AverageClustering(Graph graph, bool useWeights = false)
    {
        var values = Clustering(graph, useWeights);
        var sum = 0.0;
        foreach (var c in values)
            sum += c;
        return values.Length == 0 ? 0 : sum / values.Length;
    }

    /// <summary>Burt's (1992) constraint, networkx <c>constraint</c>: c(v) = Σ over neighbours j of
    /// (p_vj + Σ over neighbours q of p_vq p_qj)², where p_vj = w(v,j) / strength(v) is the share of v's ties that
    /// go to j (1/deg(v) unweighted). NaN for an isolated node.</summary>
    public static double[] Constraint(Graph graph, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = Prepared(graph, useWeights);
        var n = g.NodeCount;
        var strength = Centrality.Strength(g);
        var result = new double[n];
        NodeChunks.For(n, (from, to) =>
        {
            var mark = new Marks(n);
            for (var v = from; v < to; v++)
            {
                var neighbours = g.Neighbours(v);
                if (neighbours.Length == 0)
                {
                    result[v] = double.NaN;
                    continue;
                }
                mark.Set(g, v, strength[v]);
                var total = 0.0;
                foreach (var j in neighbours)
                {
                    var indirect = 0.0;
                    var jNeighbours = g.Neighbours(j);
                    var jWeights = g.NeighbourWeights(j);
                    for (var b = 0; b < jNeighbours.Length; b++)
                    {
                        var q = jNeighbours[b];
                        if (mark.Has(q))
                            indirect += mark.Weight[q] * (jWeights[b] / strength[q]);
                    }
                    var local = mark.Weight[j] + indirect;
                    total += local * local;
                }
                result[v] = total;
            }
        });
        return result;
    }

    /// <summary>Burt's (1992) effective size, networkx <c>effective_size</c>: e(v) = Σ over neighbours u of
    /// (1 - Σ over neighbours w of p_vw m_uw), where p_vw = w(v,w)/strength(v) and m_uw = w(u,w) / (u's largest tie
    /// weight). Unweighted this is Borgatti's (1997) deg - 2t/deg, t the ties among the neighbours, which networkx
    /// computes that way. NaN for an isolated node.</summary>
    public static double[] EffectiveSize(Graph graph, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = Prepared(graph, useWeights);
        var n = g.NodeCount;
        var weighted = g.IsWeighted;
        var strength = Centrality.Strength(g);
        var largest = new double[n];
        for (var u = 0; u < n; u++)
        {
            foreach (var w in g.NeighbourWeights(u))
                largest[u] = Math.Max(largest[u], w);
        }
        var result = new double[n];
        NodeChunks.For(n, (from, to) =>
        {
            var mark = new Marks(n);
            for (var v = from; v < to; v++)
            {
                var neighbours = g.Neighbours(v);
                var d = neighbours.Length;
                if (d == 0)
                {
                    result[v] = double.NaN;
                    continue;
                }
                mark.Set(g, v, strength[v]);
                var size = 0.0;
                var ties = 0;
                foreach (var u in neighbours)
                {
                    var redundancy = 0.0;
                    var uNeighbours = g.Neighbours(u);
                    var uWeights = g.NeighbourWeights(u);
                    for (var b = 0; b < uNeighbours.Length; b++)
                    {
                        var w = uNeighbours[b];
                        if (!mark.Has(w))
                            continue;
                        ties++;
                        redundancy += mark.Weight[w] * (uWeights[b] / largest[u]);
                    }
                    size += 1 - redundancy;
                }
                // ties counts each tie among the neighbours twice.
                result[v] = weighted ? size : d - (double)ties / d;
            }
        });
        return result;
    }

    /// <summary>Eccentricity (hops to the farthest node) of every node of the largest connected component, with its
    /// diameter and radius, as networkx <c>eccentricity</c> / <c>diameter</c> on that component's subgraph. One
    /// breadth-first search per node of the component, O(nm), in parallel. A directed graph is read as undirected.</summary>
    public static Eccentricities Eccentricity(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = graph.ToUndirected();
        var n = g.NodeCount;
        var of = new int[n];
        Array.Fill(of, -1);
        if (n == 0)
            return new Eccentricities(of, 0, 0, 0, true);
        var components = Components.Find(g);
        var largest = components.Largest;
        var members = new List<int>(components.Sizes[largest]);
        for (var v = 0; v < n; v++)
        {
            if (components.Of[v] == largest)
                members.Add(v);
        }
        var nodes = members.ToArray();
        var chunks = Math.Clamp(nodes.Length, 1, 64);
        Parallel.For(0, chunks, () => new Search(n), (chunk, _, search) =>
        {
            var (from, to) = NodeChunks.Range(nodes.Length, chunks, chunk);
            for (var i = from; i < to; i++)
            {
                var reached = search.BreadthFirst(g, nodes[i]);
                of[nodes[i]] = (int)search.Distance[search.Order[reached - 1]];
            }
            return search;
        }, _ => { });
        int diameter = 0, radius = int.MaxValue;
        foreach (var v in nodes)
        {
            diameter = Math.Max(diameter, of[v]);
            radius = Math.Min(radius, of[v]);
        }
        return new Eccentricities(of, diameter, radius, nodes.Length, components.Count == 1);
    }

    private static Graph Prepared(Graph graph, bool useWeights)
    {
        var g = graph.ToUndirected();
        if (useWeights || !g.IsWeighted)
            return g;
        // Unweighted on a weighted graph: every tie counts 1.
        var sources = new int[g.Targets.Length];
        for (var v = 0; v < g.NodeCount; v++)
            sources.AsSpan(g.Offsets[v], g.Offsets[v + 1] - g.Offsets[v]).Fill(v);
        return Graph.FromEdges(g.NodeCount, sources, g.Targets, [], false);
    }

    // Per-thread marks of one node's neighbours with a value per neighbour (its weight over a divisor); a stamp per
    // node avoids clearing between nodes.
    private sealed class Marks(int n)
    {
        private readonly int[] _stamp = new int[n];
        private int _current;
        public readonly double[] Weight = new double[n];

        public void Set(Graph g, int v, double divisor)
        {
            _current++;
            var neighbours = g.Neighbours(v);
            var weights = g.NeighbourWeights(v);
            for (var k = 0; k < neighbours.Length; k++)
            {
                _stamp[neighbours[k]] = _current;
                Weight[neighbours[k]] = weights[k] / divisor;
            }
        }

        public bool Has(int u) => _stamp[u] == _current;
    }
}
