using Waterline.Networks;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Web.Linkage;
using Waterline.Web.Observations;

namespace Waterline.Web.Networks;

/// <summary>The network of resolved entities and the removal simulation over HTTP. Both are built for the request's
/// reader (BuildNetwork): nothing they may not read enters the graph. Personal kinds need a purpose (the session's, or
/// ?purpose= for one request).</summary>
public static class NetworksApi
{
    /// <param name="From">First day, yyyy-MM-dd.</param>
    /// <param name="To">Last day, yyyy-MM-dd.</param>
    /// <param name="Market">Cannabis, SyntheticDrugs, Cocaine, HeroinOpioids, NewPsychoactiveSubstances, Other.</param>
    /// <param name="MinWeight">Minimum supporting records per edge (default 1).</param>
    /// <param name="Remove">Entity ids to take out.</param>
    public sealed record RemovalRequest(string? From, string? To, string? Market, int? MinWeight, IReadOnlyList<long>? Remove);

    /// <param name="From">First day, yyyy-MM-dd.</param>
    /// <param name="To">Last day, yyyy-MM-dd.</param>
    /// <param name="Market">As for <see cref="RemovalRequest"/>.</param>
    /// <param name="MinWeight">Minimum supporting records per edge (default 1).</param>
    /// <param name="K">How many actors to suggest (1-20).</param>
    public sealed record KeyPlayersRequest(string? From, string? To, string? Market, int? MinWeight, int? K);

    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/networks").WithTags("Networks");

        api.MapGet("", async (string? from, string? to, string? market, int? minWeight, string? purpose, HttpContext http,
            WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (Parse(from, to, market, minWeight, out var request) is { } problem)
            {
                return problem;
            }
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
                Results.Json(await new BuildNetwork.Handler(db, clock).HandleAsync(request, ct), LinkageApi.Json), ct);
        })
        .WithName("GetNetwork")
        .WithSummary("The network of resolved entities you may read: edges from co-occurrence in an observation and reported relations " +
            "(ownership, communication, payment, shipment, co-offending, family) in the window and market, weighted by supporting records, " +
            "with degree, strength, betweenness, PageRank, eigenvector, core number, constraint, effective size, component and Leiden " +
            "community per node, and density, components, degree centralisation and modularity for the graph.")
        .WithDescription("Query: from, to (yyyy-MM-dd, inclusive), market, minWeight (1-1000, default 1), purpose. Nodes without an edge " +
            "are left out. A network naming persons needs a purpose (403, field purpose); the consultation is logged.")
        .Produces<BuildNetwork.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/removals", async (RemovalRequest body, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (Parse(body.From, body.To, body.Market, body.MinWeight, out var network) is { } problem)
            {
                return problem;
            }
            var request = new SimulateRemoval.Request(network, body.Remove ?? []);
            if (request.Problem() is { } invalid)
            {
                return Results.Problem(Hosting.FieldProblem("remove", invalid));
            }
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
                Results.Json(await new SimulateRemoval.Handler(db, clock).HandleAsync(request, ct), LinkageApi.Json), ct);
        })
        .WithName("SimulateRemoval")
        .WithSummary("What if these actors were removed: largest component, components and fragmentation before and after, the components " +
            "left, and the curve of removing as many actors by betweenness (adaptive) for comparison.")
        .WithDescription("Body: from, to, market, minWeight as for GetNetwork, and remove (1-100 entity ids). Ids not in your network are ignored.")
        .Accepts<RemovalRequest>("application/json")
        .Produces<SimulateRemoval.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/key-players", async (KeyPlayersRequest body, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (Parse(body.From, body.To, body.Market, body.MinWeight, out var network) is { } problem)
            {
                return problem;
            }
            var request = new FindKeyPlayers.Request(network, body.K ?? 3);
            if (request.Problem() is { } invalid)
            {
                return Results.Problem(Hosting.FieldProblem("k", invalid[(invalid.IndexOf(':', StringComparison.Ordinal) + 2)..]));
            }
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
                Results.Json(await new FindKeyPlayers.Handler(db, clock).HandleAsync(request, ct), LinkageApi.Json), ct);
        })
        .WithName("FindKeyPlayers")
        .WithSummary("The k actors whose removal most fragments your network (Borgatti's key players, KPP-Neg): exact when every k-set " +
            "can be tried, greedy otherwise; fragmentation before and after.")
        .WithDescription("Body: from, to, market, minWeight as for GetNetwork, and k (1-20, default 3). Networks of more than 2000 " +
            "entities get no suggestion (problem in the result).")
        .Accepts<KeyPlayersRequest>("application/json")
        .Produces<FindKeyPlayers.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Parses the network's filters; a problem naming the field when one is wrong.</summary>
    public static IResult? Parse(string? from, string? to, string? market, int? minWeight, out BuildNetwork.Request request)
    {
        request = new BuildNetwork.Request();
        if (!Hosting.TryOptionalDate(from, out var f))
        {
            return Results.Problem(Hosting.FieldProblem("from", $"'{from}' is not a date (yyyy-MM-dd)"));
        }
        if (!Hosting.TryOptionalDate(to, out var t))
        {
            return Results.Problem(Hosting.FieldProblem("to", $"'{to}' is not a date (yyyy-MM-dd)"));
        }
        Market? m = null;
        if (!string.IsNullOrWhiteSpace(market))
        {
            if (!Enum.TryParse<Market>(market, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Results.Problem(Hosting.FieldProblem("market", $"'{market}' is not one of {string.Join(", ", Enum.GetNames<Market>())}"));
            }
            m = parsed;
        }
        request = new BuildNetwork.Request(f, t, m, minWeight ?? 1);
        if (request.Problem() is { } problem)
        {
            var field = problem[..problem.IndexOf(':', StringComparison.Ordinal)];
            return Results.Problem(Hosting.FieldProblem(field, problem[(field.Length + 2)..]));
        }
        return null;
    }
}
