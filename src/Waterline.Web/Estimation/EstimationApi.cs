using Waterline.DemoWorld;
using Waterline.Estimation;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Web.Linkage;
using Waterline.Web.Observations;

namespace Waterline.Web.Estimation;

/// <summary>The dark number of a population over HTTP (EstimateDarkNumber): built for the request's reader, so only
/// records they may read enter the capture histories. Matching reads addresses, so a purpose is needed (the session's,
/// or ?purpose= for one request); the consultation is logged.</summary>
public static class EstimationApi
{
    public static IEndpointRouteBuilder MapEstimationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/estimation").WithTags("Estimation");
        api.MapGet("", async (string[]? list, string[]? kind, string? market, string? country, string? region, string? from, string? to,
            string? matching, string? strata, string? rule, string? purpose, HttpContext http, WaterlineDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (Parse(list, kind, market, country, region, from, to, matching, strata, rule, out var request) is { } problem)
            {
                return Results.Problem(problem);
            }
            return await RecordsApi.ForPurposeAsync(http, db, purpose, async () =>
                Results.Json(await new EstimateDarkNumber.Handler(db, clock).HandleAsync(request, ct), LinkageApi.Json), ct);
        })
        .WithName("EstimateDarkNumber")
        .WithSummary("Capture-recapture estimate of the unseen cases of a population: overlaps between the lists (capture histories), " +
            "every hierarchical log-linear model with deviance, df, AIC, BIC, estimate and 95% profile interval, the chosen estimate, " +
            "optional strata with their sum, warnings when the data cannot support an estimate, and the assumptions.")
        .WithDescription("Query: list (repeat, 1-5 source organisation codes, each one list), kind (repeat: observation kinds; default " +
            "ProductionSite and PartnerSignal), market, country (BE, NL), region (province code), from, to (yyyy-MM-dd, inclusive), matching " +
            "(Auto, ResolvedEntities, Address, SiteId; default Auto), strata (None, Region, Period), rule (Stepwise, Aic, Bic), purpose. " +
            "With no list, the demo population (cannabis plantations, Belgium 2025, police, grid operator and tips). Matching reads " +
            "addresses: without a purpose 403 (field purpose).")
        .Produces<EstimateDarkNumber.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>The request from query values; with no list at all, the demo population. A problem naming the field when one is wrong.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails? Parse(string[]? list, string[]? kind, string? market, string? country, string? region,
        string? from, string? to, string? matching, string? strata, string? rule, out EstimateDarkNumber.Request request)
    {
        request = DemoDarkNumber.DefaultRequest;
        if (!string.IsNullOrWhiteSpace(matching) && Parsed<EstimateDarkNumber.Matching>(matching) is null)
        {
            return Hosting.FieldProblem("matching", $"'{matching}' is not one of {string.Join(", ", System.Enum.GetNames<EstimateDarkNumber.Matching>())}");
        }
        if (!string.IsNullOrWhiteSpace(strata) && Parsed<EstimateDarkNumber.Stratification>(strata) is null)
        {
            return Hosting.FieldProblem("strata", $"'{strata}' is not one of {string.Join(", ", System.Enum.GetNames<EstimateDarkNumber.Stratification>())}");
        }
        if (!string.IsNullOrWhiteSpace(rule) && Parsed<EstimateDarkNumber.Rule>(rule) is null)
        {
            return Hosting.FieldProblem("rule", $"'{rule}' is not one of {string.Join(", ", System.Enum.GetNames<EstimateDarkNumber.Rule>())}");
        }
        var kinds = new List<ObservationKind>();
        foreach (var k in (kind ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Parsed<ObservationKind>(k) is not { } parsed)
            {
                return Hosting.FieldProblem("kind", $"'{k}' is not one of {string.Join(", ", System.Enum.GetNames<ObservationKind>())}");
            }
            kinds.Add(parsed);
        }
        Market? m = null;
        if (!string.IsNullOrWhiteSpace(market))
        {
            if (Parsed<Market>(market) is not { } parsed)
            {
                return Hosting.FieldProblem("market", $"'{market}' is not one of {string.Join(", ", System.Enum.GetNames<Market>())}");
            }
            m = parsed;
        }
        if (!Hosting.TryOptionalDate(from, out var f))
        {
            return Hosting.FieldProblem("from", $"'{from}' is not a date (yyyy-MM-dd)");
        }
        if (!Hosting.TryOptionalDate(to, out var t))
        {
            return Hosting.FieldProblem("to", $"'{to}' is not a date (yyyy-MM-dd)");
        }
        var lists = (list ?? []).SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (lists.Count == 0)
        {
            if (kinds.Count > 0 || m is not null || !string.IsNullOrWhiteSpace(country) || !string.IsNullOrWhiteSpace(region) || f is not null || t is not null)
            {
                return Hosting.FieldProblem("list", "name at least one source organisation.");
            }
            // Nothing asked: the demo population, with the matching, strata and rule asked for.
            request = request with
            {
                MatchBy = Parsed<EstimateDarkNumber.Matching>(matching) ?? request.MatchBy,
                StrataBy = Parsed<EstimateDarkNumber.Stratification>(strata) ?? request.StrataBy,
                ChooseBy = Parsed<EstimateDarkNumber.Rule>(rule) ?? request.ChooseBy,
            };
            return null;
        }
        request = new EstimateDarkNumber.Request(lists, kinds.Count > 0 ? kinds : DemoDarkNumber.DefaultRequest.Kinds, m, Blank(country), Blank(region), f, t,
            Parsed<EstimateDarkNumber.Matching>(matching) ?? EstimateDarkNumber.Matching.Auto,
            Parsed<EstimateDarkNumber.Stratification>(strata) ?? EstimateDarkNumber.Stratification.None,
            Parsed<EstimateDarkNumber.Rule>(rule) ?? EstimateDarkNumber.Rule.Stepwise);
        if (request.Problem() is { } problem)
        {
            var field = problem[..problem.IndexOf(':', StringComparison.Ordinal)];
            return Hosting.FieldProblem(field switch { "lists" => "list", "kinds" => "kind", _ => field }, problem[(field.Length + 2)..]);
        }
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static T? Parsed<T>(string? text) where T : struct, Enum =>
        System.Enum.TryParse<T>(text?.Trim(), ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;
}

/// <summary>Start-up work of the estimation module.</summary>
internal static class EstimationHosting
{
    /// <summary>The planted dark-number scenario (DemoDarkNumber) whenever the demo world is enabled; once per database.</summary>
    public static async Task SeedDemoDarkNumberAsync(IConfiguration configuration, WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        if (!configuration.GetValue("DemoWorld:Enabled", true))
        {
            return;
        }
        var result = await DemoDarkNumber.WriteAsync(db, configuration.GetValue("DemoWorld:Seed", 20240101), ct);
        if (!result.AlreadySeeded)
        {
            logger.LogInformation("Demo dark number seeded: {Plantations} plantations, {Reports} reports", result.Plantations, result.Reports);
        }
    }
}
