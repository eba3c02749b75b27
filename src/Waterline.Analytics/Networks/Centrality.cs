namespace Waterline.Analytics.Networks;

/// <summary>Closeness and harmonic closeness of every node, from one shortest-path search per node.</summary>
/// <param name="Closeness">networkx <c>closeness_centrality</c> with the Wasserman-Faust scaling.</param>
/// <param name="Harmonic">networkx <c>harmonic_centrality</c> (not normalised).</param>
public sealed record DistanceCentralities(double[] Closeness, double[] Harmonic);

/// <summary>The scores of an iterative method, how many iterations it took and whether it met its tolerance.</summary>
/// <param name="Values">Score per node.</param>
/// <param name="Iterations">Iterations run.</param>
/// <param name="Converged">False when <c>maxIterations</c> ran out first (the values are then the last iterate).</param>
public sealed record IterativeScores(double[] Values, int Iterations, bool Converged);

/// <summary>
/// Node centralities with networkx's conventions (docs/networks.md, "Conventions"): degree and strength, closeness and
/// harmonic closeness, eigenvector centrality and PageRank.
/// </summary>
/// <remarks>
/// Weights, when used, are strengths for degree-type and spectral measures (strength, eigenvector, PageRank: a heavier
/// tie counts more) and lengths for path measures (closeness, harmonic: a heavier tie is a longer path), as networkx's
/// <c>weight</c> and <c>distance</c> arguments. Directed graphs: closeness and harmonic use distances <em>to</em> the
/// node (incoming paths), eigenvector centrality sums over in-neighbours, PageRank follows arcs.
/// </remarks>
public static class Centrality
{
    private const int SweepChunks = 64;

    /// <summary>Number of neighbours; in-degree + out-degree when directed (networkx <c>G.degree</c>).</summary>
    public static int[] Degree(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var degree = new int[graph.NodeCount];
        for (var v = 0; v < degree.Length; v++)
            degree[v] = graph.IsDirected ? graph.OutDegree(v) + graph.InDegree(v) : graph.OutDegree(v);
        return degree;
    }

    /// <summary>Number of arcs into each node (the degree when undirected).</summary>
    public static int[] InDegree(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var degree = new int[graph.NodeCount];
        for (var v = 0; v < degree.Length; v++)
            degree[v] = graph.InDegree(v);
        return degree;
    }

    /// <summary>Number of arcs out of each node (the degree when undirected).</summary>
    public static int[] OutDegree(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var degree = new int[graph.NodeCount];
        for (var v = 0; v < degree.Length; v++)
            degree[v] = graph.OutDegree(v);
        return degree;
    }

    /// <summary>Degree divided by n-1 (networkx <c>degree_centrality</c>; when directed in+out, so it can exceed 1).</summary>
    public static double[] DegreeCentrality(Graph graph) => Scaled(Degree(graph));

    /// <summary>In-degree divided by n-1 (networkx <c>in_degree_centrality</c>).</summary>
    public static double[] InDegreeCentrality(Graph graph) => Scaled(InDegree(graph));

    /// <summary>Out-degree divided by n-1 (networkx <c>out_degree_centrality</c>).</summary>
    public static double[] OutDegreeCentrality(Graph graph) => Scaled(OutDegree(graph));

    /// <summary>Sum of tie weights (weighted degree, networkx <c>G.degree(weight=...)</c>); in + out when directed.
    /// Equals the degree on an unweighted graph.</summary>
    public static double[] Strength(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var outStrength = OutStrength(graph);
        if (!graph.IsDirected)
            return outStrength;
        var inStrength = InStrength(graph);
        for (var v = 0; v < outStrength.Length; v++)
            outStrength[v] += inStrength[v];
        return outStrength;
    }

    /// <summary>Sum of the weights of arcs into each node.</summary>
    public static double[] InStrength(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return RowSums(graph.InOffsets, graph.InWeights);
    }

    /// <summary>Sum of the weights of arcs out of each node.</summary>
    public static double[] OutStrength(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return RowSums(graph.Offsets, graph.Weights);
    }

    // The sum of each CSR row's weights.
    private static double[] RowSums(int[] offsets, double[] weights)
    {
        var sums = new double[offsets.Length - 1];
        for (var v = 0; v < sums.Length; v++)
        {
            for (var k = offsets[v]; k < offsets[v + 1]; k++)
                sums[v] += weights[k];
        }
        return sums;
    }

