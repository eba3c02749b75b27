namespace Waterline.Analytics.Networks;

/// <summary>
/// A graph in compressed sparse row form (CSR): node v's neighbours are <c>Targets[Offsets[v]..Offsets[v+1]]</c>, sorted
/// ascending, with their weights in <c>Weights</c> at the same positions. Nodes are 0..n-1; labels stay with the caller.
/// An undirected edge {u,v} is stored twice (u→v and v→u); a directed graph also keeps the reverse CSR (in-neighbours).
/// </summary>
/// <remarks>
/// Conventions (docs/networks.md): self-loops are dropped (a diagonal cell is not a tie between two actors); parallel
/// edges are merged by summing their weights (two calls are a tie of weight 2); an undirected graph built from
/// directed data sums both directions, so the weight of {u,v} is w(u→v) + w(v→u). networkx's <c>to_undirected</c>
/// keeps one direction's weight instead; the reference script sums before handing the graph to networkx. Edges of
/// weight zero or less are not edges. Unweighted graphs have every weight 1.
/// </remarks>
public sealed class Graph
{
    private Graph(int nodeCount, bool directed, bool weighted, int[] offsets, int[] targets, double[] weights,
        int[] inOffsets, int[] inSources, double[] inWeights)
    {
        NodeCount = nodeCount;
        IsDirected = directed;
        IsWeighted = weighted;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        InOffsets = inOffsets;
        InSources = inSources;
        InWeights = inWeights;
    }

    public int NodeCount { get; }
    public bool IsDirected { get; }

    /// <summary>False when every weight is 1 (built without weights): the measures then use hop counts.</summary>
    public bool IsWeighted { get; }

    /// <summary>Out-neighbour row starts, length n+1.</summary>
    public int[] Offsets { get; }
    public int[] Targets { get; }
    public double[] Weights { get; }

    /// <summary>In-neighbour row starts (the reverse CSR); the same arrays as <see cref="Offsets"/> when undirected.</summary>
    public int[] InOffsets { get; }
    public int[] InSources { get; }
    public double[] InWeights { get; }

    /// <summary>Edges counted once: arcs when directed, unordered pairs when undirected.</summary>
    public int EdgeCount => IsDirected ? Targets.Length : Targets.Length / 2;

    /// <summary>The out-neighbours of <paramref name="node"/> (all neighbours when undirected), ascending.</summary>
    public ReadOnlySpan<int> Neighbours(int node) => Targets.AsSpan(Offsets[node], Offsets[node + 1] - Offsets[node]);

    /// <summary>The weights of <see cref="Neighbours"/>, at the same positions.</summary>
    public ReadOnlySpan<double> NeighbourWeights(int node) => Weights.AsSpan(Offsets[node], Offsets[node + 1] - Offsets[node]);

    /// <summary>The in-neighbours of <paramref name="node"/> (all neighbours when undirected), ascending.</summary>
    public ReadOnlySpan<int> InNeighbours(int node) => InSources.AsSpan(InOffsets[node], InOffsets[node + 1] - InOffsets[node]);

    /// <summary>The weights of <see cref="InNeighbours"/>, at the same positions.</summary>
    public ReadOnlySpan<double> InNeighbourWeights(int node) => InWeights.AsSpan(InOffsets[node], InOffsets[node + 1] - InOffsets[node]);

    public int OutDegree(int node) => Offsets[node + 1] - Offsets[node];
    public int InDegree(int node) => InOffsets[node + 1] - InOffsets[node];

    /// <summary>The weight of the edge u→v ({u,v} when undirected), 0 when there is none; binary search in u's row.</summary>
    public double Weight(int u, int v)
    {
        var at = Neighbours(u).BinarySearch(v);
        return at < 0 ? 0 : Weights[Offsets[u] + at];
    }

