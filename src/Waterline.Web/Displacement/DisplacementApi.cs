using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Waterline.DemoWorld;
using Waterline.Displacement;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;
using Waterline.Web.Linkage;

namespace Waterline.Web.Displacement;

/// <summary>Displacement over HTTP: the analysis of a selection (series, shares, total with intervals, rolling windows with
/// their classification in plain words and the evidence), interventions, watches and their alerts. Counts only; no personal
/// data, so no purpose is asked. Everything is computed for the request's reader.</summary>
public static class DisplacementApi
{
    /// <param name="Date">yyyy-MM-dd.</param>
    /// <param name="Title">1-200 characters.</param>
    /// <param name="Description">Optional, at most 4000 characters.</param>
    /// <param name="Dimension">country, province, port or transport_mode; with Area. Both empty: every area.</param>
    /// <param name="Area">BE, PV30, BEANR, SeaContainer...</param>
    /// <param name="Market">Optional: Cannabis, SyntheticDrugs, Cocaine, HeroinOpioids, NewPsychoactiveSubstances, Other.</param>
    /// <param name="Handling">H0-H3 (default H0).</param>
    /// <param name="Tlp">Clear, Green, Amber, AmberStrict, Red (default Amber; a public event is Clear).</param>
    public sealed record InterventionBody(string? Date, string? Title, string? Description, string? Dimension, string? Area, string? Market,
        string? Handling, string? Tlp);

    /// <param name="Name">1-200 characters.</param>
    /// <param name="Selection">The selection as the query string of GET /api/displacement (market=cocaine&amp;dimension=port&amp;area=BEANR,NLRTM).</param>
    /// <param name="Since">Optional period (2019 or 2019-07): classify as of then and record the changes since as alerts.</param>
    public sealed record WatchBody(string? Name, string? Selection, string? Since);

    public static IEndpointRouteBuilder MapDisplacementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/displacement").WithTags("Displacement");

