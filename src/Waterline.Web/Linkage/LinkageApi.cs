using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Waterline.Linkage;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Web.Access;
using Waterline.Web.Observations;

namespace Waterline.Web.Linkage;

/// <summary>The linkage review queue, decisions and resolved entities over HTTP. Every answer goes through the request's
/// access policy: a pair or entity the reader may not read is a 404 like a missing one. Personal kinds need a purpose
/// (the session's, or ?purpose= for one request).</summary>
public static class LinkageApi
{
    /// <summary>Enums as their names: the answers stay legible (kind "Person", status "Pending").</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapLinkageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage").WithTags("Linkage");

        api.MapGet("/candidates", async (string? kind, string? status, int? limit, int? offset, string? purpose, HttpContext http,
            WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (!TryParse<SubjectKind>(kind, out var k))
            {
                return Results.Problem(Hosting.FieldProblem("kind", $"'{kind}' is not one of {Names<SubjectKind>()}"));
            }
            if (!TryParse<LinkStatus>(status, out var s))
            {
                return Results.Problem(Hosting.FieldProblem("status", $"'{status}' is not one of {Names<LinkStatus>()}"));
            }
            if (limit is < 1 or > ListLinkCandidates.MaxLimit)
            {
                return Results.Problem(Hosting.FieldProblem("limit", $"must be from 1 to {ListLinkCandidates.MaxLimit}"));
            }
            if (offset is < 0)
            {
                return Results.Problem(Hosting.FieldProblem("offset", "must not be negative"));
            }
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () => Results.Json(await new ListLinkCandidates.Handler(db, clock).HandleAsync(
                new ListLinkCandidates.Request(k, s is { } one ? [one] : null, limit ?? 50, offset ?? 0), ct), Json), ct);
        })
        .WithName("ListLinkCandidates")
        .WithSummary("The review queue: candidate pairs both of whose records you may read, most likely first, with their match explanation.")
        .WithDescription("Query: kind (Person, Company, Address, Vehicle, Phone, Vessel, BankAccount), status (default: Pending and " +
            "AwaitingSecondConfirmation), limit (1-200, default 50), offset, purpose. Personal kinds are listed only with a purpose " +
            "(otherwise counted in personalWithheld); asking for a personal kind without one is refused (403, field purpose).")
        .Produces<ListLinkCandidates.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/candidates/{id:long}/confirm", (long id, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) => DecideAsync(id, DecideLink.Decision.Confirm, purpose, http, db, clock, ct))
        .WithName("ConfirmLink")
        .WithSummary("Confirm that the two records are the same subject. Records of two organisations need a second, different person (four-eyes).")
        .Produces<DecideLink.Result>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/candidates/{id:long}/reject", (long id, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) => DecideAsync(id, DecideLink.Decision.Reject, purpose, http, db, clock, ct))
        .WithName("RejectLink")
        .WithSummary("Reject a candidate pair: the records are different subjects. Finding candidates again does not propose it anew.")
        .Produces<DecideLink.Result>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/links/{id:long}/unmerge", (long id, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) => DecideAsync(id, DecideLink.Decision.Unmerge, purpose, http, db, clock, ct))
        .WithName("UnmergeLink")
        .WithSummary("Reverse a confirmed link: the entity splits back into what it was without it. Audited like the merge.")
        .Produces<DecideLink.Result>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/entities", async (string? purpose, HttpContext http, WaterlineDbContext db, CancellationToken ct) =>
        {
            await RecordsApi.WithPurposeAsync(http, db, purpose, ct);
            return Results.Json(await new ListResolvedEntities.Handler(db).HandleAsync(ct), Json);
        })
        .WithName("ListResolvedEntities")
        .WithSummary("Resolved entities of which you may read two records or more; labels of personal kinds only with a purpose.")
        .Produces<IReadOnlyList<ListResolvedEntities.Row>>();

        api.MapGet("/entities/{id:long}", async (long id, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
                await new GetResolvedEntity.Handler(db, clock).HandleAsync(new GetResolvedEntity.Request(id), ct) is { } entity
                    ? Results.Json(entity, Json)
                    : NotFound($"No entity {id} of which you may read a record."), ct);
        })
        .WithName("GetResolvedEntity")
        .WithSummary("One resolved entity (by its id or any of its subjects' ids): the records you may read side by side and its confirmed links with their explanations.")
        .Produces<GetResolvedEntity.Result>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/runs", async (IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct) =>
        {
            // A fresh context acting as the application: finding pairs must compare every subject; nothing read is returned.
            await using var scope = scopes.CreateAsyncScope();
            var system = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
            return Results.Json(await new FindLinkCandidates.Handler(system, clock).HandleAsync(new FindLinkCandidates.Request(), ct), Json);
        })
        .RequireAuthorization(Policies.Administrators)
        .WithName("FindLinkCandidates")
        .WithSummary("Find candidate pairs in every subject kind again (administrators). Idempotent: stored pairs and decisions stay as they are.")
        .Produces<FindLinkCandidates.Result>();
        return app;
    }

    private static async Task<IResult> DecideAsync(long id, DecideLink.Decision decision, string? purpose, HttpContext http,
        WaterlineDbContext db, TimeProvider clock, CancellationToken ct)
    {
        return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
        {
            var result = await new DecideLink.Handler(db, clock).HandleAsync(new DecideLink.Request(id, decision), ct);
            return result.Outcome switch
            {
                DecideLink.Outcome.NotFound => NotFound($"No candidate pair {id} both of whose records you may read."),
                DecideLink.Outcome.SamePersonRefused => Conflict("The records come from two organisations: the second confirmation must come from another person."),
                DecideLink.Outcome.NotOpen => Conflict($"The pair is {result.Status}: it cannot be {decision.ToString().ToLowerInvariant()}ed now."),
                _ => Results.Json(result, Json),
            };
        }, ct);
    }

    private static bool TryParse<T>(string? text, out T? value) where T : struct, Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetNames<T>());

    private static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static IResult Conflict(string detail) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Decision not possible",
        Detail = detail,
        Extensions = { ["field"] = "decision" },
    });
}
