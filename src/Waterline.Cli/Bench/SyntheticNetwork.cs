namespace Waterline.Cli.Bench;

/// <summary>A generated undirected graph with community structure for <c>bench network</c>: communities of 20 to 200
/// nodes, each edge inside its first end's community with probability 0.8 and anywhere otherwise, no loops and no
/// duplicate edges. Seeded, so every run (and igraph beside it) measures the same graph.</summary>
internal static class SyntheticNetwork
{
    public static (int[] Sources, int[] Targets) Generate(int nodes, int edges, int seed)
    {
        var random = new Random(seed);
        var communityStart = new int[nodes];
        var communitySize = new int[nodes];
        for (var start = 0; start < nodes;)
        {
            var size = Math.Min(random.Next(20, 201), nodes - start);
            for (var v = start; v < start + size; v++)
            {
                communityStart[v] = start;
                communitySize[v] = size;
            }
            start += size;
        }
        // long's own hash is the XOR of its halves, which collides for nearby node pairs; Fibonacci hashing spreads them.
        var seen = new HashSet<long>(edges, EqualityComparer<long>.Create((a, b) => a == b, k => (int)(((ulong)k * 0x9E3779B97F4A7C15UL) >> 32)));
        var sources = new int[edges];
        var targets = new int[edges];
        var count = 0;
        while (count < edges)
        {
            var u = random.Next(nodes);
            var v = random.NextDouble() < 0.8 ? communityStart[u] + random.Next(communitySize[u]) : random.Next(nodes);
            if (u == v || !seen.Add(((long)Math.Min(u, v) << 32) | (uint)Math.Max(u, v)))
                continue;
            sources[count] = u;
            targets[count] = v;
            count++;
        }
        return (sources, targets);
    }
}
