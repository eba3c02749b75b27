using Waterline.Analytics.Networks;
using Waterline.Storage;

namespace Waterline.Networks;

/// <summary>What if these actors were taken out: the reader's network (BuildNetwork, so only what they may see) with
/// the chosen entities removed, compared with the network as it is: the largest component, the number of components
/// and Borgatti's fragmentation (KeyPlayer.Fragmentation) before and after, and the components left. Beside it, the
/// textbook strategy for the same number of actors: remove the actor of highest betweenness, recompute, repeat
/// (adaptive sequential removal), so the analyst sees whether their choice beats it.</summary>
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

    /// <param name="Removed">Actors removed so far (0 is the intact network).</param>
    /// <param name="Entity">The entity removed at this step; null at step 0.</param>
    /// <param name="Label">Its label.</param>
    /// <param name="LargestComponent">Nodes in the largest component left.</param>
    /// <param name="Fragmentation">Borgatti's F of what is left.</param>
    public sealed record Step(int Removed, long? Entity, string? Label, int LargestComponent, double Fragmentation);

    /// <summary>The name of the comparison strategy in <see cref="Result.Textbook"/>.</summary>
    public const string TextbookStrategy = "betweenness, adaptive";

    /// <param name="Removed">The requested ids that were in the network, in the order asked.</param>
    /// <param name="Before">The network as it is.</param>
    /// <param name="After">Without the removed entities.</param>
    /// <param name="ComponentsAfter">Components left after the removal, largest first.</param>
    /// <param name="Chosen">The chosen actors removed one by one, in the order asked (step 0: the intact network).</param>
    /// <param name="Textbook">As many actors removed by <see cref="TextbookStrategy"/>: highest betweenness (over hops) first,
    /// recomputed after each removal, ties to the smaller entity id.</param>
    public sealed record Result(IReadOnlyList<long> Removed, State Before, State After, IReadOnlyList<Component> ComponentsAfter,
        IReadOnlyList<Step> Chosen, IReadOnlyList<Step> Textbook);

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
    public static Result Simulate(BuildNetwork.Result network, IReadOnlyList<long> remove)
    {
        var graph = network.ToGraph();
        var indexOf = network.Nodes.Select((node, v) => (node.Id, v)).ToDictionary(x => x.Id, x => x.v);
        var order = remove.Where(indexOf.ContainsKey).Distinct().Select(id => indexOf[id]).ToList();
        var removed = new bool[graph.NodeCount];
        var chosen = new List<Step> { new(0, null, null, Components.Find(graph).LargestSize, KeyPlayer.Fragmentation(graph)) };
        foreach (var v in order)
        {
            removed[v] = true;
            chosen.Add(new Step(chosen.Count, network.Nodes[v].Id, network.Nodes[v].Label, Components.Find(graph, removed).LargestSize,
                KeyPlayer.Fragmentation(graph, removed)));
        }
        var ids = order.Select(v => network.Nodes[v].Id).ToList();
        var before = Components.Find(graph);
        var after = Components.Find(graph, removed);
        var left = graph.NodeCount - ids.Count;
        var gone = ids.ToHashSet();
        var edgesLeft = network.Edges.Count(e => !gone.Contains(e.Source) && !gone.Contains(e.Target));
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
        // Nodes are in ascending entity id, so the library's tie rule (lower node first) is "smaller id first".
        var textbook = KeyPlayer.RemoveSequentially(graph, RemovalRanking.Betweenness, RemovalMode.Adaptive, maxRemoved: ids.Count)
            .Select(s => s.Removed.Length == 0
                ? new Step(s.Step, null, null, s.LargestComponent, s.Fragmentation)
                : new Step(s.Step, network.Nodes[s.Removed[0]].Id, network.Nodes[s.Removed[0]].Label, s.LargestComponent, s.Fragmentation))
            .ToList();
        return new Result(ids,
            new State(graph.NodeCount, graph.EdgeCount, before.Count, before.LargestSize, KeyPlayer.Fragmentation(graph)),
            new State(left, edgesLeft, after.Count, after.LargestSize, KeyPlayer.Fragmentation(graph, removed)),
            [.. members.Select(m => new Component(m.Count, m))], chosen, textbook);
    }
}
