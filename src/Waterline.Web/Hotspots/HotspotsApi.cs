using System.Globalization;
using Waterline.Hotspots;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Web.Linkage;

namespace Waterline.Web.Hotspots;

/// <summary>Hotspots, near repeats and tracked areas over HTTP, for the request's reader: only the events they may read are
/// counted (the query filters of the one access policy).</summary>
public static class HotspotsApi
{
    /// <param name="Shape">Municipality, Circle or Rectangle.</param>
    /// <param name="Municipality">CBS code (GMxxxx), for a municipality.</param>
    /// <param name="Latitude">Centre of a circle.</param>
    /// <param name="Longitude">Centre of a circle.</param>
    /// <param name="RadiusMetres">Radius of a circle (50-20000).</param>
    /// <param name="South">Rectangle: southern edge (latitude).</param>
    /// <param name="West">Rectangle: western edge (longitude).</param>
    /// <param name="North">Rectangle: northern edge.</param>
    /// <param name="East">Rectangle: eastern edge.</param>
    public sealed record AreaBody(string? Shape, string? Municipality, double? Latitude, double? Longitude, double? RadiusMetres,
        double? South, double? West, double? North, double? East);

    /// <param name="Source">violence (default) or retail.</param>
    /// <param name="Market">Cannabis, SyntheticDrugs, Cocaine, HeroinOpioids, NewPsychoactiveSubstances, Other.</param>
    /// <param name="IncidentType">Shooting, Explosion, Arson, Intimidation (violence only).</param>
    /// <param name="Country">BE or NL.</param>
    /// <param name="Region">Province code (NIS, or CBS PVxx).</param>
    /// <param name="Area">The tracked area.</param>
    /// <param name="InterventionDate">yyyy-MM-dd.</param>
    /// <param name="MonthsBefore">Months before the intervention's month (2-60, default 12).</param>
    /// <param name="MonthsAfter">Months from the intervention's month on (2-60, default 12).</param>
    /// <param name="Comparisons">Comparable areas to pool (1-20, default 5).</param>
    public sealed record TrackedAreaBody(string? Source, string? Market, string? IncidentType, string? Country, string? Region, AreaBody? Area,
        string? InterventionDate, int? MonthsBefore, int? MonthsAfter, int? Comparisons);

    private const string FilterDescription = "source (violence | retail, default violence), market, incidentType (Shooting, Explosion, Arson, " +
        "Intimidation; violence only), country (BE | NL), region (province code: NIS such as 04000 for Brussels, or CBS PVxx), " +
        "from, to (yyyy-MM-dd, inclusive)";

    public static IEndpointRouteBuilder MapHotspotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/hotspots").WithTags("Hotspots");

