namespace Waterline.Analytics.Networks;

/// <summary>Nodes 0..n-1 cut into a number of chunks that depends on n only, run in parallel. Per-node results land in
/// their own slots, and any sum over nodes is added chunk by chunk in order, so results do not depend on the cores.</summary>
internal static class NodeChunks
{
    private const int MaxChunks = 64;
    private const int MinNodesPerChunk = 512;

    public static int Count(int n) => Math.Clamp(n / MinNodesPerChunk, 1, MaxChunks);

    public static (int From, int To) Range(int n, int chunks, int chunk) =>
        ((int)((long)n * chunk / chunks), (int)((long)n * (chunk + 1) / chunks));

    /// <summary>Runs <paramref name="body"/>(from, to) on every chunk; one chunk runs inline.</summary>
    public static void For(int n, Action<int, int> body)
    {
        var chunks = Count(n);
        if (chunks == 1)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, chunks, chunk =>
        {
            var (from, to) = Range(n, chunks, chunk);
            body(from, to);
        });
    }

    /// <summary>Runs <paramref name="body"/>(from, to) on every chunk and adds the chunks' sums in chunk order.</summary>
    public static double Sum(int n, Func<int, int, double> body)
    {
        var chunks = Count(n);
        if (chunks == 1)
            return body(0, n);
        var partial = new double[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            var (from, to) = Range(n, chunks, chunk);
            partial[chunk] = body(from, to);
        });
        var total = 0.0;
        foreach (var p in partial)
            total += p;
        return total;
    }
}
