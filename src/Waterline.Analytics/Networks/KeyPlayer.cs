namespace Waterline.Analytics.Networks;

/// <summary>How a key-player set is scored: which fragmentation its removal leaves.</summary>
public enum FragmentationMeasure
{
    /// <summary>Borgatti's F = 1 − Σ_k s_k(s_k − 1) / (n(n − 1)) over the components left (sizes s_k).</summary>
    Components,

    /// <summary>Borgatti's distance-weighted fragmentation DF = 1 − Σ_{i≠j} (1/d_ij) / (n(n − 1)), 1/∞ = 0.</summary>
    DistanceWeighted,
}

/// <summary>What ranks the nodes in a sequential removal.</summary>
public enum RemovalRanking
{
    /// <summary>Degree (strength when weights are used; in + out when directed).</summary>
    Degree,

    /// <summary>Brandes betweenness (<see cref="Networks.Betweenness"/>; weights as lengths when used).</summary>
    Betweenness,
}

/// <summary>When the ranking is computed.</summary>
public enum RemovalMode
{
    /// <summary>Once, on the intact graph.</summary>
    Initial,

    /// <summary>Again on what is left after every step.</summary>
    Adaptive,
}

/// <summary>A set of key players and the fragmentation its removal leaves.</summary>
/// <param name="Nodes">The nodes, ascending.</param>
/// <param name="Fragmentation">The fragmentation of the graph without them.</param>
/// <param name="Exhaustive">True when every k-set was tried (the set is optimal); false for the greedy swap search.</param>
/// <param name="SetsEvaluated">How many sets were scored.</param>
public sealed record KeyPlayerSet(int[] Nodes, double Fragmentation, bool Exhaustive, long SetsEvaluated);

/// <summary>The state after one step of a sequential removal (step 0 is the intact graph).</summary>
/// <param name="Step">0, 1, 2...</param>
/// <param name="Removed">The nodes removed in this step, in the order chosen.</param>
/// <param name="RemovedSoFar">Nodes removed in this and earlier steps.</param>
/// <param name="LargestComponent">The size of the largest (weakly) connected component left.</param>
/// <param name="Fragmentation">Borgatti's F of what is left.</param>
public sealed record RemovalStep(int Step, int[] Removed, int RemovedSoFar, int LargestComponent, double Fragmentation);

/// <summary>
/// Key players whose removal most fragments a network (Borgatti 2006, "Identifying sets of key players in a social
/// network", Comput. Math. Organiz. Theory 12:21-34, the KPP-Neg problem), and sequential removal by degree or
/// betweenness as in disruption studies (e.g. Cavallaro et al. 2020, PLoS ONE 15(8):e0236476).
/// </summary>
/// <remarks>
/// Fragmentation is computed on the nodes left (n = nodes not removed) and on the undirected view (a directed graph
/// is read with arcs both ways, i.e. weakly connected components); with fewer than two nodes left it is 1. Distances
/// in the distance-weighted form are hop counts. The best k-set is found by trying every set when C(n,k) is at most
/// <c>exhaustiveLimit</c> (100,000 by default), otherwise by Borgatti's greedy swap optimisation: start from a random
/// k-set, repeatedly make the swap of one member for one non-member that most improves the fit, stop when no swap
/// improves it; several seeded starts, the best kept. Among equal fits the first found is kept.
/// </remarks>
public static class KeyPlayer
{
    private const double Tolerance = 1e-12;

    /// <summary>Borgatti's F of the graph without the <paramref name="removed"/> nodes.</summary>
    public static double Fragmentation(Graph graph, ReadOnlySpan<bool> removed = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new Scorer(graph).Components(removed);
    }

    /// <summary>Borgatti's distance-weighted fragmentation DF of the graph without the <paramref name="removed"/> nodes.</summary>
    public static double DistanceWeightedFragmentation(Graph graph, ReadOnlySpan<bool> removed = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new Scorer(graph).DistanceWeighted(removed);
    }

    /// <summary>The k-set whose removal maximises the fragmentation measure.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="k">Size of the set, 1..n.</param>
    /// <param name="measure">The fit to maximise.</param>
    /// <param name="seed">Seed of the greedy starts.</param>
    /// <param name="starts">Random starts of the greedy search.</param>
    /// <param name="exhaustiveLimit">Try every set when C(n,k) is at most this; 0 forces the greedy search.</param>
    public static KeyPlayerSet FindSet(Graph graph, int k, FragmentationMeasure measure = FragmentationMeasure.Components,
        int seed = 0, int starts = 10, long exhaustiveLimit = 100_000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(starts);
        var scorer = new Scorer(graph);
        return Combinations(n, k) <= exhaustiveLimit
            ? Exhaustive(scorer, n, k, measure)
            : Greedy(scorer, n, k, measure, seed, starts);
    }

