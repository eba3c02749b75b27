namespace Waterline.Analytics.Linkage;

/// <summary>Turning scored pairs into entities (clusters of records).</summary>
public static class Clustering
{
    /// <summary>
    /// Connected components of the graph whose edges are the pairs with probability at or above the threshold, found by
    /// union-find with path compression and union by size (Tarjan 1975, "Efficiency of a good but not linear set union
    /// algorithm", JACM 22(2)): near-linear in records + pairs. The cluster id of a record is the smallest record index in
    /// its cluster, so ids do not change when records unrelated to a cluster are appended.
    /// </summary>
    /// <param name="recordCount">The number of records; every record gets a cluster, a lone record its own index.</param>
    /// <param name="left">First record of each pair.</param>
    /// <param name="right">Second record of each pair.</param>
    /// <param name="probability">Match probability of each pair; NaN never joins.</param>
    /// <param name="threshold">Pairs with a probability below this are left out.</param>
    public static int[] ConnectedComponents(int recordCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<double> probability, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordCount);
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");
        if (left.Length != right.Length || left.Length != probability.Length)
            throw new ArgumentException($"{left.Length} left, {right.Length} right and {probability.Length} probabilities: one of each per pair.");

        var parent = new int[recordCount];
        var size = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
            (parent[i], size[i]) = (i, 1);

        for (var k = 0; k < left.Length; k++)
        {
            var (a, b) = (left[k], right[k]);
            if ((uint)a >= (uint)recordCount || (uint)b >= (uint)recordCount)
                throw new ArgumentOutOfRangeException(nameof(left), $"Pair {k} ({a}, {b}) refers to a record outside 0..{recordCount - 1}.");
            if (!(probability[k] >= threshold))
                continue;
            var (rootA, rootB) = (Find(parent, a), Find(parent, b));
            if (rootA == rootB)
                continue;
            if (size[rootA] < size[rootB])
                (rootA, rootB) = (rootB, rootA);
            parent[rootB] = rootA;
            size[rootA] += size[rootB];
        }