    /// <summary>Closeness centrality (Bavelas 1950; Freeman 1979) with the Wasserman and Faust (1994) scaling for
    /// disconnected graphs, as networkx <c>closeness_centrality(G, wf_improved=True)</c>:
    /// C(u) = (r-1)/Σd(v,u) · (r-1)/(n-1), where r counts the nodes that reach u (u included); 0 when none does.</summary>
    /// <param name="graph">The graph; when directed the distances are from the other nodes to u (incoming).</param>
    /// <param name="useWeights">Weights as path lengths; otherwise hops.</param>
    public static double[] Closeness(Graph graph, bool useWeights = false) => Distances(graph, useWeights).Closeness;

    /// <summary>Harmonic closeness (Marchiori and Latora 2000; Boldi and Vigna 2014), networkx
    /// <c>harmonic_centrality</c>: H(u) = Σ over v≠u of 1/d(v,u), unreachable nodes adding 0. Not normalised.</summary>
    public static double[] Harmonic(Graph graph, bool useWeights = false) => Distances(graph, useWeights).Harmonic;

    /// <summary>Closeness and harmonic closeness together: one breadth-first search (Dijkstra when weighted) per node,
    /// O(nm) time unweighted, on the reversed arcs when directed. Nodes run in parallel in fixed chunks, each node's
    /// values from its own search, so the result does not depend on the number of cores.</summary>
    public static DistanceCentralities Distances(Graph graph, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var closeness = new double[n];
        var harmonic = new double[n];
        var weighted = useWeights && graph.IsWeighted;
        var chunks = Math.Clamp(n, 1, SweepChunks);
        Parallel.For(0, chunks, () => new Search(n), (chunk, _, search) =>
        {
            var (from, to) = NodeChunks.Range(n, chunks, chunk);
            for (var u = from; u < to; u++)
            {
                var reached = weighted ? search.Dijkstra(graph, u) : search.BreadthFirst(graph, u);
                double total = 0, inverse = 0;
                for (var i = 1; i < reached; i++)
                {
                    var d = search.Distance[search.Order[i]];
                    total += d;
                    if (d > 0)
                        inverse += 1 / d;
                }
                harmonic[u] = inverse;
                if (total > 0 && n > 1)
                    closeness[u] = (reached - 1.0) / total * ((reached - 1.0) / (n - 1));
            }
            return search;
        }, _ => { });
        return new DistanceCentralities(closeness, harmonic);
    }