        api.MapGet("", async (HttpContext http, WaterlineDbContext db, CancellationToken ct) =>
        {
            var parsed = DisplacementSelection.Parse(name => http.Request.Query[name].AsEnumerable());
            if (parsed.Selection is not { } selection)
                return Results.Problem(Hosting.FieldProblem(parsed.Field!, parsed.Reason!));
            long? intervention = null;
            if (http.Request.Query["intervention"].ToString() is { Length: > 0 } text)
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    return Results.Problem(Hosting.FieldProblem("intervention", $"'{text}' is not an intervention id"));
                intervention = id;
            }
            try
            {
                return Results.Json(await new AnalyseDisplacement.Handler(db).HandleAsync(new AnalyseDisplacement.Request(selection, null, intervention), ct), LinkageApi.Json);
            }
            catch (ArgumentException e) when (e.ParamName is { } field)
            {
                return Results.Problem(Hosting.FieldProblem(field, e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal)));
            }
        })
        .WithName("AnalyseDisplacement")
        .WithSummary("Shift, expansion or contraction between areas: the counts you may read per area and period with exact Poisson 95% " +
            "intervals, the shares with Wilson intervals, the total, and for every rolling window (and the whole span) the classification " +
            "in plain words with its evidence (each trend with estimate, interval and p); interventions on the timeline.")
        .WithDescription("Query: market, echelon, kind (repeat or comma-separated; empty: all), dimension (country, province, port, transport_mode; " +
            "default country), area (repeat; empty: every area with observations), granularity (year, month; default year), from, to (2019 or " +
            "2019-07 by granularity), window (periods per rolling window, 5-600; default 5 years or 24 months), intervention (id: the segmented " +
            "regression and difference in differences split at its date). Errors: 400 naming the field.")
        .Produces<AnalyseDisplacement.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/interventions", async (WaterlineDbContext db, CancellationToken ct) =>
            Results.Json(await new ListInterventions.Handler(db).HandleAsync(ct), LinkageApi.Json))
        .WithName("ListInterventions")
        .WithSummary("The interventions you may read (their markings decide, as for observations), by date.")
        .Produces<IReadOnlyList<ListInterventions.Row>>();

        api.MapPost("/interventions", async (InterventionBody body, WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (ParseIntervention(body, out var request) is { } problem)
                return Results.Problem(problem);
            var result = await new RecordIntervention.Handler(db, clock).HandleAsync(request, ct);
            return result.Id is { } id
                ? Results.Created($"/api/displacement/interventions/{id}", new { id })
                : Results.Problem(Hosting.FieldProblem(result.Field!, result.Problem!));
        })
        .WithName("RecordIntervention")
        .WithSummary("Records a dated intervention (law change, new scanner, crackdown) under your organisation's marking.")
        .WithDescription("Body: date (yyyy-MM-dd), title, description, dimension and area (both or neither), market, handling (H0-H3), tlp. " +
            "Errors: 400 naming the field.")
        .Produces(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapDelete("/interventions/{id:long}", async (long id, WaterlineDbContext db, CancellationToken ct) =>
            await new DeleteIntervention.Handler(db).HandleAsync(id, ct) switch
            {
                DeleteIntervention.Outcome.Deleted => Results.NoContent(),
                DeleteIntervention.Outcome.Refused => Results.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden, Title = "Not yours",
                    Detail = "id: only the organisation that recorded an intervention may delete it.", Extensions = { ["field"] = "id" },
                }),
                _ => Results.NotFound(),
            })
        .WithName("DeleteIntervention")
        .WithSummary("Deletes an intervention your organisation recorded.")
        .Produces(StatusCodes.Status204NoContent)
        .Produces(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/watches", async (WaterlineDbContext db, CancellationToken ct) =>
            Results.Json(await new ListDisplacementWatches.Handler(db).HandleAsync(ct), LinkageApi.Json))
        .WithName("ListDisplacementWatches")
        .WithSummary("Your watches: each selection's latest classification in plain words and its unacknowledged alerts.")
        .Produces<IReadOnlyList<ListDisplacementWatches.Row>>();

        api.MapPost("/watches", async (WatchBody body, WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var parsed = DisplacementSelection.Parse(body.Selection ?? "");
            if (parsed.Selection is not { } selection)
                return Results.Problem(Hosting.FieldProblem($"selection.{parsed.Field}", parsed.Reason!));
            SeriesPeriod? since = null;
            if (!string.IsNullOrWhiteSpace(body.Since))
            {
                if (!SeriesPeriod.TryParse(body.Since, out var s))
                    return Results.Problem(Hosting.FieldProblem("since", $"'{body.Since}' is neither a year (2019) nor a year-month (2019-07)"));
                since = s;
            }
            var result = await new SaveDisplacementWatch.Handler(db, clock).HandleAsync(new SaveDisplacementWatch.Request(body.Name ?? "", selection, since), ct);
            if (result.Watch is not { } w)
                return Results.Problem(Hosting.FieldProblem(result.Field!, result.Problem!));
            return Results.Json(new ListDisplacementWatches.Row(w.Id, w.Name, w.Selection, w.LastPeriod, w.Classification?.ToString(), w.Summary,
                w.CheckedAt, w.Problem, result.Alerts), LinkageApi.Json, statusCode: StatusCodes.Status201Created);
        })
        .WithName("SaveDisplacementWatch")
        .WithSummary("Saves a selection as a watch of your account and classifies its latest window (optionally as of a past period, " +
            "recording the changes since as alerts). After every import batch and on demand, a new period that changes the class raises an alert.")
        .Produces<ListDisplacementWatches.Row>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/watches/check", async (WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
            Results.Json(await new CheckDisplacementWatches.Handler(db, clock).HandleAsync(new CheckDisplacementWatches.Request(Account: db.Reader!.Account), ct),
                LinkageApi.Json))
        .WithName("CheckDisplacementWatches")
        .WithSummary("Recomputes your watches now (they are also recomputed after every committed import batch).")
        .Produces<CheckDisplacementWatches.Result>();

        api.MapGet("/alerts", async (bool? all, int? limit, WaterlineDbContext db, CancellationToken ct) =>
            Results.Json(await new ListDisplacementAlerts.Handler(db).HandleAsync(all ?? true, limit ?? 100, ct), LinkageApi.Json))
        .WithName("ListDisplacementAlerts")
        .WithSummary("Alerts of your watches (unacknowledged first, newest first): from which classification to which, the period, the evidence.")
        .WithDescription("Query: all (default true; false: unacknowledged only), limit (1-1000, default 100).")
        .Produces<IReadOnlyList<ListDisplacementAlerts.Row>>();

        api.MapPost("/alerts/{id:long}/acknowledge", async (long id, WaterlineDbContext db, TimeProvider clock, CancellationToken ct) =>
            await new AcknowledgeDisplacementAlert.Handler(db, clock).HandleAsync(id, ct) is var outcome && outcome == AcknowledgeDisplacementAlert.Outcome.NotFound
                ? Results.NotFound()
                : Results.Json(new { id, outcome = outcome.ToString() }, LinkageApi.Json))
        .WithName("AcknowledgeDisplacementAlert")
        .WithSummary("Marks an alert of one of your watches as read.")
        .Produces(StatusCodes.Status200OK)
        .Produces(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The request from the body; a problem naming the field when one is wrong.</summary>
    public static ProblemDetails? ParseIntervention(InterventionBody body, out RecordIntervention.Request request)
    {
        request = new RecordIntervention.Request(default, "");
        if (!Hosting.TryOptionalDate(body.Date, out var date) || date is null)
            return Hosting.FieldProblem("date", $"'{body.Date}' is not a date (yyyy-MM-dd)");
        AreaDimension? dimension = null;
        if (!string.IsNullOrWhiteSpace(body.Dimension))
        {
            if (!PictureVocabulary.TryParse<AreaDimension>(body.Dimension, out var d))
                return Hosting.FieldProblem("dimension", $"'{body.Dimension}' is not one of country, province, port, transport_mode");
            dimension = d;
        }
        Market? market = null;
        if (!string.IsNullOrWhiteSpace(body.Market))
        {
            if (!PictureVocabulary.TryParse<Market>(body.Market, out var m))
                return Hosting.FieldProblem("market", $"'{body.Market}' is not one of {string.Join(", ", Enum.GetNames<Market>())}");
            market = m;
        }
        var handling = HandlingCode.H0;
        if (!string.IsNullOrWhiteSpace(body.Handling) && !Enum.TryParse(body.Handling, true, out handling))
            return Hosting.FieldProblem("handling", $"'{body.Handling}' is not one of H0, H1, H2, H3");
        var tlp = Tlp.Amber;
        if (!string.IsNullOrWhiteSpace(body.Tlp) && !PictureVocabulary.TryParse(body.Tlp.Replace("TLP:", "", StringComparison.OrdinalIgnoreCase), out tlp))
            return Hosting.FieldProblem("tlp", $"'{body.Tlp}' is not one of {string.Join(", ", Enum.GetNames<Tlp>())}");
        request = new RecordIntervention.Request(date.Value, body.Title ?? "", body.Description, dimension, body.Area, market, handling, tlp);
        return null;
    }
}

