using Microsoft.EntityFrameworkCore;
using Waterline.Analytics.Networks;
using Waterline.Linkage;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Networks;

/// <summary>The network a reader may see: nodes are resolved entities, edges join two entities named on one observation
/// (co-occurrence) or tied by a reported relation, weighted by the number of records that support them. Everything is
/// read through the query filters (the one access policy) before the graph is built, so a hidden record adds no node,
/// no edge and no weight, and the measures describe only what the reader may see. Nodes without an edge are left out.
/// Personal kinds need a stated purpose; the consultation is logged (LED art. 25).</summary>
public static class BuildNetwork
{
    /// <summary>The highest minimum weight a request may ask for.</summary>
    public const int MaxMinWeight = 1000;

    /// <param name="From">First day (inclusive) of observations and relations; null: no lower bound.</param>
    /// <param name="To">Last day (inclusive); null: no upper bound.</param>
    /// <param name="Market">The market of the observations the links come from; null: every market.</param>
    /// <param name="MinWeight">Edges supported by fewer records are dropped before the measures are computed.</param>
    public sealed record Request(DateOnly? From = null, DateOnly? To = null, Market? Market = null, int MinWeight = 1)
    {
        /// <summary>The first problem with the request, naming the field; null when it is valid.</summary>
        public string? Problem() =>
            From is { } f && To is { } t && t < f ? $"to: must not be before from ({f:yyyy-MM-dd})."
            : MinWeight is < 1 or > MaxMinWeight ? $"minWeight: must be from 1 to {MaxMinWeight} (was {MinWeight})."
            : null;
    }

    /// <param name="Id">The resolved entity's id (its smallest subject id).</param>
    /// <param name="Kind">The entity's subject kind.</param>
    /// <param name="Label">Name, number or address of its first readable record.</param>
    /// <param name="Records">Readable subject records of the entity in the window.</param>
    /// <param name="Degree">Number of neighbours.</param>
    /// <param name="Strength">Sum of the weights of the node's edges (supporting records).</param>
    /// <param name="Betweenness">Brandes betweenness over hops (weights are strengths, not lengths), normalised as networkx does.</param>
    /// <param name="PageRank">PageRank (damping 0.85), weights as strengths; sums to 1 over the nodes.</param>
    /// <param name="Eigenvector">Eigenvector centrality, weights as strengths, unit Euclidean length over the whole graph.</param>
    /// <param name="CoreNumber">The largest k of a k-core holding the node (unweighted).</param>
    /// <param name="Constraint">Burt's constraint, weights as strengths: high when the node's contacts are tied to each other.</param>
    /// <param name="EffectiveSize">Burt's effective size, weights as strengths: contacts not redundant with one another.</param>
    /// <param name="Component">Connected component, numbered by size (0 is the largest).</param>
    /// <param name="Community">Leiden community, numbered by size (0 is the largest); stable between requests (fixed seed).</param>
    public sealed record Node(long Id, SubjectKind Kind, string Label, int Records, int Degree, double Strength, double Betweenness,
        double PageRank, double Eigenvector, int CoreNumber, double Constraint, double EffectiveSize, int Component, int Community);

    /// <param name="Source">The entity with the smaller id.</param>
    /// <param name="Target">The other entity.</param>
    /// <param name="Weight">Records (observations) supporting the edge: naming both entities or reporting a relation between them.</param>
    /// <param name="Kinds">Relation kinds reported between them, plus CoOccurrence when an observation names both.</param>
    /// <param name="AmountEur">Sum of the payments between them.</param>
    /// <param name="Calls">Sum of the communications' counts.</param>
    public sealed record Edge(long Source, long Target, int Weight, IReadOnlyList<string> Kinds, decimal? AmountEur, int? Calls);

    /// <param name="Nodes">Nodes (entities with at least one edge).</param>
    /// <param name="Edges">Edges kept.</param>
    /// <param name="Components">Connected components.</param>
    /// <param name="LargestComponent">Nodes in the largest component.</param>
    /// <param name="Fragmentation">Borgatti's F: the share of node pairs that cannot reach each other.</param>
    /// <param name="Density">Edges over the n(n-1)/2 possible.</param>
    /// <param name="DegreeCentralisation">Freeman's degree centralisation: 1 for a star, 0 when every degree is equal.</param>
    /// <param name="Communities">Leiden communities (10 runs, the best modularity kept).</param>
    /// <param name="Modularity">Newman's modularity of those communities, weighted by records.</param>
    public sealed record Summary(int Nodes, int Edges, int Components, int LargestComponent, double Fragmentation, double Density,
        double DegreeCentralisation, int Communities, double Modularity);

