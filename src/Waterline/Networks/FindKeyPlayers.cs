using Waterline.Analytics.Networks;
using Waterline.Storage;

namespace Waterline.Networks;

/// <summary>Suggests the k actors whose removal most fragments the reader's network (Borgatti 2006, KeyPlayer.FindSet):
/// every k-set is tried when there are few enough, otherwise a seeded greedy swap search. Built on BuildNetwork, so only
/// what the reader may see counts.</summary>
public static class FindKeyPlayers
{
    public const int MaxK = 20;

    /// <summary>The greedy search scores about k(n-k) sets per swap; above this many nodes a request would take too long
    /// for a page, so the reader is asked to narrow the network.</summary>
    public const int MaxNodes = 2000;

    /// <summary>Seed of the greedy starts: fixed, so a network gets the same suggestion on every request.</summary>
    public const int Seed = 1;

    /// <param name="Network">The network to search (window, market, minimum weight).</param>
    /// <param name="K">How many actors to suggest (1 to <see cref="MaxK"/>; at most the number of nodes).</param>
    public sealed record Request(BuildNetwork.Request Network, int K)
    {
        public string? Problem() =>
            Network.Problem() ?? (K is < 1 or > MaxK ? $"k: must be from 1 to {MaxK} (was {K})." : null);
    }

    /// <param name="Id">Entity id.</param>
    /// <param name="Label">Its label.</param>
    public sealed record Player(long Id, string Label);

    /// <param name="Players">The suggested actors, by entity id.</param>
    /// <param name="FragmentationBefore">Borgatti's F of the network as it is.</param>
    /// <param name="FragmentationAfter">F without the suggested actors.</param>
    /// <param name="Exhaustive">True when every k-set was tried, so no other set of k leaves a higher F.</param>
    /// <param name="SetsEvaluated">Sets scored.</param>
    /// <param name="Problem">Why nothing was suggested (no network, or too large); null otherwise.</param>
    public sealed record Result(IReadOnlyList<Player> Players, double FragmentationBefore, double FragmentationAfter, bool Exhaustive,
        long SetsEvaluated, string? Problem);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(request));
            }
            var network = await new BuildNetwork.Handler(db, clock).HandleAsync(request.Network, ct);
            return Find(network, request.K);
        }
    }

    /// <summary>The search on an already built network (no database).</summary>
    public static Result Find(BuildNetwork.Result network, int k)
    {
        var before = network.Summary.Fragmentation;
        if (network.Nodes.Count == 0)
        {
            return new Result([], before, before, false, 0, "The network is empty.");
        }
        if (network.Nodes.Count > MaxNodes)
        {
            return new Result([], before, before, false, 0,
                $"The network has {network.Nodes.Count} entities; narrow it to {MaxNodes} or fewer (period, market, minimum records per link).");
        }
        var set = KeyPlayer.FindSet(network.ToGraph(), Math.Min(k, network.Nodes.Count), FragmentationMeasure.Components, Seed);
        return new Result([.. set.Nodes.Select(v => new Player(network.Nodes[v].Id, network.Nodes[v].Label))], before, set.Fragmentation,
            set.Exhaustive, set.SetsEvaluated, null);
    }
}
