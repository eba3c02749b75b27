namespace Waterline.Analytics.Networks;

/// <summary>Sampled normalised betweenness with its stated error.</summary>
/// <param name="Values">Estimated normalised betweenness per node (see <see cref="Betweenness.FromSources"/>).</param>
/// <param name="Sources">k, the sources used.</param>
/// <param name="Confidence">The probability with which the bound holds for every node at once.</param>
/// <param name="ErrorBound">ε: |estimate - exact| ≤ ε for all nodes with probability ≥ <paramref name="Confidence"/>
/// (<see cref="Betweenness.SamplingErrorBound"/>); 0 when every node was a source.</param>
public sealed record BetweennessEstimate(double[] Values, int Sources, double Confidence, double ErrorBound);

/// <summary>
/// Betweenness centrality by Brandes' algorithm (Brandes 2001, "A faster algorithm for betweenness centrality",
/// J. Math. Sociology 25(2):163-177): one single-source shortest-path search per source, then dependencies accumulated
/// in reverse order of distance. O(nm) unweighted (breadth-first), O(nm + n² log n) weighted (Dijkstra).
/// </summary>
/// <remarks>
/// Conventions are networkx's <c>betweenness_centrality</c> (endpoints not counted): weights, when used, are lengths
/// (a heavier edge is a longer path); normalised values are divided by (n-1)(n-2) for directed and undirected graphs
/// alike (an undirected pair is counted from both ends); unnormalised undirected values are halved. A subset of sources
/// (sampling, Brandes and Pich 2007) scales the sums by n/k. Sources are split into a fixed number of chunks summed in
/// order, so the result is the same whatever the number of cores.
/// </remarks>
public static class Betweenness
{
    private const int Chunks = 32;

    /// <summary>Betweenness of every node from every source (exact).</summary>
    /// <param name="graph">The graph; directed graphs follow arc directions.</param>
    /// <param name="useWeights">Use edge weights as path lengths; otherwise count hops.</param>
    /// <param name="normalised">Divide by (n-1)(n-2).</param>
    public static double[] Compute(Graph graph, bool useWeights = false, bool normalised = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var all = new int[graph.NodeCount];
        for (var v = 0; v < all.Length; v++)
            all[v] = v;
        return FromSources(graph, all, useWeights, normalised);
    }

    /// <summary>Betweenness from the given sources only, scaled by n/k (the estimate of Brandes and Pich 2007 when the
    /// sources are drawn uniformly; exact when they are all nodes).</summary>
    public static double[] FromSources(Graph graph, ReadOnlySpan<int> sources, bool useWeights = false, bool normalised = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var sourceArray = sources.ToArray();
        var chunkCount = Math.Min(Chunks, Math.Max(1, sourceArray.Length));
        var partial = new double[chunkCount][];
        var weighted = useWeights && graph.IsWeighted;
        // Search state per worker thread (reused across its chunks); sums per chunk, added in chunk order below.
        Parallel.For(0, chunkCount, () => new Work(n), (chunk, _, work) =>
        {
            var from = (int)((long)sourceArray.Length * chunk / chunkCount);
            var to = (int)((long)sourceArray.Length * (chunk + 1) / chunkCount);
            var sums = new double[n];
            for (var k = from; k < to; k++)
            {
                if (weighted)
                    work.Accumulate(graph, work.Dijkstra(graph, sourceArray[k]), sums);
                else
                    work.AccumulateHops(graph, work.BreadthFirst(graph, sourceArray[k]), sums);
            }
            partial[chunk] = sums;
            return work;
        }, _ => { });
        var result = new double[n];
        foreach (var sums in partial)
        {
            for (var v = 0; v < n; v++)
                result[v] += sums[v];
        }
        var scale = normalised
            ? (n <= 2 ? 1.0 : 1.0 / ((n - 1.0) * (n - 2.0)))
            : (graph.IsDirected ? 1.0 : 0.5);
        if (sourceArray.Length > 0 && sourceArray.Length < n)
            scale *= (double)n / sourceArray.Length;
        for (var v = 0; v < n; v++)
            result[v] *= scale;
        return result;
    }

    /// <summary>Normalised betweenness estimated from <paramref name="sourceCount"/> sources drawn uniformly without
    /// replacement (Brandes and Pich 2007, "Centrality estimation in large networks", Int. J. Bifurcation and Chaos
    /// 17(7):2303-2318), with an error bound that holds for every node at once with probability at least
    /// <paramref name="confidence"/> (<see cref="SamplingErrorBound"/>). Exact, with bound 0, when k ≥ n.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="sourceCount">k, the number of sampled sources.</param>
    /// <param name="seed">Seed of <see cref="SampleSources"/>.</param>
    /// <param name="confidence">1 - δ, e.g. 0.95.</param>
    /// <param name="useWeights">Weights as path lengths.</param>
    public static BetweennessEstimate Estimate(Graph graph, int sourceCount, int seed, double confidence = 0.95, bool useWeights = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var k = Math.Clamp(sourceCount, 0, n);
        var values = k >= n ? Compute(graph, useWeights) : FromSources(graph, SampleSources(n, k, seed), useWeights);
        return new BetweennessEstimate(values, k, confidence, k >= n ? 0 : SamplingErrorBound(n, k, confidence));
    }

