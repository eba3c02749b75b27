using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.DemoWorld;
using Waterline.Storage;
using Waterline.Web.Access;
using Waterline.Web.Audit;
using Waterline.Web.Observations;
using Waterline.Web.Research;
using Waterline.Web.Picture;
using Waterline.Web.Intake;
using Waterline.Web.Linkage;
using Waterline.Web.Networks;
using Waterline.Web.Estimation;
using Waterline.Web.Hotspots;
using Waterline.Web.Displacement;

namespace Waterline.Web;

/// <summary>What the host adds around the modules: OpenAPI, ProblemDetails, sign-in and policies, start-up initialisation.</summary>
internal static class Hosting
{
    public static IServiceCollection AddWaterlineWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Waterline API";
            doc.Info.Description = "Intake of partner observations and the market picture. Errors are RFC 7807 problem details.";
            return Task.CompletedTask;
        }));
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddIntake();
        services.AddSingleton<AuditLog>();
        services.AddWaterlineAccess(configuration);
        return services;
    }

    public static IApplicationBuilder UseWaterlineErrors(this WebApplication app)
    {
        // Every error leaves as RFC 7807 problem details (application/problem+json).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException b => b.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    public static IEndpointRouteBuilder MapWaterlineApis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithName("Health").ExcludeFromDescription().AllowAnonymous();
        // Who reaches which module is decided here, by policy name; the modules' endpoints stay unaware of roles.
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapPictureApi();
        app.MapGroup("").RequireAuthorization(Policies.Reporters).MapIntakeApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapRecordsApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapLinkageApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapNetworksApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapEstimationApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapHotspotsApi();
        app.MapGroup("").RequireAuthorization(Policies.Analysts).MapDisplacementApi();
        app.MapGroup("").RequireAuthorization(Policies.Researchers).MapResearchApi();
        app.MapAuditApi();
        app.MapAccountEndpoints();
        return app;
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        // Start-up work (migrations, reference data, the demo world) is the application's own.
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
        var logger = app.Logger;
        logger.LogInformation("Database: {Provider}", db.Provider);
        await DatabaseInitialiser.InitialiseAsync(db, logger, app.Lifetime.ApplicationStopping);
        await CreateDemoAccountsAsync(app.Configuration, db, app.Services.GetRequiredService<TimeProvider>(), logger, app.Lifetime.ApplicationStopping);
        await SeedDemoWorldAsync(app.Configuration, db, logger, app.Lifetime.ApplicationStopping);
        await NetworksHosting.SeedDemoNetworkAsync(app.Configuration, db, logger, app.Lifetime.ApplicationStopping);
        await EstimationHosting.SeedDemoDarkNumberAsync(app.Configuration, db, logger, app.Lifetime.ApplicationStopping);
        await DisplacementHosting.SeedDemoWatchesAsync(app.Configuration, db, app.Services.GetRequiredService<TimeProvider>(), logger, app.Lifetime.ApplicationStopping);
    }

    /// <summary>The demo accounts (README, login page) whenever the demo world is enabled; existing ones are kept.</summary>
    private static async Task CreateDemoAccountsAsync(IConfiguration configuration, WaterlineDbContext db, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        if (!configuration.GetValue("DemoWorld:Enabled", true))
        {
            return;
        }
        var result = await new CreateDemoAccounts.Handler(db, clock).HandleAsync(ct);
        if (result.Created > 0)
        {
            logger.LogInformation("Demo accounts created: {Count} (password {Password})", result.Created, CreateDemoAccounts.Password);
        }
    }

    /// <summary>Seeds the demo world into an empty database (DemoWorld:Enabled, :Seed, :Scale); a database
    /// that holds any observation is reused as it is.</summary>
    private static async Task SeedDemoWorldAsync(IConfiguration configuration, WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        if (!configuration.GetValue("DemoWorld:Enabled", true) || await db.Observations.AnyAsync(ct))
        {
            return;
        }
        var request = new GenerateDemoWorld.Request(configuration.GetValue("DemoWorld:Seed", 20240101), configuration.GetValue("DemoWorld:Scale", 1.0));
        logger.LogInformation("Seeding the demo world (seed {Seed}, scale {Scale}, {First}-{Last})", request.Seed, request.Scale, request.FirstYear, request.LastYear);
        var lastYear = 0;
        var progress = new InlineProgress<DemoWorldProgress>(p =>
        {
            if (p.Year != lastYear)
            {
                lastYear = p.Year;
                logger.LogInformation("Demo world: {Written} observations written, now at {Year} ({Kind})", p.Written, p.Year, p.Kind);
            }
        });
        var result = await new GenerateDemoWorld.Handler(db).HandleAsync(request, progress, ct);
        logger.LogInformation("Demo world seeded: {Total} observations in {Seconds:F1} s ({Counts})", result.Total, result.Elapsed.TotalSeconds,
            string.Join(", ", result.CountsByKind.Select(c => $"{c.Key} {c.Value}")));
        await LinkageHosting.FindDemoCandidatesAsync(db, logger, ct);
    }

    /// <summary>An optional ISO date (yyyy-MM-dd) from a query: true with null when absent, false when malformed.</summary>
    public static bool TryOptionalDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }
        return false;
    }

    /// <summary>A 400 problem naming the field at fault.</summary>
    public static ProblemDetails FieldProblem(string field, string reason) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid input",
        Detail = $"{field}: {reason}",
        Extensions = { ["field"] = field },
    };
}