        // Records in ascending order: the first record seen of each root is the cluster's smallest index.
        var smallest = size; // reused: sizes are no longer needed
        Array.Fill(smallest, -1);
        var cluster = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
        {
            var root = Find(parent, i);
            if (smallest[root] < 0)
                smallest[root] = i;
            cluster[i] = smallest[root];
        }
        return cluster;
    }

    /// <summary>
    /// Connected components with weak bridges cut: among the edges at or above <paramref name="threshold"/>, every bridge
    /// (an edge whose removal disconnects its component) with a probability below <paramref name="bridgeThreshold"/> is
    /// removed when both sides it would separate hold at least <paramref name="minimumSide"/> records, then components
    /// are taken again. This undoes the chaining of connected components, where one weak link merges two groups that
    /// have no other evidence in common. Bridges are found once on the thresholded graph by Tarjan's depth-first search
    /// with low-links (Tarjan 1974, "A note on finding the bridges of a graph", Information Processing Letters 2(6)),
    /// iterative, O(records + pairs). A doubled pair between the same two records is never a bridge.
    /// </summary>
    /// <remarks>
    /// With the default <paramref name="minimumSide"/> of 2 a weak link to a lone record is kept, so a true pair scored
    /// between the two thresholds stays together; only group-to-group chaining is cut. Ids as in
    /// <see cref="ConnectedComponents"/>: the smallest record index in the cluster.
    /// </remarks>
    /// <param name="recordCount">The number of records.</param>
    /// <param name="left">First record of each pair.</param>
    /// <param name="right">Second record of each pair.</param>
    /// <param name="probability">Match probability of each pair; NaN never joins.</param>
    /// <param name="threshold">Pairs below this are left out, as in <see cref="ConnectedComponents"/>.</param>
    /// <param name="bridgeThreshold">A bridge below this (and at or above <paramref name="threshold"/>) is cut.</param>
    /// <param name="minimumSide">A bridge is cut only when each side has at least this many records (1 cuts every weak bridge).</param>
    public static int[] SplitWeakBridges(int recordCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<double> probability,
        double threshold, double bridgeThreshold, int minimumSide = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSide, 1);
        if (double.IsNaN(bridgeThreshold))
            throw new ArgumentOutOfRangeException(nameof(bridgeThreshold), bridgeThreshold, "The bridge threshold must be a number.");
        CheckPairs(recordCount, left, right, probability);
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");

        var kept = new List<int>();
        for (var k = 0; k < left.Length; k++)
        {
            if (probability[k] >= threshold && left[k] != right[k])
                kept.Add(k);
        }
        var graph = Adjacency.Build(recordCount, left, right, kept);

        var cut = probability.ToArray();
        foreach (var (edge, childSide, componentSize) in Bridges(graph, recordCount))
        {
            var pair = kept[edge];
            if (probability[pair] < bridgeThreshold && childSide >= minimumSide && componentSize - childSide >= minimumSide)
                cut[pair] = double.NaN;
        }
        return ConnectedComponents(recordCount, left, right, cut, threshold);
    }

    /// <summary>
    /// Correlation clustering by the pivot method (Ailon, Charikar and Newman 2008, "Aggregating inconsistent
    /// information: ranking and clustering", JACM 55(5), KwikCluster), followed by local moves. Each pair weighs
    /// log(p/(1-p)) - log(t/(1-t)) for threshold t: positive is evidence for one entity, negative against; a pair that
    /// was not scored weighs 0, or what <c>unscoredProbability</c> gives it. Pivots are taken in a seeded random order
    /// (the order the paper's approximation guarantee needs); each pivot takes every still unclustered record it has a
    /// positive pair with. Then, in passes over the records in index order, a record moves to the neighbouring cluster
    /// (or to a cluster of its own) that most raises the sum of weights inside clusters, until no move helps (local
    /// search on the objective of Bansal, Blum and Chawla 2004, "Correlation clustering", Machine Learning 56).
    /// </summary>
    /// <remarks>
    /// Unlike connected components, a chain a-b-c with strong a-b and b-c but a strongly negative a-c is not one entity.
    /// Pairs that blocking did not generate are unscored; at weight 0 one positive link between two groups still merges
    /// them (nothing speaks against it), so pass an <c>unscoredProbability</c> (the prior, say) when blocking was wide
    /// enough that unscored pairs are presumably different people. Deterministic for a given seed. Weights are clamped
    /// at |27.6| (p within 1e-12 of 0 or 1); repeated pairs add up; a pair of a record with itself and NaN
    /// probabilities are ignored. Ids: the smallest record index in the cluster.
    /// </remarks>
    /// <param name="recordCount">The number of records.</param>
    /// <param name="left">First record of each pair.</param>
    /// <param name="right">Second record of each pair.</param>
    /// <param name="probability">Match probability of each pair.</param>
    /// <param name="threshold">The probability at which a pair is neutral (weight 0); 0.5 gives plain log-odds.</param>
    /// <param name="unscoredProbability">The probability assumed for pairs not given (at most the threshold); null for weight 0.</param>
    /// <param name="seed">Seed of the pivot order.</param>
    /// <param name="maximumPasses">The most local-move passes over all records.</param>
    public static int[] CorrelationClustering(int recordCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<double> probability,
        double threshold = 0.5, double? unscoredProbability = null, int seed = 4, int maximumPasses = 50)
    {
        CheckPairs(recordCount, left, right, probability);
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must lie strictly between 0 and 1.");
        if (unscoredProbability is { } u && !(u >= 0 && u <= threshold))
            throw new ArgumentOutOfRangeException(nameof(unscoredProbability), u, "An unscored pair cannot be more likely than the threshold.");
        ArgumentOutOfRangeException.ThrowIfNegative(maximumPasses);
        var unscored = unscoredProbability is { } q ? LogOdds(q) - LogOdds(threshold) : 0;

        var used = new List<int>();
        var weight = new double[left.Length];
        var shift = LogOdds(threshold);
        for (var k = 0; k < left.Length; k++)
        {
            if (double.IsNaN(probability[k]) || left[k] == right[k])
                continue;
            used.Add(k);
            weight[k] = LogOdds(probability[k]) - shift;
        }
        var graph = Adjacency.Build(recordCount, left, right, used).Merged(used, weight);

        // label[i]: the record index that names i's cluster while working; size[label]: its member count.
        var label = new int[recordCount];
        var size = new int[recordCount];
        Array.Fill(label, -1);
        var order = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
            order[i] = i;
        new Random(seed).Shuffle(order);
        foreach (var pivot in order)
        {
            if (label[pivot] >= 0)
                continue;
            label[pivot] = pivot;
            size[pivot] = 1;
            for (var x = graph.Start[pivot]; x < graph.Start[pivot + 1]; x++)
            {
                var other = graph.Node[x];
                if (graph.Weight[x] > 0 && label[other] < 0)
                {
                    label[other] = pivot;
                    size[pivot]++;
                }
            }
        }

        var free = new Stack<int>();
        for (var i = recordCount - 1; i >= 0; i--)
        {
            if (size[i] == 0)
                free.Push(i);
        }
        // The weight of i with cluster b: Σ over scored pairs (w - a) + a × (members of b other than i), a = unscored.
        var sum = new double[recordCount];
        var stamp = new int[recordCount];
        var touched = new List<int>();
        var visit = 0;
        for (var pass = 0; pass < maximumPasses; pass++)
        {
            var moved = false;
            for (var i = 0; i < recordCount; i++)
            {
                visit++;
                touched.Clear();
                for (var x = graph.Start[i]; x < graph.Start[i + 1]; x++)
                {
                    var target = label[graph.Node[x]];
                    if (stamp[target] != visit)
                    {
                        (stamp[target], sum[target]) = (visit, 0);
                        touched.Add(target);
                    }
                    sum[target] += graph.Weight[x] - unscored;
                }
                var current = label[i];
                var here = (stamp[current] == visit ? sum[current] : 0) + unscored * (size[current] - 1);
                // Leaving for a cluster of one gains -here; joining b gains its weight - here. Strict gains only, so the
                // objective rises with every move and the passes end. A cluster without a scored pair to i cannot gain.
                var (best, bestGain) = (-1, size[current] > 1 ? -here : 0.0);
                foreach (var target in touched)
                {
                    var gain = sum[target] + unscored * size[target] - here;
                    if (target != current && (gain > bestGain || (gain == bestGain && best >= 0 && target < best)))
                        (best, bestGain) = (target, gain);
                }
                if (bestGain <= 1e-12)
                    continue;
                if (best < 0)
                    best = free.Pop();
                size[current]--;
                if (size[current] == 0)
                    free.Push(current);
                label[i] = best;
                size[best]++;
                moved = true;
            }
            if (!moved)
                break;
        }
        return SmallestMember(label);
    }

    /// <summary>
    /// Stable entity ids after re-clustering with more records: the records that already had an entity keep as many of
    /// their ids as the new clusters allow. Every (new cluster, old entity) cell with shared records is a claim; claims
    /// are granted greedily by the number of shared records (most first; ties to the smaller, i.e. older, entity id,
    /// then the cluster with the smaller id), each old id to at most one cluster and each cluster at most one old id
    /// (a greedy maximum-overlap matching, as in the cluster tracking of Palla, Barabási and Vicsek 2007, "Quantifying
    /// social group evolution", Nature 446). Hence: a cluster that keeps its members keeps its id, also when new records
    /// join it; a merge takes the id of the old entity with the most records in it (tie: the oldest); a split keeps the
    /// id for the part with most of the old records (tie: the part with the smallest record index) and the other parts,
    /// like clusters of new records only, get fresh ids, handed out in order of their smallest record.
    /// </summary>
    /// <remarks>An id that no cluster keeps is retired (reported, never reused): its entity was merged away.</remarks>
    /// <param name="previous">The entity id of each existing record: records 0..previous.Length-1.</param>
    /// <param name="cluster">The new clustering of all records (existing first, then the new ones), any int per cluster.</param>
    /// <param name="nextFreshId">The first fresh id to hand out; must exceed every id in <paramref name="previous"/>.</param>
    public static StableEntityIds AssignStableIds(ReadOnlySpan<long> previous, ReadOnlySpan<int> cluster, long nextFreshId)
    {
        if (cluster.Length < previous.Length)
            throw new ArgumentException($"{cluster.Length} clustered records but {previous.Length} existing ones; the new clustering must cover every record.", nameof(cluster));
        var oldIds = new SortedSet<long>();
        foreach (var id in previous)
        {
            if (id >= nextFreshId)
                throw new ArgumentOutOfRangeException(nameof(nextFreshId), nextFreshId, $"Existing id {id} is not below the first fresh id.");
            oldIds.Add(id);
        }

        // Name each new cluster by its smallest record, so ties and fresh ids follow record order.
        var name = new Dictionary<int, int>();
        var clusterOf = new int[cluster.Length];
        for (var i = 0; i < cluster.Length; i++)
        {
            if (!name.TryGetValue(cluster[i], out var smallest))
                name.Add(cluster[i], smallest = i);
            clusterOf[i] = smallest;
        }

        var overlap = new Dictionary<(int Cluster, long Old), int>();
        for (var i = 0; i < previous.Length; i++)
            overlap[(clusterOf[i], previous[i])] = overlap.GetValueOrDefault((clusterOf[i], previous[i])) + 1;
        var claims = overlap.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Old).ThenBy(c => c.Key.Cluster);

        var granted = new Dictionary<int, long>();
        var taken = new HashSet<long>();
        foreach (var ((newCluster, old), _) in claims)
        {
            if (!granted.ContainsKey(newCluster) && taken.Add(old))
                granted.Add(newCluster, old);
        }

        var ids = new long[cluster.Length];
        for (var i = 0; i < cluster.Length; i++)
        {
            if (!granted.TryGetValue(clusterOf[i], out var id))
                granted.Add(clusterOf[i], id = nextFreshId++);
            ids[i] = id;
        }
        oldIds.ExceptWith(taken);
        return new StableEntityIds(ids, nextFreshId, [.. oldIds]);
    }

    private static double LogOdds(double p)
    {
        const double Epsilon = 1e-12;
        p = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }

    // Renames clusters by their smallest record: records in ascending order, the first seen of a label names it.
    private static int[] SmallestMember(int[] label)
    {
        var name = new int[label.Length];
        Array.Fill(name, -1);
        var cluster = new int[label.Length];
        for (var i = 0; i < label.Length; i++)
        {
            if (name[label[i]] < 0)
                name[label[i]] = i;
            cluster[i] = name[label[i]];
        }
        return cluster;
    }

    private static void CheckPairs(int recordCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<double> probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordCount);
        if (left.Length != right.Length || left.Length != probability.Length)
            throw new ArgumentException($"{left.Length} left, {right.Length} right and {probability.Length} probabilities: one of each per pair.");
        for (var k = 0; k < left.Length; k++)
        {
            if ((uint)left[k] >= (uint)recordCount || (uint)right[k] >= (uint)recordCount)
                throw new ArgumentOutOfRangeException(nameof(left), $"Pair {k} ({left[k]}, {right[k]}) refers to a record outside 0..{recordCount - 1}.");
        }
    }

    // Tarjan's bridges, iterative: yields (edge, records on the child side, records in the component) per bridge.
    private static List<(int Edge, int ChildSide, int ComponentSize)> Bridges(Adjacency graph, int recordCount)
    {
        var found = new List<(int, int, int)>();
        var discovered = new int[recordCount];
        var low = new int[recordCount];
        var subtree = new int[recordCount];
        var parentEdge = new int[recordCount];
        var parent = new int[recordCount];
        var next = new int[recordCount];
        Array.Fill(discovered, -1);
        var stack = new Stack<int>();
        var time = 0;
        var pending = new List<(int Edge, int ChildSide)>();
        for (var root = 0; root < recordCount; root++)
        {
            if (discovered[root] >= 0)
                continue;
            pending.Clear();
            Visit(root, -1, -1);
            while (stack.Count > 0)
            {
                var v = stack.Peek();
                if (next[v] < graph.Start[v + 1])
                {
                    var x = next[v]++;
                    var (u, edge) = (graph.Node[x], graph.Edge[x]);
                    if (edge == parentEdge[v])
                        continue;
                    if (discovered[u] < 0)
                        Visit(u, v, edge);
                    else
                        low[v] = Math.Min(low[v], discovered[u]);
                    continue;
                }
                stack.Pop();
                var p = parent[v];
                if (p < 0)
                    continue;
                low[p] = Math.Min(low[p], low[v]);
                subtree[p] += subtree[v];
                if (low[v] > discovered[p])
                    pending.Add((parentEdge[v], subtree[v]));
            }
            foreach (var (edge, childSide) in pending)
                found.Add((edge, childSide, subtree[root]));
        }
        return found;

        void Visit(int v, int from, int edge)
        {
            discovered[v] = low[v] = time++;
            subtree[v] = 1;
            parent[v] = from;
            parentEdge[v] = edge;
            next[v] = graph.Start[v];
            stack.Push(v);
        }
    }

    // Compressed adjacency lists: record v's neighbours are Node[Start[v]..Start[v+1]), each with the index (into the
    // list of used pairs) of its edge and, once merged, the summed weight of all pairs between the two records.
    private sealed class Adjacency(int[] start, int[] node, int[] edge)
    {
        public int[] Start { get; } = start;

        public int[] Node { get; } = node;

        public int[] Edge { get; } = edge;

        public double[] Weight { get; private init; } = [];

        public static Adjacency Build(int recordCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, List<int> pairs)
        {
            var start = new int[recordCount + 1];
            foreach (var k in pairs)
            {
                start[left[k] + 1]++;
                start[right[k] + 1]++;
            }
            for (var v = 0; v < recordCount; v++)
                start[v + 1] += start[v];
            var fill = start[..recordCount];
            var node = new int[2 * pairs.Count];
            var edge = new int[2 * pairs.Count];
            for (var e = 0; e < pairs.Count; e++)
            {
                var (a, b) = (left[pairs[e]], right[pairs[e]]);
                (node[fill[a]], edge[fill[a]++]) = (b, e);
                (node[fill[b]], edge[fill[b]++]) = (a, e);
            }
            return new Adjacency(start, node, edge);
        }

        // One entry per neighbour, sorted by neighbour, with the weights of repeated pairs added up.
        public Adjacency Merged(List<int> pairs, double[] pairWeight)
        {
            var recordCount = Start.Length - 1;
            var start = new int[recordCount + 1];
            var node = new List<int>(Node.Length);
            var weight = new List<double>(Node.Length);
            for (var v = 0; v < recordCount; v++)
            {
                var (from, count) = (Start[v], Start[v + 1] - Start[v]);
                var neighbours = Node.AsSpan(from, count).ToArray();
                var weights = new double[count];
                for (var x = 0; x < count; x++)
                    weights[x] = pairWeight[pairs[Edge[from + x]]];
                Array.Sort(neighbours, weights);
                for (var x = 0; x < count; x++)
                {
                    if (x > 0 && neighbours[x] == neighbours[x - 1])
                        weight[^1] += weights[x];
                    else
                    {
                        node.Add(neighbours[x]);
                        weight.Add(weights[x]);
                    }
                }
                start[v + 1] = node.Count;
            }
            return new Adjacency(start, [.. node], new int[node.Count]) { Weight = [.. weight] };
        }
    }

    private static int Find(int[] parent, int record)
    {
        var root = record;
        while (parent[root] != root)
            root = parent[root];
        while (parent[record] != root)
        {
            var next = parent[record];
            parent[record] = root;
            record = next;
        }
        return root;
    }
}

/// <summary>The outcome of <see cref="Clustering.AssignStableIds"/>.</summary>
/// <param name="EntityIds">The entity id of every record.</param>
/// <param name="NextFreshId">The first id not handed out yet; pass it to the next run.</param>
/// <param name="Retired">Old ids no cluster kept (their entities were merged into others), ascending.</param>
public sealed record StableEntityIds(long[] EntityIds, long NextFreshId, long[] Retired);