        api.MapGet("", async (HttpRequest http, WaterlineDbContext db, CancellationToken ct) =>
        {
            var q = http.Query;
            if (ParseFilter(q["source"], q["market"], q["incidentType"], q["country"], q["region"], q["from"], q["to"], out var filter) is { } problem)
            {
                return problem;
            }
            var unit = AreaUnit.Grid;
            if (!string.IsNullOrWhiteSpace(q["unit"]) && !TryEnum(q["unit"], out unit))
            {
                return Field("unit", $"'{q["unit"]}' is not one of grid, municipality");
            }
            if (!TryNumber(q["cellSize"], 500, out var cell))
            {
                return Field("cellSize", $"'{q["cellSize"]}' is not a number of metres");
            }
            if (!TryNumber(q["permutations"], 999, out var permutations) || permutations != Math.Floor(permutations))
            {
                return Field("permutations", $"'{q["permutations"]}' is not a whole number");
            }
            if (!TryNumber(q["q"], 0.05, out var fdr))
            {
                return Field("q", $"'{q["q"]}' is not a number");
            }
            double? bandwidth = null;
            if (!string.IsNullOrWhiteSpace(q["bandwidth"]))
            {
                if (!TryNumber(q["bandwidth"], 0, out var b))
                {
                    return Field("bandwidth", $"'{q["bandwidth"]}' is not a number of metres");
                }
                bandwidth = b;
            }
            var request = new MapHotspots.Request(filter, unit, cell, (int)Math.Clamp(permutations, -1, MapHotspots.MaxPermutations + 1), fdr, bandwidth);
            return await Answer(() => new MapHotspots.Handler(db).HandleAsync(request, ct));
        })
        .WithName("MapHotspots")
        .WithSummary("Where the events you may read concentrate beyond chance: counts per grid cell or Dutch municipality, Getis-Ord Gi* " +
            "z-score, normal p-value, permutation pseudo p-value and Benjamini-Hochberg adjusted p-value per area, the hotspot/coldspot " +
            "class at false discovery rate q, and a quartic kernel density surface (events per km²).")
        .WithDescription($"Query: {FilterDescription}; unit (grid | municipality, default grid; municipalities are Dutch only), " +
            $"cellSize (metres, {MapHotspots.MinCellMetres:0}-{MapHotspots.MaxCellMetres:0}, default 500; at most {MapHotspots.MaxCells} cells), " +
            $"permutations (0-{MapHotspots.MaxPermutations}, default 999), q (default 0.05), bandwidth (metres, 50-50000; default twice the cell). " +
            "Coordinates are projected to metres (equirectangular about the events' middle) before the statistics.")
        .Produces<MapHotspots.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/near-repeat", async (HttpRequest http, WaterlineDbContext db, CancellationToken ct) =>
        {
            var q = http.Query;
            var type = string.IsNullOrWhiteSpace(q["incidentType"]) && string.IsNullOrWhiteSpace(q["source"]) ? "Shooting" : q["incidentType"].ToString();
            if (ParseFilter(q["source"], q["market"], type, q["country"], q["region"], q["from"], q["to"], out var filter) is { } problem)
            {
                return problem;
            }
            if (!TryList(q["distances"], TabulateNearRepeats.DefaultDistances, out var distances))
            {
                return Field("distances", $"'{q["distances"]}' is not a comma-separated list of metres");
            }
            if (!TryList(q["days"], TabulateNearRepeats.DefaultDays, out var days))
            {
                return Field("days", $"'{q["days"]}' is not a comma-separated list of days");
            }
            if (!TryNumber(q["permutations"], 999, out var permutations) || permutations != Math.Floor(permutations))
            {
                return Field("permutations", $"'{q["permutations"]}' is not a whole number");
            }
            var request = new TabulateNearRepeats.Request(filter, distances, days, (int)Math.Clamp(permutations, -1, TabulateNearRepeats.MaxPermutations + 1));
            return await Answer(() => new TabulateNearRepeats.Handler(db).HandleAsync(request, ct));
        })
        .WithName("TabulateNearRepeats")
        .WithSummary("The near-repeat table (Ratcliffe's Near Repeat Calculator): pairs of incidents you may read by distance band and day " +
            "band, observed against the mean over shuffles of the days, with the observed/expected ratio and a Monte Carlo p-value per cell.")
        .WithDescription($"Query: {FilterDescription} (without source and incidentType: shootings); distances (upper band edges in metres, " +
            "default 200,400,800,1600), days (upper edges in whole days, default 7,14,30), permutations (1-9999, default 999).")
        .Produces<TabulateNearRepeats.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/tracked-areas", async (TrackedAreaBody body, WaterlineDbContext db, CancellationToken ct) =>
        {
            if (ParseFilter(body.Source, body.Market, body.IncidentType, body.Country, body.Region, null, null, out var filter) is { } problem)
            {
                return problem;
            }
            if (body.Area is not { } a)
            {
                return Field("area", "give the tracked area: shape (municipality, circle or rectangle) and its fields");
            }
            if (!TryEnum<TrackedShape>(a.Shape, out var shape))
            {
                return Field("area.shape", $"'{a.Shape}' is not one of municipality, circle, rectangle");
            }
            if (string.IsNullOrWhiteSpace(body.InterventionDate) || !Hosting.TryOptionalDate(body.InterventionDate, out var date) || date is not { } intervention)
            {
                return Field("interventionDate", $"'{body.InterventionDate}' is not a date (yyyy-MM-dd)");
            }
            var area = new TrackArea.Area(shape, a.Municipality?.Trim().ToUpperInvariant(), a.Latitude, a.Longitude, a.RadiusMetres, a.South, a.West, a.North, a.East);
            var request = new TrackArea.Request(filter, area, intervention, body.MonthsBefore ?? 12, body.MonthsAfter ?? 12, body.Comparisons ?? 5);
            return await Answer(() => new TrackArea.Handler(db).HandleAsync(request, ct));
        })
        .WithName("TrackArea")
        .WithSummary("Did an area improve after an intervention? Monthly counts of the events you may read in the area and in comparable " +
            "areas (same shape and size, the closest counts before, not touching it), and the difference in differences (two-way " +
            "fixed-effects quasi-Poisson) as a rate ratio with its 95% interval, in plain words.")
        .WithDescription($"Body: {FilterDescription.Replace(", from, to (yyyy-MM-dd, inclusive)", "", StringComparison.Ordinal)}; area " +
            "{shape: municipality (municipality: GMxxxx) | circle (latitude, longitude, radiusMetres) | rectangle (south, west, north, east)}, " +
            "interventionDate (yyyy-MM-dd), monthsBefore, monthsAfter (2-60, default 12), comparisons (1-20, default 5).")
        .Accepts<TrackedAreaBody>("application/json")
        .Produces<TrackArea.Result>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/geo/nl-municipalities", (HttpResponse response) =>
        {
            // The geometry changes only with a release; let browsers keep it for a day.
            response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(MunicipalityBoundaries.OpenTopoJson(), "application/json");
        })
        .WithName("GetMunicipalityBoundaries")
        .WithSummary("Dutch municipality boundaries 2025 as TopoJSON (CBS/PDOK, simplified by cartomap/nl), the areas of unit=municipality.")
        .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }

    private static async Task<IResult> Answer<T>(Func<Task<T>> handle)
    {
        try
        {
            return Results.Json(await handle(), LinkageApi.Json);
        }
        catch (HotspotInputException e)
        {
            return Field(e.Field, e.Reason);
        }
    }

    private static IResult Field(string field, string reason) => Results.Problem(Hosting.FieldProblem(field, reason));

    /// <summary>Parses the filters the three analyses share; a problem naming the field when one is wrong.</summary>
    public static IResult? ParseFilter(string? source, string? market, string? incidentType, string? country, string? region, string? from, string? to,
        out HotspotFilter filter)
    {
        filter = new HotspotFilter();
        var s = HotspotSource.Violence;
        if (!string.IsNullOrWhiteSpace(source) && !TryEnum(source, out s))
        {
            return Field("source", $"'{source}' is not one of violence, retail");
        }
        Market? m = null;
        if (!string.IsNullOrWhiteSpace(market))
        {
            if (!TryEnum<Market>(market, out var parsed))
            {
                return Field("market", $"'{market}' is not one of {string.Join(", ", Enum.GetNames<Market>())}");
            }
            m = parsed;
        }
        IncidentType? type = null;
        if (!string.IsNullOrWhiteSpace(incidentType))
        {
            if (!TryEnum<IncidentType>(incidentType, out var parsed))
            {
                return Field("incidentType", $"'{incidentType}' is not one of {string.Join(", ", Enum.GetNames<IncidentType>())}");
            }
            type = parsed;
        }
        if (!Hosting.TryOptionalDate(from, out var f))
        {
            return Field("from", $"'{from}' is not a date (yyyy-MM-dd)");
        }
        if (!Hosting.TryOptionalDate(to, out var t))
        {
            return Field("to", $"'{to}' is not a date (yyyy-MM-dd)");
        }
        filter = new HotspotFilter(s, m, type, string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant(),
            string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant(), f, t);
        if (filter.Problem() is { } problem)
        {
            var field = problem[..problem.IndexOf(':', StringComparison.Ordinal)];
            return Field(field, problem[(field.Length + 2)..]);
        }
        return null;
    }

    private static bool TryEnum<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    private static bool TryNumber(string? text, double fallback, out double value)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = fallback;
            return true;
        }
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryList(string? text, IReadOnlyList<double> fallback, out IReadOnlyList<double> values)
    {
        values = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<double>(parts.Length);
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                return false;
            }
            parsed.Add(v);
        }
        values = parsed;
        return parsed.Count > 0;
    }
}