    /// <summary>Builds a graph from parallel edge columns (see the class remarks for loops, duplicates and folding).</summary>
    /// <param name="nodeCount">Nodes are 0..nodeCount-1; nodes without edges are isolates.</param>
    /// <param name="sources">Edge tails.</param>
    /// <param name="targets">Edge heads.</param>
    /// <param name="weights">Edge weights, or empty for an unweighted graph.</param>
    /// <param name="directed">Keep directions; otherwise u→v and v→u are the same edge.</param>
    public static Graph FromEdges(int nodeCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<double> weights,
        bool directed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        if (sources.Length != targets.Length || (!weights.IsEmpty && weights.Length != sources.Length))
            throw new ArgumentException("sources, targets and weights must have the same length.");
        var weighted = !weights.IsEmpty;
        var m = sources.Length;
        for (var k = 0; k < m; k++)
        {
            if ((uint)sources[k] >= (uint)nodeCount || (uint)targets[k] >= (uint)nodeCount)
                throw new ArgumentOutOfRangeException(nameof(sources), $"Edge {k} ({sources[k]}, {targets[k]}) names a node outside 0..{nodeCount - 1}.");
        }

        // Arcs to store: each kept edge once when directed, both ways when undirected.
        var counts = new int[nodeCount + 1];
        for (var k = 0; k < m; k++)
        {
            if (!Keeps(sources, targets, weights, k))
                continue;
            counts[sources[k] + 1]++;
            if (!directed)
                counts[targets[k] + 1]++;
        }
        for (var v = 0; v < nodeCount; v++)
            counts[v + 1] += counts[v];
        var arcTargets = new int[counts[nodeCount]];
        var arcWeights = new double[counts[nodeCount]];
        var next = counts.AsSpan(0, nodeCount).ToArray();
        for (var k = 0; k < m; k++)
        {
            if (!Keeps(sources, targets, weights, k))
                continue;
            var w = weighted ? weights[k] : 1.0;
            var at = next[sources[k]]++;
            arcTargets[at] = targets[k];
            arcWeights[at] = w;
            if (!directed)
            {
                at = next[targets[k]]++;
                arcTargets[at] = sources[k];
                arcWeights[at] = w;
            }
        }
        var (offsets, outTargets, outWeights) = SortAndMerge(nodeCount, counts, arcTargets, arcWeights, weighted);
        if (!directed)
            return new Graph(nodeCount, false, weighted, offsets, outTargets, outWeights, offsets, outTargets, outWeights);
        var (inOffsets, inSources, inWeights) = Reverse(nodeCount, offsets, outTargets, outWeights);
        return new Graph(nodeCount, true, weighted, offsets, outTargets, outWeights, inOffsets, inSources, inWeights);
    }

