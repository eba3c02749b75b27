namespace Waterline.Analytics.Networks;

/// <summary>Connected components: component number per node (numbered by smallest node, 0, 1, 2...) and their sizes.</summary>
/// <param name="Of">The component of each node.</param>
/// <param name="Sizes">The number of nodes in each component.</param>
public sealed record ComponentLabels(int[] Of, int[] Sizes)
{
    public int Count => Sizes.Length;

    /// <summary>The size of the largest component (0 for an empty graph).</summary>
    public int LargestSize => Sizes.Length == 0 ? 0 : Sizes.Max();

    /// <summary>The number of the largest component; the lowest-numbered one among equals.</summary>
    public int Largest => Sizes.Length == 0 ? -1 : Array.IndexOf(Sizes, LargestSize);
}

/// <summary>Connected components by breadth-first search (weakly connected when directed: arcs read both ways), as
/// networkx's <c>connected_components</c> / <c>weakly_connected_components</c>. O(n + m).</summary>
public static class Components
{
    /// <summary>Components of the graph, skipping the nodes marked in <paramref name="removed"/> (they get -1).</summary>
    public static ComponentLabels Find(Graph graph, ReadOnlySpan<bool> removed = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        var of = new int[n];
        Array.Fill(of, -1);
        var sizes = new List<int>();
        var queue = new int[n];
        for (var start = 0; start < n; start++)
        {
            if (of[start] >= 0 || (!removed.IsEmpty && removed[start]))
                continue;
            var label = sizes.Count;
            of[start] = label;
            int head = 0, tail = 0;
            queue[tail++] = start;
            while (head < tail)
            {
                var v = queue[head++];
                tail = Visit(graph.Neighbours(v), of, removed, label, queue, tail);
                if (graph.IsDirected)
                    tail = Visit(graph.InNeighbours(v), of, removed, label, queue, tail);
            }
            sizes.Add(tail);
        }
        return new ComponentLabels(of, sizes.ToArray());
    }

    private static int Visit(ReadOnlySpan<int> neighbours, int[] of, ReadOnlySpan<bool> removed, int label, int[] queue, int tail)
    {
        foreach (var w in neighbours)
        {
            if (of[w] >= 0 || (!removed.IsEmpty && removed[w]))
                continue;
            of[w] = label;
            queue[tail++] = w;
        }
        return tail;
    }
}
