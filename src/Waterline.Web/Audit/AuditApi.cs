using System.Globalization;
using System.Security.Claims;
using System.Text;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;
using Waterline.Web.Access;

namespace Waterline.Web.Audit;

/// <summary>The audit log over HTTP, for administrators only: search (JSON) and export (CSV). Read-only by design: no
/// endpoint changes or removes an entry, and every search and export is itself recorded in the log.</summary>
internal static class AuditApi
{
    /// <summary>The claim carrying the account's organisation code.</summary>

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization("Administrators");

        api.MapGet("", async (HttpRequest http, ClaimsPrincipal user, WaterlineDbContext db, AuditLog log, CancellationToken ct) =>
        {
            var filter = AuditFilter.TryParse(name => http.Query[name].ToString(), out var field, out var reason);
            if (filter is null)
            {
                return Results.Problem(Hosting.FieldProblem(field!, reason!));
            }
            long? before = null;
            if (http.Query["before"].ToString() is { Length: > 0 } b)
            {
                if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Results.Problem(Hosting.FieldProblem("before", $"'{b}' is not a sequence number."));
                }
                before = parsed;
            }
            var limit = 50;
            if (http.Query["limit"].ToString() is { Length: > 0 } l
                && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > SearchAuditLog.MaxLimit))
            {
                return Results.Problem(Hosting.FieldProblem("limit", $"'{l}' is not a number from 1 to {SearchAuditLog.MaxLimit}."));
            }
            var request = new SearchAuditLog.Request(ReaderOf(user, http), filter, before, limit);
            return Results.Ok(await new SearchAuditLog.Handler(db, log).HandleAsync(request, ct));
        })
        .WithName("SearchAuditLog")
        .WithSummary("Audit entries matching the filters, newest first, a page at a time; the search itself is recorded (action Consultation).")
        .WithDescription("Query: actor, organisation (exact), action, what, purposeContains (contain, case ignored), from (inclusive), to (exclusive) " +
            "as ISO 8601 (UTC unless an offset is given), before (the nextBefore of the previous page), limit (1-500, default 50), " +
            "purpose (why you search; recorded).")
        .Produces<SearchAuditLog.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/export", async (HttpRequest http, HttpResponse response, ClaimsPrincipal user, WaterlineDbContext db, AuditLog log,
            CancellationToken ct) =>
        {
            var filter = AuditFilter.TryParse(name => http.Query[name].ToString(), out var field, out var reason);
            if (filter is null)
            {
                await Results.Problem(Hosting.FieldProblem(field!, reason!)).ExecuteAsync(http.HttpContext);
                return;
            }
            var recipient = http.Query["recipient"].ToString() is { Length: > 0 } r ? r : null;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true);
            await new ExportAuditLog.Handler(db, log).HandleAsync(new ExportAuditLog.Request(ReaderOf(user, http), filter, recipient), writer, ct);
            await writer.FlushAsync(ct);
        })
        .WithName("ExportAuditLog")
        .WithSummary("Audit entries matching the filters as CSV, oldest first, hashes included; the export itself is recorded (action Export).")
        .WithDescription("Same filters as /api/audit; recipient (who receives the file) and purpose are recorded with the export.")
        .Produces(StatusCodes.Status200OK, contentType: "text/csv")
        .ProducesProblem(StatusCodes.Status400BadRequest);

        return app;
    }

    /// <summary>The signed-in administrator; a purpose given with the request (?purpose=) stands for this query.</summary>
    private static Reader ReaderOf(ClaimsPrincipal user, HttpRequest http) =>
        http.Query["purpose"].ToString() is { Length: > 0 } p ? user.GetReader() with { Purpose = p } : user.GetReader();
}
