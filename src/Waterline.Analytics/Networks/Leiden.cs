namespace Waterline.Analytics.Networks;

/// <summary>A partition of the nodes into communities.</summary>
/// <param name="Membership">The community of each node, numbered 0, 1, 2... in order of each community's lowest node.</param>
/// <param name="Count">The number of communities.</param>
/// <param name="Modularity">Its modularity at the resolution used (<see cref="Networks.Modularity"/>).</param>
/// <param name="Iterations">Leiden iterations (or Louvain levels) run in the run that produced it.</param>
/// <param name="Seed">The seed of the run that produced it.</param>
public sealed record Partition(int[] Membership, int Count, double Modularity, int Iterations, int Seed);

/// <summary>
/// Leiden community detection maximising modularity (Traag, Waltman and van Eck 2019, "From Louvain to Leiden:
/// guaranteeing well-connected communities", Sci. Rep. 9:5233): fast local moving with a queue, refinement of each
/// community into well-connected sub-communities by randomised merging, and aggregation based on the refined partition
/// with the aggregate nodes starting in their unrefined community. Every community returned is connected.
/// </summary>
/// <remarks>
/// Undirected and weighted (a directed graph is folded by summing both directions, as <see cref="Networks.Modularity"/>).
/// Quality differences are in edge-weight units, as in igraph's C core (<c>igraph_community_leiden</c>): the gain of
/// moving v into C is w(v,C) − γ k_v K_C / 2m. Refinement picks among non-negative merges with probability ∝
/// exp(ΔH/θ), θ = 0.01 (the paper's and igraph's default randomness). When refinement merges nothing, aggregation uses
/// the unrefined partition (as leidenalg does) so the algorithm always makes progress. A run is reproducible from its
/// seed (System.Random with a seed); several runs use seeds seed, seed+1, ... and keep the best modularity (the lowest
/// seed among equals), whatever the number of cores. O(m) per local-moving pass; no allocation per node.
/// </remarks>
public static class Leiden
{
    /// <summary>Finds communities.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="resolution">γ in the modularity (1 = Newman-Girvan).</param>
    /// <param name="seed">Seed of the first run.</param>
    /// <param name="iterations">Leiden iterations per run; a negative number iterates until an iteration moves no node (igraph's rule).</param>
    /// <param name="runs">Independent runs (seeds seed..seed+runs-1); the best modularity is kept.</param>
    /// <param name="randomness">θ of the refinement step.</param>
    public static Partition Find(Graph graph, double resolution = 1.0, int seed = 0, int iterations = -1, int runs = 1,
        double randomness = 0.01)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(randomness);
        var g = graph.ToUndirected();
        if (runs == 1)
            return Run(g, resolution, seed, iterations, randomness);
        var results = new Partition[runs];
        Parallel.For(0, runs, r => results[r] = Run(g, resolution, seed + r, iterations, randomness));
        var best = results[0];
        foreach (var p in results)
        {
            if (p.Modularity > best.Modularity)
                best = p;
        }
        return best;
    }

    private static Partition Run(Graph g, double resolution, int seed, int iterations, double randomness)
    {
        var work = new CommunityWork(g, resolution, new Random(seed));
        var n = g.NodeCount;
        var membership = new int[n];
        for (var v = 0; v < n; v++)
            membership[v] = v;
        var done = 0;
        while (iterations < 0 || done < iterations)
        {
            // Until an iteration moves no node in its local moving phases: igraph's criterion for n_iterations < 0.
            membership = work.LeidenIteration(membership, randomness, out var moved);
            CommunityWork.Renumber(membership);
            done++;
            if (!moved)
                break;
        }
        var count = CommunityWork.Renumber(membership);
        return new Partition(membership, count, Modularity.Compute(g, membership, resolution), done, seed);
    }
}

/// <summary>
/// The state shared by Louvain and Leiden on one run: the current (aggregate) level as CSR arrays with node strengths,
/// and work arrays sized for the original graph, reused on every level so the moving phase allocates nothing.
/// </summary>
internal sealed class CommunityWork
{
    private readonly Graph original;
    private readonly double gamma;
    private readonly double twoM;
    private readonly Random random;

    // Current level: node v's arcs are targets[offsets[v]..offsets[v+1]] (no self-loops: they never change a gain).
    private int levelN;
    private int[] offsets = [];
    private int[] targets = [];
    private double[] weights = [];
    private double[] strength = [];

    private readonly int[] queue;
    private readonly bool[] queued;
    private readonly double[] neighbourWeight;
    private readonly int[] neighbours;
    private readonly bool[] seen;
    private readonly double[] communityStrength;
    private readonly int[] communitySize;
    private readonly int[] empty;
    private readonly int[] order;
    private readonly int[] refined;
    private readonly double[] refinedStrength;
    private readonly int[] refinedSize;
    private readonly double[] refinedExternal;
    private readonly double[] nodeExternal;
    private readonly double[] candidateWeight;
    private readonly int[] candidateCommunity;
    private readonly int[] members;