    /// <summary>
    /// The half-width ε such that, with k sources sampled uniformly, every node's estimated normalised betweenness is
    /// within ε of its exact value with probability at least <paramref name="confidence"/>:
    /// ε = n/(n-1) · √(ln(2n/δ) / (2k)), δ = 1 - confidence.
    /// </summary>
    /// <remarks>
    /// The estimate is the mean of k variables Y = n·δ_s(v) / ((n-1)(n-2)), one per sampled source s, where δ_s(v) is
    /// Brandes' dependency of s on v; E[Y] is v's normalised betweenness, and 0 ≤ δ_s(v) ≤ n-2 puts Y in
    /// [0, n/(n-1)]. Hoeffding's inequality (Hoeffding 1963, Theorem 2; Theorem 4 extends it to sampling without
    /// replacement) gives P(|Ȳ - E[Y]| ≥ ε) ≤ 2·exp(-2kε²(n-1)²/n²) for one node, which is Brandes and Pich's (2007)
    /// bound, after Eppstein and Wang (2004); a union bound over the n nodes gives the formula. It is a worst case:
    /// the errors measured on real networks are several times smaller (docs/networks.md). Riondato and Kornaropoulos
    /// (2016) give tighter VC-dimension bounds for a different sampler (shortest paths rather than sources).
    /// </remarks>
    public static double SamplingErrorBound(int nodeCount, int sourceCount, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceCount, 1);
        if (confidence is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie strictly between 0 and 1");
        var n = (double)nodeCount;
        return n / (n - 1) * Math.Sqrt(Math.Log(2 * n / (1 - confidence)) / (2.0 * sourceCount));
    }

    /// <summary>Distinct sources drawn uniformly without replacement (partial Fisher-Yates) from a seeded generator.</summary>
    public static int[] SampleSources(int nodeCount, int count, int seed)
    {
        count = Math.Clamp(count, 0, nodeCount);
        var all = new int[nodeCount];
        for (var v = 0; v < nodeCount; v++)
            all[v] = v;
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, nodeCount);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..count];
    }

    // Per-thread state of one single-source search, reused across sources.
    private sealed class Work(int n)
    {
        private readonly double[] _sigma = new double[n];
        private readonly double[] _distance = new double[n];
        private readonly int[] _hops = new int[n];
        private readonly double[] _share = new double[n];
        private readonly double[] _delta = new double[n];
        private readonly int[] _order = new int[n];
        private readonly PriorityQueue<int, double> _queue = new();

        // Fills _order with the reached nodes by non-decreasing distance and returns how many were reached.
        public int BreadthFirst(Graph g, int source)
        {
            Array.Fill(_hops, -1);
            Array.Clear(_sigma);
            _hops[source] = 0;
            _sigma[source] = 1;
            _order[0] = source;
            int head = 0, tail = 1;
            var offsets = g.Offsets;
            var targets = g.Targets;
            while (head < tail)
            {
                var v = _order[head++];
                var next = _hops[v] + 1;
                var sigma = _sigma[v];
                for (var k = offsets[v]; k < offsets[v + 1]; k++)
                {
                    var w = targets[k];
                    if (_hops[w] < 0)
                    {
                        _hops[w] = next;
                        _order[tail++] = w;
                    }
                    if (_hops[w] == next)
                        _sigma[w] += sigma;
                }
            }
            return tail;
        }

        // Unweighted dependencies pulled from successors (Brandes 2001, eq. 8 read from v's side):
        // δ(v) = σ(v) Σ_{w: d(w) = d(v)+1} (1 + δ(w)) / σ(w). Each δ(v) is written once, from one row of arcs.
        public void AccumulateHops(Graph g, int count, double[] sums)
        {
            var offsets = g.Offsets;
            var targets = g.Targets;
            for (var i = count - 1; i >= 0; i--)
            {
                var v = _order[i];
                var next = _hops[v] + 1;
                var pulled = 0.0;
                for (var k = offsets[v]; k < offsets[v + 1]; k++)
                {
                    var w = targets[k];
                    if (_hops[w] == next)
                        pulled += _share[w];
                }
                var delta = _sigma[v] * pulled;
                _share[v] = (1 + delta) / _sigma[v];
                if (i > 0)
                    sums[v] += delta;
            }
        }

        public int Dijkstra(Graph g, int source)
        {
            Array.Fill(_distance, double.PositiveInfinity);
            Array.Clear(_sigma);
            var settled = 0;
            _distance[source] = 0;
            _sigma[source] = 1;
            _queue.Clear();
            _queue.Enqueue(source, 0);
            var done = _delta; // borrowed as a settled flag; cleared again before accumulation
            Array.Clear(done);
            while (_queue.TryDequeue(out var v, out var d))
            {
                if (done[v] != 0 || d > _distance[v])
                    continue;
                done[v] = 1;
                _order[settled++] = v;
                var targets = g.Neighbours(v);
                var weights = g.NeighbourWeights(v);
                for (var k = 0; k < targets.Length; k++)
                {
                    var w = targets[k];
                    var through = d + weights[k];
                    if (through < _distance[w])
                    {
                        _distance[w] = through;
                        _sigma[w] = _sigma[v];
                        _queue.Enqueue(w, through);
                    }
                    else if (through == _distance[w] && done[w] == 0)
                    {
                        _sigma[w] += _sigma[v];
                    }
                }
            }
            return settled;
        }

        // Weighted dependencies in reverse order of distance; v precedes w on a shortest path when
        // distance(v) + length(v, w) == distance(w), the same expression the search used.
        public void Accumulate(Graph g, int count, double[] sums)
        {
            for (var i = 0; i < count; i++)
                _delta[_order[i]] = 0;
            for (var i = count - 1; i > 0; i--)
            {
                var w = _order[i];
                var coefficient = (1 + _delta[w]) / _sigma[w];
                var predecessors = g.InNeighbours(w);
                var lengths = g.InNeighbourWeights(w);
                for (var k = 0; k < predecessors.Length; k++)
                {
                    var v = predecessors[k];
                    if (_distance[v] + lengths[k] == _distance[w])
                        _delta[v] += _sigma[v] * coefficient;
                }
                sums[w] += _delta[w];
            }
        }
    }
}
