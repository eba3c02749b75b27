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