/// <summary>Start-up work of the displacement module.</summary>
internal static class DisplacementHosting
{
    /// <summary>The demo account that owns the demo watches.</summary>
    public const string DemoAccount = "analyst.be-fedpol";

    /// <summary>Demo watches, classified as of a past year and then brought forward period by period, so that the alerts list
    /// holds the changes the demo data really show (none when they show none). Once per database.</summary>
    public static IReadOnlyList<(string Name, string Selection, SeriesPeriod Since)> DemoWatches { get; } =
    [
        ("Cocaine seizures at Antwerp and Rotterdam", "market=cocaine&dimension=port&area=BEANR,NLRTM", new SeriesPeriod(2022, null)),
        ("Cocaine seizures, Belgium and the Netherlands", "market=cocaine&kind=seizure&dimension=country&area=BE,NL", new SeriesPeriod(2021, null)),
    ];

    public static async Task SeedDemoWatchesAsync(IConfiguration configuration, WaterlineDbContext db, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        if (!configuration.GetValue("DemoWorld:Enabled", true)
            || !await db.Observations.AnyAsync(o => o.ExternalId.StartsWith(GenerateDemoWorld.ExternalIdPrefix), ct)
            || await db.Set<DisplacementWatch>().AnyAsync(w => w.Account == DemoAccount, ct)
            || !await db.Set<Waterline.Access.Account>().AnyAsync(a => a.UserName == DemoAccount, ct))
            return;
        var save = new SaveDisplacementWatch.Handler(db, clock);
        foreach (var (name, query, since) in DemoWatches)
        {
            var result = await save.HandleAsync(new SaveDisplacementWatch.Request(name, DisplacementSelection.Parse(query).Selection!, since, DemoAccount), ct);
            logger.LogInformation("Demo displacement watch '{Name}': {Summary} ({Alerts} alert(s) since {Since})", name, result.Watch?.Summary, result.Alerts, since);
        }
    }
}