    // Two arc buffers the size of the original graph's, used in turn by the aggregate levels (the current level's
    // arrays are either the original graph's, which must not be written, or one of these).
    private readonly int[][] arcTargetBuffers = [[], []];
    private readonly double[][] arcWeightBuffers = [[], []];

    public CommunityWork(Graph undirected, double resolution, Random random)
    {
        original = undirected;
        gamma = resolution;
        this.random = random;
        var n = undirected.NodeCount;
        queue = new int[n];
        queued = new bool[n];
        neighbourWeight = new double[n];
        neighbours = new int[n];
        seen = new bool[n];
        communityStrength = new double[n];
        communitySize = new int[n];
        empty = new int[n];
        order = new int[n];
        refined = new int[n];
        refinedStrength = new double[n];
        refinedSize = new int[n];
        refinedExternal = new double[n];
        nodeExternal = new double[n];
        candidateWeight = new double[n];
        candidateCommunity = new int[n];
        members = new int[n];
        var total = 0.0;
        foreach (var w in undirected.Weights)
            total += w;
        twoM = total;
    }

    /// <summary>One iteration of Leiden on the original graph starting from <paramref name="start"/>; returns the new
    /// flat membership, and in <paramref name="moved"/> whether local moving moved any node on any level.</summary>
    public int[] LeidenIteration(int[] start, double theta, out bool moved)
    {
        moved = false;
        var n = original.NodeCount;
        ResetToOriginal();
        var community = (int[])start.Clone();
        Renumber(community);
        var nodeOf = new int[n];
        for (var v = 0; v < n; v++)
            nodeOf[v] = v;
        if (twoM == 0)
            return community;
        while (true)
        {
            moved |= MoveNodesFast(community);
            var count = Renumber(community.AsSpan(0, levelN));
            if (count == levelN)
                break;
            var refinedCount = Refine(community, theta);
            int[] assign;
            int[] nextCommunity;
            if (refinedCount == levelN)
            {
                // Refinement merged nothing: aggregate on the unrefined partition so the level shrinks.
                assign = community[..levelN];
                nextCommunity = new int[count];
                for (var c = 0; c < count; c++)
                    nextCommunity[c] = c;
            }
            else
            {
                assign = refined[..levelN];
                nextCommunity = new int[refinedCount];
                for (var v = 0; v < levelN; v++)
                    nextCommunity[assign[v]] = community[v];
            }
            Aggregate(assign, assign.Max() + 1);
            for (var v = 0; v < n; v++)
                nodeOf[v] = assign[nodeOf[v]];
            Array.Copy(nextCommunity, community, nextCommunity.Length);
        }
        var flat = new int[n];
        for (var v = 0; v < n; v++)
            flat[v] = community[nodeOf[v]];
        return flat;
    }

    /// <summary>Louvain (Blondel et al. 2008): sweeps of local moving until no node moves, then aggregation, until a level
    /// moves nothing. Returns the flat membership and the number of levels.</summary>
    public (int[] Membership, int Levels) Louvain(int maxLevels)
    {
        var n = original.NodeCount;
        ResetToOriginal();
        var community = new int[n];
        var nodeOf = new int[n];
        for (var v = 0; v < n; v++)
            community[v] = nodeOf[v] = v;
        var levels = 0;
        while (twoM > 0 && (maxLevels < 0 || levels < maxLevels))
        {
            var moved = false;
            while (MoveNodesSweep(community))
                moved = true;
            levels++;
            var count = Renumber(community.AsSpan(0, levelN));
            if (!moved || count == levelN)
                break;
            var assign = community[..levelN];
            Aggregate(assign, count);
            for (var v = 0; v < n; v++)
                nodeOf[v] = assign[nodeOf[v]];
            for (var c = 0; c < count; c++)
                community[c] = c;
        }
        var flat = new int[n];
        for (var v = 0; v < n; v++)
            flat[v] = community[nodeOf[v]];
        return (flat, levels);
    }

    /// <summary>Renumbers labels to 0.. in order of first appearance; returns the number of labels.</summary>
    public static int Renumber(Span<int> labels)
    {
        var map = new int[labels.Length == 0 ? 0 : MaxOf(labels) + 1];
        Array.Fill(map, -1);
        var count = 0;
        for (var v = 0; v < labels.Length; v++)
        {
            ref var to = ref map[labels[v]];
            if (to < 0)
                to = count++;
            labels[v] = to;
        }
        return count;
    }

