using System.Text;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Web.Picture;

/// <summary>The market picture over HTTP: the picture itself, its CSV export, the filter options, and the map
/// geometry (embedded from reference/geo, so the maps work offline).</summary>
internal static class PictureApi
{
    private static readonly string[] GeoFiles = ["be_provinces_simplified.geojson", "nl_provinces_2025.topojson"];

    public static IEndpointRouteBuilder MapPictureApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/picture").WithTags("Market picture");

        api.MapGet("", async (HttpRequest http, WaterlineDbContext db, PictureCubeCache cubes, CancellationToken ct) =>
        {
            var parsed = PictureQuery.Parse(name => http.Query[name].ToArray());
            if (!parsed.IsValid)
            {
                return Results.Problem(Hosting.FieldProblem(parsed.Field!, parsed.Reason!));
            }
            return Results.Ok(await new GetMarketPicture.Handler(db, cubes).HandleAsync(parsed.Request!, ct));
        })
        .WithName("GetMarketPicture")
        .WithSummary("The market picture for the filters in the query string: series per country, values per province, the table and totals, with the measure's unit and definition.")
        .WithDescription("Query: market, echelon, kind, country, region, source (repeat or comma-separate; empty = all), from, to (2024-03), " +
            "measure (observations | quantity_kg | plants | mean_load), granularity (month | quarter | year), group (columns), sort (a column or value), dir (asc | desc).")
        .Produces<GetMarketPicture.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/export.csv", async (HttpRequest http, HttpResponse response, WaterlineDbContext db, PictureCubeCache cubes, CancellationToken ct) =>
        {
            var parsed = PictureQuery.Parse(name => http.Query[name].ToArray());
            if (!parsed.IsValid)
            {
                await Results.Problem(Hosting.FieldProblem(parsed.Field!, parsed.Reason!)).ExecuteAsync(http.HttpContext);
                return;
            }
            var measure = Measures.Get(parsed.Request!.Measure);
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"market-picture-{measure.Id}.csv\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true);
            await new ExportMarketPicture.Handler(db, cubes).HandleAsync(new ExportMarketPicture.Request(parsed.Request), writer, ct);
            await writer.FlushAsync(ct);
        })
        .WithName("ExportMarketPicture")
        .WithSummary("The market picture's table as CSV, for the same query as /api/picture: same rows, same order; the value column is named after the measure (e.g. quantity_kg).")
        .Produces(StatusCodes.Status200OK, contentType: "text/csv")
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/filters", async (WaterlineDbContext db, PictureCubeCache cubes, CancellationToken ct) =>
            Results.Ok(await new GetPictureFilters.Handler(db, cubes).HandleAsync(new GetPictureFilters.Request(), ct)))
        .WithName("GetPictureFilters")
        .WithSummary("The filter options of the market picture: markets, echelons, kinds, countries, provinces with names, source organisations, measures, and the months with data.")
        .Produces<GetPictureFilters.Result>();

        app.MapGet("/geo/{name}", (string name, HttpResponse response) =>
        {
            if (!GeoFiles.Contains(name))
            {
                return Results.NotFound();
            }
            var stream = typeof(PictureApi).Assembly.GetManifestResourceStream("geo/" + name)!;
            // The geometry changes only with a release; let browsers keep it for a year.
            response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Stream(stream, name.EndsWith(".geojson", StringComparison.Ordinal) ? "application/geo+json" : "application/json");
        })
        .WithName("GetMapGeometry")
        .WithSummary("Province geometry for the maps: be_provinces_simplified.geojson (© name-suggestion-index contributors, BSD-3-Clause) or nl_provinces_2025.topojson (CBS/PDOK, simplified by cartomap/nl).")
        .WithTags("Market picture");

        return app;
    }
}