    /// <summary>Eigenvector centrality (Bonacich 1972) by power iteration as networkx 2.8
    /// <c>eigenvector_centrality</c>: start from 1/n everywhere, iterate x ← (A + I)ᵀx (the identity shift keeps
    /// bipartite graphs from oscillating), scale to unit Euclidean length, stop when Σ|x - x_prev| &lt; n · tolerance.
    /// When directed a node's score sums its in-neighbours' scores (left eigenvector), as networkx.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="useWeights">Weights as strengths (x(v) += w(u,v) x(u)); otherwise 1 per tie.</param>
    /// <param name="tolerance">Per-node tolerance of networkx's criterion.</param>
    /// <param name="maxIterations">Iterations before giving up (reported in <see cref="IterativeScores.Converged"/>).</param>
    public static IterativeScores Eigenvector(Graph graph, bool useWeights = false, double tolerance = 1e-12, int maxIterations = 10_000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var x = new double[n];
        var next = new double[n];
        if (n == 0)
            return new IterativeScores(x, 0, true);
        Array.Fill(x, 1.0 / n);
        var weighted = useWeights && graph.IsWeighted;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var current = x;
            var squares = NodeChunks.Sum(n, (from, to) =>
            {
                var sum = 0.0;
                for (var v = from; v < to; v++)
                {
                    var value = current[v];
                    var sources = graph.InNeighbours(v);
                    if (weighted)
                    {
                        var weights = graph.InNeighbourWeights(v);
                        for (var k = 0; k < sources.Length; k++)
                            value += current[sources[k]] * weights[k];
                    }
                    else
                    {
                        foreach (var u in sources)
                            value += current[u];
                    }
                    next[v] = value;
                    sum += value * value;
                }
                return sum;
            });
            var norm = Math.Sqrt(squares);
            if (norm == 0)
                norm = 1;
            var change = NodeChunks.Sum(n, (from, to) =>
            {
                var sum = 0.0;
                for (var v = from; v < to; v++)
                {
                    next[v] /= norm;
                    sum += Math.Abs(next[v] - current[v]);
                }
                return sum;
            });
            (x, next) = (next, x);
            if (change < n * tolerance)
                return new IterativeScores(x, iteration, true);
        }
        return new IterativeScores(x, maxIterations, false);
    }

    /// <summary>PageRank (Brin and Page 1998) by power iteration as networkx 2.8 <c>pagerank</c>: start from 1/n,
    /// x ← d (xP + (Σ dangling x)/n) + (1-d)/n, where P divides each arc's weight by its tail's out-strength and a
    /// dangling node (no out-arcs) spreads its score uniformly; stop when Σ|x - x_prev| &lt; n · tolerance.
    /// An undirected tie is an arc each way.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="useWeights">Weights as strengths (transition probability proportional to weight).</param>
    /// <param name="damping">The damping factor d (networkx <c>alpha</c>).</param>
    /// <param name="tolerance">Per-node tolerance of networkx's criterion.</param>
    /// <param name="maxIterations">Iterations before giving up.</param>
    public static IterativeScores PageRank(Graph graph, bool useWeights = false, double damping = 0.85, double tolerance = 1e-10,
        int maxIterations = 10_000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var x = new double[n];
        var next = new double[n];
        if (n == 0)
            return new IterativeScores(x, 0, true);
        var weighted = useWeights && graph.IsWeighted;
        // share[u]: x(u) / out-strength(u), the score u sends along each unit of arc weight; dangling nodes send none.
        var outStrength = weighted ? OutStrength(graph) : Array.ConvertAll(OutDegree(graph), d => (double)d);
        var share = new double[n];
        Array.Fill(x, 1.0 / n);
        var teleport = (1 - damping) / n;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var current = x;
            var dangling = NodeChunks.Sum(n, (from, to) =>
            {
                var sum = 0.0;
                for (var u = from; u < to; u++)
                {
                    if (outStrength[u] == 0)
                    {
                        share[u] = 0;
                        sum += current[u];
                    }
                    else
                    {
                        share[u] = current[u] / outStrength[u];
                    }
                }
                return sum;
            });
            var uniform = damping * dangling / n + teleport;
            var change = NodeChunks.Sum(n, (from, to) =>
            {
                var sum = 0.0;
                for (var v = from; v < to; v++)
                {
                    var inflow = 0.0;
                    var sources = graph.InNeighbours(v);
                    if (weighted)
                    {
                        var weights = graph.InNeighbourWeights(v);
                        for (var k = 0; k < sources.Length; k++)
                            inflow += share[sources[k]] * weights[k];
                    }
                    else
                    {
                        foreach (var u in sources)
                            inflow += share[u];
                    }
                    next[v] = damping * inflow + uniform;
                    sum += Math.Abs(next[v] - current[v]);
                }
                return sum;
            });
            (x, next) = (next, x);
            if (change < n * tolerance)
                return new IterativeScores(x, iteration, true);
        }
        return new IterativeScores(x, maxIterations, false);
    }

    private static double[] Scaled(int[] degree)
    {
        var scale = degree.Length > 1 ? 1.0 / (degree.Length - 1) : 1.0;
        var result = new double[degree.Length];
        for (var v = 0; v < degree.Length; v++)
            result[v] = degree[v] * scale;
        return result;
    }
}

/// <summary>Per-thread state of single-source shortest-path searches (hops or weighted), reused across sources. When the
/// graph is directed the searches follow arcs backwards, so distances are to the source.</summary>
internal sealed class Search(int n)
{
    public readonly double[] Distance = new double[n];
    public readonly int[] Order = new int[n];
    private readonly bool[] _done = new bool[n];
    private readonly PriorityQueue<int, double> _queue = new();

    /// <summary>Fills <see cref="Order"/> with the reached nodes by non-decreasing distance; returns how many.</summary>
    public int BreadthFirst(Graph g, int source)
    {
        Array.Fill(Distance, -1);
        Distance[source] = 0;
        Order[0] = source;
        int head = 0, tail = 1;
        while (head < tail)
        {
            var v = Order[head++];
            var next = Distance[v] + 1;
            foreach (var w in g.InNeighbours(v))
            {
                if (Distance[w] < 0)
                {
                    Distance[w] = next;
                    Order[tail++] = w;
                }
            }
        }
        return tail;
    }

    public int Dijkstra(Graph g, int source)
    {
        Array.Fill(Distance, double.PositiveInfinity);
        Array.Clear(_done);
        Distance[source] = 0;
        var settled = 0;
        _queue.Clear();
        _queue.Enqueue(source, 0);
        while (_queue.TryDequeue(out var v, out var d))
        {
            if (_done[v] || d > Distance[v])
                continue;
            _done[v] = true;
            Order[settled++] = v;
            var sources = g.InNeighbours(v);
            var lengths = g.InNeighbourWeights(v);
            for (var k = 0; k < sources.Length; k++)
            {
                var through = d + lengths[k];
                if (through < Distance[sources[k]])
                {
                    Distance[sources[k]] = through;
                    _queue.Enqueue(sources[k], through);
                }
            }
        }
        return settled;
    }
}
