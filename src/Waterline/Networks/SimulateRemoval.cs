using Waterline.Analytics.Networks;
using Waterline.Storage;

namespace Waterline.Networks;

/// <summary>What if these actors were taken out: the reader's network (BuildNetwork, so only what they may see) with
/// the chosen entities removed, compared with the network as it is: the largest component, the number of components
/// and Borgatti's fragmentation before and after, and the components left.</summary>
public static class SimulateRemoval
{
    public const int MaxRemoved = 100;

    /// <param name="Network">The network to start from (window, market, minimum weight).</param>
    /// <param name="Remove">Entity ids to remove; ids not in the network are ignored (and not echoed).</param>
    public sealed record Request(BuildNetwork.Request Network, IReadOnlyList<long> Remove)
    {
        public string? Problem() =>
            Network.Problem()
            ?? (Remove.Count is 0 or > MaxRemoved ? $"remove: name from 1 to {MaxRemoved} entities (was {Remove.Count})." : null);
    }

    /// <param name="Nodes">Nodes left (after) or in the network (before).</param>
    /// <param name="Edges">Edges among them.</param>
    /// <param name="Components">Connected components.</param>
    /// <param name="LargestComponent">Nodes in the largest component.</param>
    /// <param name="Fragmentation">Borgatti's F over the nodes left.</param>
    public sealed record State(int Nodes, int Edges, int Components, int LargestComponent, double Fragmentation);

    /// <param name="Size">Nodes in the component.</param>
    /// <param name="Members">Its entity ids, ascending.</param>
    public sealed record Component(int Size, IReadOnlyList<long> Members);

    /// <param name="Removed">The requested ids that were in the network.</param>
    /// <param name="Before">The network as it is.</param>
    /// <param name="After">Without the removed entities.</param>
    /// <param name="ComponentsAfter">Components left after the removal, largest first.</param>
    public sealed record Result(IReadOnlyList<long> Removed, State Before, State After, IReadOnlyList<Component> ComponentsAfter);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(request));
            }
            var network = await new BuildNetwork.Handler(db, clock).HandleAsync(request.Network, ct);
            return Simulate(network, request.Remove);
        }
    }

    /// <summary>The removal on an already built network (no database): the page and the API share it.</summary>
    public static Result Simulate(BuildNetwork.Result network, IReadOnlyCollection<long> remove)
    {
        var graph = network.ToGraph();
        var removed = new bool[graph.NodeCount];
        var ids = new List<long>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            if (remove.Contains(network.Nodes[v].Id))
            {
                removed[v] = true;
                ids.Add(network.Nodes[v].Id);
            }
        }
        var before = Components.Find(graph);
        var after = Components.Find(graph, removed);
        var left = graph.NodeCount - ids.Count;
        var edgesLeft = network.Edges.Count(e => !ids.Contains(e.Source) && !ids.Contains(e.Target));
        var rank = BuildNetwork.RankBySize(after.Sizes);
        var members = new List<long>[after.Count];
        for (var c = 0; c < members.Length; c++)
        {
            members[rank[c]] = [];
        }
        for (var v = 0; v < graph.NodeCount; v++)
        {
            if (after.Of[v] >= 0)
            {
                members[rank[after.Of[v]]].Add(network.Nodes[v].Id);
            }
        }
        return new Result(ids,
            new State(graph.NodeCount, graph.EdgeCount, before.Count, before.LargestSize, BuildNetwork.Fragmentation(before.Sizes, graph.NodeCount)),
            new State(left, edgesLeft, after.Count, after.LargestSize, BuildNetwork.Fragmentation(after.Sizes, left)),
            [.. members.Select(m => new Component(m.Count, m))]);
    }
}
