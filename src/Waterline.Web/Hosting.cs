using Microsoft.AspNetCore.Mvc;
using Waterline.Storage;
using Waterline.Web.Intake;

namespace Waterline.Web;

/// <summary>What the host adds around the modules: OpenAPI, ProblemDetails, start-up initialisation.</summary>
internal static class Hosting
{
    public static IServiceCollection AddWaterlineWeb(this IServiceCollection services)
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
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithName("Health").ExcludeFromDescription();
        app.MapIntakeApi();
        return app;
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var logger = app.Logger;
        logger.LogInformation("Database: {Provider}", db.Provider);
        await DatabaseInitialiser.InitialiseAsync(db, logger, app.Lifetime.ApplicationStopping);
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
