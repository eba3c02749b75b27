using Microsoft.AspNetCore.Mvc;
using Waterline.Access;
using Waterline.Observations;
using Waterline.Sharing;
using Waterline.Storage;
using Waterline.Web.Access;

namespace Waterline.Web.Observations;

/// <summary>Reading and passing on single records. Every answer comes through the request's access policy: a record the
/// reader may not read is a 404 exactly like a missing one.</summary>
public static class RecordsApi
{
    public sealed record ForwardBody(string? Recipient, string? Reason);

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/observations").WithTags("Records");

        api.MapGet("/{id:long}", async (long id, bool? personal, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            await WithPurposeAsync(http, db, purpose, ct);
            try
            {
                var result = await new GetObservation.Handler(db, clock).HandleAsync(new GetObservation.Request(id, personal == true), ct);
                return result is null ? NotFound(id) : Results.Ok(result);
            }
            catch (PurposeRequiredException e)
            {
                return Results.Problem(Refused("purpose", e.Message));
            }
        })
        .WithName("GetObservation")
        .WithSummary("One record with its markings; personal subjects with personal=true and a stated purpose (session or ?purpose=).");

        api.MapGet("/suggest", async (string? q, int? limit, WaterlineDbContext db, CancellationToken ct) =>
            Results.Ok(await new SuggestObservations.Handler(db).HandleAsync(new SuggestObservations.Request(q ?? "", limit ?? 10), ct)))
        .WithName("SuggestObservations")
        .WithSummary("Records whose external id starts with q, among those the reader may read.");

        api.MapPost("/{id:long}/forward", (long id, [FromBody] ForwardBody body, WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
            ToRecipientAsync(body, async recipient =>
                await new ForwardObservation.Handler(db, clock).HandleAsync(new ForwardObservation.Request(id, recipient, body.Reason), ct) switch
                {
                    ForwardObservation.Outcome.NotFound => NotFound(id),
                    var outcome => Results.Ok(new { outcome = outcome.ToString() }),
                }))
        .WithName("ForwardObservation")
        .WithSummary("Release a record to one more organisation, as its handling code and TLP allow.");

        api.MapPost("/{id:long}/consents", (long id, [FromBody] ForwardBody body, WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
            ToRecipientAsync(body, async recipient =>
                await new RecordConsent.Handler(db, clock).HandleAsync(new RecordConsent.Request(id, recipient, body.Reason), ct)
                    ? Results.NoContent()
                    : NotFound(id)))
        .WithName("RecordConsent")
        .WithSummary("The owner consents to forwarding one of its records to one organisation (needed for H2, H3, AMBER+STRICT).");
        return app;
    }

    /// <summary>Forwarding and consent alike: a recipient is required, and the markings' refusals and a bad code are problems.</summary>
    private static async Task<IResult> ToRecipientAsync(ForwardBody body, Func<string, Task<IResult>> act)
    {
        if (string.IsNullOrWhiteSpace(body.Recipient))
        {
            return Results.Problem(Hosting.FieldProblem("recipient", "is required: an organisation code"));
        }
        try
        {
            return await act(body.Recipient);
        }
        catch (AccessRefusedException e)
        {
            return Results.Problem(Refused(e.Field, e.Message));
        }
        catch (ArgumentException e)
        {
            return Results.Problem(Hosting.FieldProblem("recipient", e.Message));
        }
    }

    /// <summary>A purpose given with the request stands for it, on top of (or instead of) the session's.</summary>
    internal static async Task WithPurposeAsync(HttpContext http, WaterlineDbContext db, string? purpose, CancellationToken ct)
    {
        if (Purposes.Normalise(purpose) is { } stated)
        {
            await db.ActAsAsync(http.User.GetReader() with { Purpose = stated }, ct);
        }
    }

    /// <summary>Runs an endpoint that may read personal data, acting for the purpose given with the request (on top of the
    /// session's); without any purpose it answers 403 naming the field "purpose".</summary>
    internal static async Task<IResult> ForPurposeAsync(HttpContext http, WaterlineDbContext db, string? purpose, Func<Task<IResult>> act,
        CancellationToken ct)
    {
        await WithPurposeAsync(http, db, purpose, ct);
        try
        {
            return await act();
        }
        catch (PurposeRequiredException e)
        {
            return Results.Problem(Refused("purpose", e.Message));
        }
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No record {id} that you may read.");

    public static ProblemDetails Refused(string field, string reason) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Refused by the markings or the purpose rule",
        Detail = reason,
        Extensions = { ["field"] = field },
    };
}
