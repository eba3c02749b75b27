using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Web.Research;

public static class ResearchApi
{
    public static IEndpointRouteBuilder MapResearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/research/extract", async (int? from, int? to, IConfiguration configuration, WaterlineDbContext db, CancellationToken ct) =>
        {
            var request = new GetResearchExtract.Request(from, to, configuration.GetValue("Research:SuppressBelow", 5));
            return Results.Ok(await new GetResearchExtract.Handler(db).HandleAsync(request, ct));
        })
        .WithTags("Research")
        .WithName("GetResearchExtract")
        .WithSummary("Aggregated, pseudonymised counts per year, country, province, market and kind; small cells suppressed.");
        return app;
    }
}