    private static int MaxOf(Span<int> labels)
    {
        var max = 0;
        foreach (var c in labels)
            max = Math.Max(max, c);
        return max;
    }

    private void ResetToOriginal()
    {
        levelN = original.NodeCount;
        offsets = original.Offsets;
        targets = original.Targets;
        weights = original.Weights;
        strength = new double[levelN];
        for (var v = 0; v < levelN; v++)
        {
            foreach (var w in original.NeighbourWeights(v))
                strength[v] += w;
        }
    }

    private void StartCommunities(int[] community)
    {
        Array.Clear(communityStrength, 0, levelN);
        Array.Clear(communitySize, 0, levelN);
        for (var v = 0; v < levelN; v++)
        {
            communityStrength[community[v]] += strength[v];
            communitySize[community[v]]++;
        }
    }

    private int EmptyStack()
    {
        var top = 0;
        for (var c = levelN - 1; c >= 0; c--)
        {
            if (communitySize[c] == 0)
                empty[top++] = c;
        }
        return top;
    }

    private void Shuffle()
    {
        for (var v = 0; v < levelN; v++)
            order[v] = v;
        for (var i = levelN - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    // Sums v's arc weights per neighbouring community into neighbourWeight; returns how many communities were seen.
    private int Gather(int v, ReadOnlySpan<int> label)
    {
        var count = 0;
        for (var k = offsets[v]; k < offsets[v + 1]; k++)
        {
            var c = label[targets[k]];
            if (!seen[c])
            {
                seen[c] = true;
                neighbourWeight[c] = 0;
                neighbours[count++] = c;
            }
            neighbourWeight[c] += weights[k];
        }
        return count;
    }

    private void Unsee(int count)
    {
        for (var i = 0; i < count; i++)
            seen[neighbours[i]] = false;
    }

    // Moves v to the community of greatest gain (staying wins ties; an empty community is the option of gain 0).
    private bool MoveNode(int v, int[] community, ref int emptyTop)
    {
        var from = community[v];
        var kv = strength[v];
        var count = Gather(v, community);
        communityStrength[from] -= kv;
        communitySize[from]--;
        var scale = gamma * kv / twoM;
        var best = from;
        // A move must beat staying by more than rounding, so sweeps cannot cycle on float noise.
        var bestGain = (seen[from] ? neighbourWeight[from] : 0) - scale * communityStrength[from] + 1e-12 * kv;
        for (var i = 0; i < count; i++)
        {
            var c = neighbours[i];
            var gain = neighbourWeight[c] - scale * communityStrength[c];
            if (gain > bestGain)
            {
                best = c;
                bestGain = gain;
            }
        }
        Unsee(count);
        if (bestGain < 0 && communitySize[from] > 0)
        {
            best = empty[--emptyTop];
            bestGain = 0;
        }
        if (best != from && communitySize[from] == 0)
            empty[emptyTop++] = from;
        community[v] = best;
        communityStrength[best] += kv;
        communitySize[best]++;
        return best != from;
    }

    private bool MoveNodesFast(int[] community)
    {
        var moved = false;
        StartCommunities(community);
        var emptyTop = EmptyStack();
        Shuffle();
        Array.Copy(order, queue, levelN);
        Array.Fill(queued, true, 0, levelN);
        int head = 0, size = levelN;
        while (size > 0)
        {
            var v = queue[head];
            head = head + 1 == levelN ? 0 : head + 1;
            size--;
            queued[v] = false;
            if (!MoveNode(v, community, ref emptyTop))
                continue;
            moved = true;
            var to = community[v];
            for (var k = offsets[v]; k < offsets[v + 1]; k++)
            {
                var u = targets[k];
                if (queued[u] || community[u] == to)
                    continue;
                queued[u] = true;
                var at = head + size;
                queue[at >= levelN ? at - levelN : at] = u;
                size++;
            }
        }
        return moved;
    }

    private bool MoveNodesSweep(int[] community)
    {
        StartCommunities(community);
        var emptyTop = EmptyStack();
        Shuffle();
        var moved = false;
        for (var i = 0; i < levelN; i++)
            moved |= MoveNode(order[i], community, ref emptyTop);
        return moved;
    }

    // Leiden refinement: within each community S, singletons that are well connected to S merge into well-connected
    // sub-communities, chosen at random with probability ∝ exp(gain/θ) among non-negative gains. Returns the count.
    private int Refine(int[] community, double theta)
    {
        StartCommunities(community);
        for (var v = 0; v < levelN; v++)
        {
            refined[v] = v;
            refinedStrength[v] = strength[v];
            refinedSize[v] = 1;
            var inside = 0.0;
            var cv = community[v];
            for (var k = offsets[v]; k < offsets[v + 1]; k++)
            {
                if (community[targets[k]] == cv)
                    inside += weights[k];
            }
            nodeExternal[v] = inside;
            refinedExternal[v] = inside;
        }
        Shuffle();
        for (var i = 0; i < levelN; i++)
        {
            var v = order[i];
            if (refinedSize[refined[v]] != 1)
                continue;
            var s = community[v];
            var kv = strength[v];
            var totalS = communityStrength[s];
            if (nodeExternal[v] < gamma * kv * (totalS - kv) / twoM)
                continue;
            var count = 0;
            for (var k = offsets[v]; k < offsets[v + 1]; k++)
            {
                var u = targets[k];
                if (community[u] != s)
                    continue;
                var c = refined[u];
                if (!seen[c])
                {
                    seen[c] = true;
                    neighbourWeight[c] = 0;
                    neighbours[count++] = c;
                }
                neighbourWeight[c] += weights[k];
            }
            var own = refined[v];
            var bestGain = 0.0;
            var candidates = 0;
            for (var j = 0; j < count; j++)
            {
                var c = neighbours[j];
                var kc = refinedStrength[c];
                var gain = neighbourWeight[c] - gamma * kv * kc / twoM;
                if (c == own || gain < 0 || refinedExternal[c] < gamma * kc * (totalS - kc) / twoM)
                    continue;
                candidateCommunity[candidates] = c;
                candidateWeight[candidates++] = gain;
                bestGain = Math.Max(bestGain, gain);
            }
            var chosen = own;
            if (candidates > 0)
            {
                // Staying alone is the option of gain 0. Weights below e^-40 of the best's are taken as 0 (no exp).
                var total = Chance(-bestGain / theta);
                for (var j = 0; j < candidates; j++)
                {
                    candidateWeight[j] = Chance((candidateWeight[j] - bestGain) / theta);
                    total += candidateWeight[j];
                }
                var pick = random.NextDouble() * total;
                for (var j = 0; j < candidates; j++)
                {
                    pick -= candidateWeight[j];
                    if (pick < 0)
                    {
                        chosen = candidateCommunity[j];
                        break;
                    }
                }
            }
            var wChosen = chosen == own ? 0 : neighbourWeight[chosen];
            Unsee(count);
            if (chosen == own)
                continue;
            refinedSize[own] = 0;
            refinedStrength[own] = 0;
            refinedExternal[chosen] += nodeExternal[v] - 2 * wChosen;
            refinedStrength[chosen] += kv;
            refinedSize[chosen]++;
            refined[v] = chosen;
        }
        return Renumber(refined.AsSpan(0, levelN));
    }

    private static double Chance(double exponent) => exponent < -40 ? 0 : Math.Exp(exponent);

    // Replaces the level by its quotient: one node per label, arc weights summed, arcs inside a label dropped.
    private void Aggregate(int[] assign, int count)
    {
        var start = new int[count + 1];
        foreach (var c in assign)
            start[c + 1]++;
        for (var c = 0; c < count; c++)
            start[c + 1] += start[c];
        var next = start[..count];
        for (var v = 0; v < levelN; v++)
            members[next[assign[v]]++] = v;
        var newOffsets = new int[count + 1];
        var buffer = ReferenceEquals(targets, arcTargetBuffers[0]) ? 1 : 0;
        if (arcTargetBuffers[buffer].Length < offsets[levelN])
        {
            arcTargetBuffers[buffer] = new int[original.Targets.Length];
            arcWeightBuffers[buffer] = new double[original.Targets.Length];
        }
        var newTargets = arcTargetBuffers[buffer];
        var newWeights = arcWeightBuffers[buffer];
        var newStrength = new double[count];
        var write = 0;
        for (var c = 0; c < count; c++)
        {
            newOffsets[c] = write;
            var seenCount = 0;
            for (var i = start[c]; i < start[c + 1]; i++)
            {
                var v = members[i];
                newStrength[c] += strength[v];
                for (var k = offsets[v]; k < offsets[v + 1]; k++)
                {
                    var d = assign[targets[k]];
                    if (d == c)
                        continue;
                    if (!seen[d])
                    {
                        seen[d] = true;
                        neighbourWeight[d] = 0;
                        neighbours[seenCount++] = d;
                    }
                    neighbourWeight[d] += weights[k];
                }
            }
            for (var j = 0; j < seenCount; j++)
            {
                var d = neighbours[j];
                seen[d] = false;
                newTargets[write] = d;
                newWeights[write++] = neighbourWeight[d];
            }
        }
        newOffsets[count] = write;
        levelN = count;
        offsets = newOffsets;
        targets = newTargets;
        weights = newWeights;
        strength = newStrength;
    }
}