    /// <summary>C(n,k), saturating at long.MaxValue.</summary>
    public static long Combinations(int n, int k)
    {
        k = Math.Min(k, n - k);
        if (k < 0)
            return 0;
        var result = 1.0m;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
            if (result > long.MaxValue)
                return long.MaxValue;
        }
        return (long)Math.Round(result);
    }

    /// <summary>
    /// Removes nodes in order of degree or betweenness, <paramref name="perStep"/> at a time, and reports the largest
    /// component and fragmentation after each step (step 0: the intact graph).
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="ranking">Degree or betweenness.</param>
    /// <param name="mode">Rank once on the intact graph, or again after each step.</param>
    /// <param name="perStep">Nodes removed per step (b).</param>
    /// <param name="useWeights">Rank by strength / weighted betweenness (weights as lengths).</param>
    /// <param name="maxRemoved">Stop after this many nodes (negative: until none are left).</param>
    /// <param name="tieOrder">Among nodes whose scores are equal (to a relative 1e-9), the one listed earlier here goes
    /// first; empty: the lower node number goes first.</param>
    public static RemovalStep[] RemoveSequentially(Graph graph, RemovalRanking ranking, RemovalMode mode, int perStep = 1,
        bool useWeights = false, int maxRemoved = -1, ReadOnlySpan<int> tieOrder = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perStep);
        var n = graph.NodeCount;
        var rank = new int[n];
        if (tieOrder.IsEmpty)
        {
            for (var v = 0; v < n; v++)
                rank[v] = v;
        }
        else
        {
            if (tieOrder.Length != n)
                throw new ArgumentException($"tieOrder lists {tieOrder.Length} nodes for {n}.", nameof(tieOrder));
            for (var i = 0; i < n; i++)
                rank[tieOrder[i]] = i;
        }
        var limit = maxRemoved < 0 ? n : Math.Min(maxRemoved, n);
        var removed = new bool[n];
        var scorer = new Scorer(graph);
        var steps = new List<RemovalStep> { new(0, [], 0, Components.Find(graph).LargestSize, scorer.Components(removed)) };
        var scores = Scores(graph, ranking, useWeights, removed);
        var count = 0;
        while (count < limit)
        {
            if (mode == RemovalMode.Adaptive && count > 0)
                scores = Scores(graph, ranking, useWeights, removed);
            var take = Math.Min(perStep, limit - count);
            var chosen = new int[take];
            for (var i = 0; i < take; i++)
            {
                chosen[i] = Top(scores, removed, rank);
                removed[chosen[i]] = true;
            }
            count += take;
            steps.Add(new RemovalStep(steps.Count, chosen, count, Components.Find(graph, removed).LargestSize,
                scorer.Components(removed)));
        }
        return steps.ToArray();
    }

    private static double[] Scores(Graph graph, RemovalRanking ranking, bool useWeights, bool[] removed)
    {
        var n = graph.NodeCount;
        if (ranking == RemovalRanking.Betweenness)
        {
            var left = removed.Contains(true) ? graph.WithoutNodes(removed) : graph;
            return Betweenness.Compute(left, useWeights, normalised: false);
        }
        var scores = new double[n];
        for (var v = 0; v < n; v++)
        {
            if (removed[v])
                continue;
            scores[v] = Degree(graph.Neighbours(v), graph.NeighbourWeights(v), useWeights, removed);
            if (graph.IsDirected)
                scores[v] += Degree(graph.InNeighbours(v), graph.InNeighbourWeights(v), useWeights, removed);
        }
        return scores;
    }

    private static double Degree(ReadOnlySpan<int> neighbours, ReadOnlySpan<double> weights, bool useWeights, bool[] removed)
    {
        var sum = 0.0;
        for (var k = 0; k < neighbours.Length; k++)
        {
            if (!removed[neighbours[k]])
                sum += useWeights ? weights[k] : 1;
        }
        return sum;
    }

    // The highest-scoring node left; scores within a relative 1e-9 are ties, settled by the tie order.
    private static int Top(double[] scores, bool[] removed, int[] rank)
    {
        var best = -1;
        for (var v = 0; v < scores.Length; v++)
        {
            if (removed[v])
                continue;
            if (best < 0)
            {
                best = v;
                continue;
            }
            var gap = scores[v] - scores[best];
            var tie = Math.Abs(gap) <= 1e-9 * Math.Max(Math.Abs(scores[v]), Math.Abs(scores[best]));
            if ((!tie && gap > 0) || (tie && rank[v] < rank[best]))
                best = v;
        }
        return best;
    }

    private static KeyPlayerSet Exhaustive(Scorer scorer, int n, int k, FragmentationMeasure measure)
    {
        var set = new int[k];
        for (var i = 0; i < k; i++)
            set[i] = i;
        var removed = new bool[n];
        var best = (int[])set.Clone();
        var bestFit = double.NegativeInfinity;
        long evaluated = 0;
        while (true)
        {
            foreach (var v in set)
                removed[v] = true;
            var fit = scorer.Score(measure, removed);
            evaluated++;
            foreach (var v in set)
                removed[v] = false;
            if (fit > bestFit + Tolerance)
            {
                bestFit = fit;
                Array.Copy(set, best, k);
            }
            // Next combination in lexicographic order.
            var i = k - 1;
            while (i >= 0 && set[i] == n - k + i)
                i--;
            if (i < 0)
                break;
            set[i]++;
            for (var j = i + 1; j < k; j++)
                set[j] = set[j - 1] + 1;
        }
        return new KeyPlayerSet(best, bestFit, true, evaluated);
    }

    private static KeyPlayerSet Greedy(Scorer scorer, int n, int k, FragmentationMeasure measure, int seed, int starts)
    {
        var random = new Random(seed);
        var removed = new bool[n];
        int[] best = [];
        var bestFit = double.NegativeInfinity;
        long evaluated = 0;
        var pool = new int[n];
        for (var start = 0; start < starts; start++)
        {
            for (var v = 0; v < n; v++)
                pool[v] = v;
            // Partial Fisher-Yates: the first k of the pool are the random start set.
            for (var i = 0; i < k; i++)
            {
                var j = i + random.Next(n - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }
            var set = pool[..k];
            Array.Clear(removed);
            foreach (var v in set)
                removed[v] = true;
            var fit = scorer.Score(measure, removed);
            evaluated++;
            while (true)
            {
                var gainBest = Tolerance;
                int swapAt = -1, swapIn = -1;
                var fitAfter = fit;
                for (var i = 0; i < k; i++)
                {
                    var outNode = set[i];
                    for (var v = 0; v < n; v++)
                    {
                        if (removed[v])
                            continue;
                        removed[outNode] = false;
                        removed[v] = true;
                        var f = scorer.Score(measure, removed);
                        evaluated++;
                        removed[v] = false;
                        removed[outNode] = true;
                        if (f - fit > gainBest)
                        {
                            gainBest = f - fit;
                            swapAt = i;
                            swapIn = v;
                            fitAfter = f;
                        }
                    }
                }
                if (swapAt < 0)
                    break;
                removed[set[swapAt]] = false;
                removed[swapIn] = true;
                set[swapAt] = swapIn;
                fit = fitAfter;
            }
            if (fit > bestFit + Tolerance)
            {
                bestFit = fit;
                best = (int[])set.Clone();
            }
        }
        Array.Sort(best);
        return new KeyPlayerSet(best, bestFit, false, evaluated);
    }

    /// <summary>Breadth-first work arrays reused over every set scored.</summary>
    private sealed class Scorer
    {
        private readonly Graph graph;
        private readonly int[] label;
        private readonly int[] queue;

        public Scorer(Graph graph)
        {
            this.graph = graph.ToUndirected();
            label = new int[graph.NodeCount];
            queue = new int[graph.NodeCount];
        }

        public double Score(FragmentationMeasure measure, ReadOnlySpan<bool> removed) =>
            measure == FragmentationMeasure.Components ? Components(removed) : DistanceWeighted(removed);

        public double Components(ReadOnlySpan<bool> removed)
        {
            var n = graph.NodeCount;
            Array.Fill(label, -1);
            var left = 0;
            var pairs = 0.0;
            for (var s = 0; s < n; s++)
            {
                if (IsRemoved(removed, s))
                    continue;
                left++;
                if (label[s] >= 0)
                    continue;
                var size = Search(s, s, removed, null);
                pairs += (double)size * (size - 1);
            }
            return left < 2 ? 1.0 : 1.0 - pairs / ((double)left * (left - 1));
        }

        public double DistanceWeighted(ReadOnlySpan<bool> removed)
        {
            var n = graph.NodeCount;
            var left = 0;
            var reciprocal = 0.0;
            var distance = new int[n];
            for (var s = 0; s < n; s++)
            {
                if (IsRemoved(removed, s))
                    continue;
                left++;
                Array.Fill(label, -1);
                var size = Search(s, s, removed, distance);
                for (var i = 1; i < size; i++)
                    reciprocal += 1.0 / distance[queue[i]];
            }
            return left < 2 ? 1.0 : 1.0 - reciprocal / ((double)left * (left - 1));
        }

        private static bool IsRemoved(ReadOnlySpan<bool> removed, int v) => !removed.IsEmpty && removed[v];

        // Breadth-first search from s marking label; fills distance when given; returns the nodes reached.
        private int Search(int s, int mark, ReadOnlySpan<bool> removed, int[]? distance)
        {
            int head = 0, tail = 0;
            label[s] = mark;
            queue[tail++] = s;
            if (distance is not null)
                distance[s] = 0;
            while (head < tail)
            {
                var v = queue[head++];
                foreach (var u in graph.Neighbours(v))
                {
                    if (label[u] >= 0 || IsRemoved(removed, u))
                        continue;
                    label[u] = mark;
                    if (distance is not null)
                        distance[u] = distance[v] + 1;
                    queue[tail++] = u;
                }
            }
            return tail;
        }
    }
}