    /// <summary>Builds a graph from a square matrix read row i to column j (cell (i,j) is the tie from i to j).</summary>
    /// <remarks>Undirected from a symmetric matrix reads the upper triangle (the matrix states each tie twice); undirected
    /// from an asymmetric matrix sums cell (i,j) and cell (j,i), like <see cref="ToUndirected"/>.</remarks>
    public static Graph FromMatrix(double[,] matrix, bool directed, bool weighted)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
            throw new ArgumentException($"The matrix is {n} x {matrix.GetLength(1)}, not square.", nameof(matrix));
        var upperOnly = !directed && IsSymmetric(matrix);
        var sources = new List<int>();
        var targets = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (matrix[i, j] <= 0 || i == j || (upperOnly && j < i))
                    continue;
                sources.Add(i);
                targets.Add(j);
                weights.Add(matrix[i, j]);
            }
        }
        return weighted
            ? FromEdges(n, sources.ToArray(), targets.ToArray(), weights.ToArray(), directed)
            : FromUnweightedTies(n, sources, targets, directed);
    }

    /// <summary>True when cell (i,j) equals cell (j,i) everywhere.</summary>
    public static bool IsSymmetric(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
            return false;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (matrix[i, j] != matrix[j, i])
                    return false;
            }
        }
        return true;
    }

    /// <summary>The undirected graph with each pair's weights summed over both directions (itself when undirected).</summary>
    public Graph ToUndirected()
    {
        if (!IsDirected)
            return this;
        var sources = new int[Targets.Length];
        for (var v = 0; v < NodeCount; v++)
            sources.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]).Fill(v);
        return IsWeighted
            ? FromEdges(NodeCount, sources, Targets, Weights, false)
            : FromUnweightedTies(NodeCount, sources, Targets, false);
    }

    /// <summary>The graph with the given nodes' edges removed; node numbers stay the same (removed nodes become isolates).</summary>
    public Graph WithoutNodes(ReadOnlySpan<bool> removed)
    {
        if (removed.Length != NodeCount)
            throw new ArgumentException($"removed has {removed.Length} entries for {NodeCount} nodes.", nameof(removed));
        var sources = new List<int>(Targets.Length);
        var targets = new List<int>(Targets.Length);
        var weights = new List<double>(Targets.Length);
        for (var v = 0; v < NodeCount; v++)
        {
            if (removed[v])
                continue;
            for (var k = Offsets[v]; k < Offsets[v + 1]; k++)
            {
                var t = Targets[k];
                // Undirected arcs are stored both ways: keep one of the two so FromEdges does not double the weight.
                if (removed[t] || (!IsDirected && t < v))
                    continue;
                sources.Add(v);
                targets.Add(t);
                weights.Add(Weights[k]);
            }
        }
        return IsWeighted
            ? FromEdges(NodeCount, sources.ToArray(), targets.ToArray(), weights.ToArray(), IsDirected)
            : FromUnweightedTies(NodeCount, sources, targets, IsDirected);
    }

    // Unweighted: parallel ties collapse to one edge of weight 1 (a binary relation), rather than summing to a count.
    private static Graph FromUnweightedTies(int n, IReadOnlyList<int> sources, IReadOnlyList<int> targets, bool directed) =>
        FromEdges(n, sources.ToArray(), targets.ToArray(), [], directed);

    private static bool Keeps(ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<double> weights, int k) =>
        sources[k] != targets[k] && (weights.IsEmpty || weights[k] > 0);

    private static (int[] Offsets, int[] Targets, double[] Weights) SortAndMerge(int n, int[] starts, int[] targets,
        double[] weights, bool weighted)
    {
        var offsets = new int[n + 1];
        var write = 0;
        for (var v = 0; v < n; v++)
        {
            var from = starts[v];
            var to = starts[v + 1];
            Array.Sort(targets, weights, from, to - from);
            offsets[v] = write;
            for (var k = from; k < to; k++)
            {
                if (write > offsets[v] && targets[write - 1] == targets[k])
                {
                    // Summed when weighted; an unweighted tie stated twice is still one tie of weight 1.
                    weights[write - 1] += weighted ? weights[k] : 0;
                    continue;
                }
                targets[write] = targets[k];
                weights[write] = weights[k];
                write++;
            }
        }
        offsets[n] = write;
        return (offsets, targets[..write], weights[..write]);
    }

    private static (int[] Offsets, int[] Sources, double[] Weights) Reverse(int n, int[] offsets, int[] targets, double[] weights)
    {
        var inOffsets = new int[n + 1];
        foreach (var t in targets)
            inOffsets[t + 1]++;
        for (var v = 0; v < n; v++)
            inOffsets[v + 1] += inOffsets[v];
        var next = inOffsets.AsSpan(0, n).ToArray();
        var sources = new int[targets.Length];
        var inWeights = new double[targets.Length];
        // Rows are visited in ascending source order, so each in-row comes out sorted without a sort.
        for (var v = 0; v < n; v++)
        {
            for (var k = offsets[v]; k < offsets[v + 1]; k++)
            {
                var at = next[targets[k]]++;
                sources[at] = v;
                inWeights[at] = weights[k];
            }
        }
        return (inOffsets, sources, inWeights);
    }
}