    /// <param name="Request">What was asked.</param>
    /// <param name="Nodes">By entity id.</param>
    /// <param name="Edges">By source, then target.</param>
    /// <param name="Summary">Graph-level figures.</param>
    /// <param name="FirstDate">First day with a readable relation in this market (any window), for the time slider.</param>
    /// <param name="LastDate">Last such day.</param>
    public sealed record Result(Request Request, IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges, Summary Summary,
        DateOnly? FirstDate, DateOnly? LastDate)
    {
        /// <summary>The graph of <see cref="Nodes"/> (in order) and <see cref="Edges"/>, undirected, weighted by records.</summary>
        public Graph ToGraph()
        {
            var index = Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
            return Graph.FromEdges(Nodes.Count, Edges.Select(e => index[e.Source]).ToArray(), Edges.Select(e => index[e.Target]).ToArray(),
                Edges.Select(e => (double)e.Weight).ToArray(), directed: false);
        }
    }

    /// <summary>The label an edge carries for entities named on the same observation.</summary>
    public const string CoOccurrence = "CoOccurrence";

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(request));
            }
            var reader = LinkedRecords.ReaderOf(db, nameof(BuildNetwork));
            var observations = db.Observations.AsNoTracking();
            if (request.Market is { } market)
            {
                observations = observations.Where(o => o.Market == market);
            }
            var marketObservations = observations;
            observations = observations.Within(request.From, request.To);

            // Both queries run through the query filters: only readable subjects, relations and observations.
            var named = await (from s in db.Subjects.AsNoTracking()
                               join o in observations on s.ObservationId equals o.Id
                               select new { s.Id, s.ObservationId }).ToListAsync(ct);
            var readableRelations = db.Set<SubjectRelation>().AsNoTracking()
                .Where(r => db.Subjects.Any(s => s.Id == r.FromSubjectId) && db.Subjects.Any(s => s.Id == r.ToSubjectId))
                .Where(r => marketObservations.Any(o => o.Id == r.ObservationId));
            var span = await readableRelations.GroupBy(_ => 1)
                .Select(g => new { First = g.Min(r => r.OccurredOn), Last = g.Max(r => r.OccurredOn) }).FirstOrDefaultAsync(ct);
            var windowed = readableRelations;
            if (request.From is { } first)
            {
                windowed = windowed.Where(r => r.OccurredOn >= first);
            }
            if (request.To is { } last)
            {
                windowed = windowed.Where(r => r.OccurredOn <= last);
            }
            var relations = await windowed.Select(r => new { r.ObservationId, r.FromSubjectId, r.ToSubjectId, r.Kind, r.AmountEur, r.Count }).ToListAsync(ct);

            var entities = await ResolvedEntities.LoadAsync(db, ct);
            var ties = new Dictionary<(long, long), Tie>();
            Tie TieOf(long a, long b) => ties.TryGetValue(a < b ? (a, b) : (b, a), out var t) ? t : ties[a < b ? (a, b) : (b, a)] = new Tie();
            foreach (var observation in named.GroupBy(s => s.ObservationId))
            {
                var ids = observation.Select(s => entities.EntityOf(s.Id)).Distinct().Order().ToArray();
                for (var i = 0; i < ids.Length; i++)
                {
                    for (var j = i + 1; j < ids.Length; j++)
                    {
                        var tie = TieOf(ids[i], ids[j]);
                        tie.Records.Add(observation.Key);
                        tie.Kinds.Add(CoOccurrence);
                    }
                }
            }
            foreach (var r in relations)
            {
                var (a, b) = (entities.EntityOf(r.FromSubjectId), entities.EntityOf(r.ToSubjectId));
                if (a == b)
                {
                    continue;
                }
                var tie = TieOf(a, b);
                tie.Records.Add(r.ObservationId);
                tie.Kinds.Add(r.Kind.ToString());
                if (r.AmountEur is { } amount)
                {
                    tie.AmountEur = (tie.AmountEur ?? 0) + amount;
                }
                if (r.Count is { } count)
                {
                    tie.Calls = (tie.Calls ?? 0) + count;
                }
            }
            var kept = ties.Where(t => t.Value.Records.Count >= request.MinWeight).OrderBy(t => t.Key.Item1).ThenBy(t => t.Key.Item2).ToList();
            var nodeIds = kept.SelectMany(t => new[] { t.Key.Item1, t.Key.Item2 }).Distinct().Order().ToArray();

            // Labels and record counts from the readable subjects of each node's entity seen here.
            var seen = named.Select(s => s.Id).Concat(relations.SelectMany(r => new[] { r.FromSubjectId, r.ToSubjectId })).Distinct().ToList();
            var subjects = new List<(long Id, SubjectKind Kind, string? Label)>(seen.Count);
            foreach (var chunk in seen.Chunk(1000))
            {
                var rows = await db.Subjects.AsNoTracking().Where(s => chunk.Contains(s.Id))
                    .Select(s => new { s.Id, s.Kind, Label = s.Name ?? s.Identifier ?? s.Address }).ToListAsync(ct);
                subjects.AddRange(rows.Select(r => (r.Id, r.Kind, r.Label)));
            }
            var byEntity = subjects.GroupBy(s => entities.EntityOf(s.Id)).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).ToList());
            var personal = nodeIds.Count(id => Subject.IsPersonal(byEntity[id][0].Kind));
            if (personal > 0 && !reader.IsSystem)
            {
                LinkedRecords.RequirePurpose(reader, SubjectKind.Person);
            }

            var edges = kept.Select(t => new Edge(t.Key.Item1, t.Key.Item2, t.Value.Records.Count, [.. t.Value.Kinds],
                t.Value.AmountEur, t.Value.Calls)).ToList();
            var (nodes, summary) = Measure(nodeIds, edges, id =>
            {
                var members = byEntity[id];
                return (members[0].Kind, members.Select(m => m.Label).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? $"#{id}", members.Count);
            });
            await LinkedRecords.AuditConsultationAsync(db, clock, reader,
                $"network:{request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}:{request.Market?.ToString() ?? "all"}", personal, ct);
            return new Result(request, nodes, edges, summary, span?.First, span?.Last);
        }
    }

    /// <summary>The seed of the Leiden runs: fixed, so one network gets the same communities (and colours) on every request.</summary>
    public const int CommunitySeed = 1;

    /// <summary>Every per-node and graph-level measure of the graph of <paramref name="nodeIds"/> (ascending) and
    /// <paramref name="edges"/>; components and communities are renumbered by size, largest first, ties by smallest node.
    /// Weights (supporting records) count as strengths (PageRank, eigenvector, constraint, effective size, communities);
    /// path measures (betweenness) count hops. Conventions as docs/networks.md.</summary>
    public static (IReadOnlyList<Node> Nodes, Summary Summary) Measure(IReadOnlyList<long> nodeIds, IReadOnlyList<Edge> edges,
        Func<long, (SubjectKind Kind, string Label, int Records)> describe)
    {
        var index = nodeIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var graph = Graph.FromEdges(nodeIds.Count, edges.Select(e => index[e.Source]).ToArray(), edges.Select(e => index[e.Target]).ToArray(),
            edges.Select(e => (double)e.Weight).ToArray(), directed: false);
        var degree = Centrality.Degree(graph);
        var strength = Centrality.Strength(graph);
        var betweenness = Betweenness.Compute(graph, useWeights: false, normalised: true);
        var pageRank = Centrality.PageRank(graph, useWeights: true).Values;
        var eigenvector = Centrality.Eigenvector(graph, useWeights: true).Values;
        var core = Cohesion.CoreNumber(graph);
        var constraint = Cohesion.Constraint(graph, useWeights: true);
        var effectiveSize = Cohesion.EffectiveSize(graph, useWeights: true);
        var components = Components.Find(graph);
        var componentRank = RankBySize(components.Sizes);
        // Ten runs keep the best modularity: one run can miss it by more than 0.01 (docs/networks.md, Communities).
        var leiden = graph.NodeCount == 0 ? new Partition([], 0, 0, 0, CommunitySeed) : Leiden.Find(graph, seed: CommunitySeed, runs: 10);
        var communitySizes = new int[leiden.Count];
        foreach (var c in leiden.Membership)
        {
            communitySizes[c]++;
        }
        var communityRank = RankBySize(communitySizes);
        var nodes = new Node[nodeIds.Count];
        for (var v = 0; v < nodes.Length; v++)
        {
            var (kind, label, records) = describe(nodeIds[v]);
            nodes[v] = new Node(nodeIds[v], kind, label, records, degree[v], strength[v], betweenness[v], pageRank[v], eigenvector[v], core[v],
                constraint[v], effectiveSize[v], componentRank[components.Of[v]], communityRank[leiden.Membership[v]]);
        }
        var n = nodes.Length;
        var possible = n * (n - 1) / 2.0;
        return (nodes, new Summary(n, graph.EdgeCount, components.Count, components.LargestSize, KeyPlayer.Fragmentation(graph),
            possible > 0 ? graph.EdgeCount / possible : 0, Centralisation.Degree(degree), leiden.Count, leiden.Modularity));
    }

    /// <summary>New component numbers: by size descending, then by old number (which follows the smallest node).</summary>
    internal static int[] RankBySize(int[] sizes)
    {
        var order = Enumerable.Range(0, sizes.Length).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray();
        var rank = new int[sizes.Length];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
        }
        return rank;
    }

    private sealed class Tie
    {
        public HashSet<long> Records { get; } = [];
        public SortedSet<string> Kinds { get; } = new(StringComparer.Ordinal);
        public decimal? AmountEur { get; set; }
        public int? Calls { get; set; }
    }
}
