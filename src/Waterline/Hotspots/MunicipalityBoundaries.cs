using Waterline.Geography;

namespace Waterline.Hotspots;

/// <summary>A Dutch municipality's boundary (CBS/PDOK 2025, generalised by cartomap/nl): rings of (longitude, latitude).</summary>
internal sealed record MunicipalityBoundary(string Code, string Name, string? ProvinceCode, (double X, double Y)[][][] Polygons)
{
    public (double South, double West, double North, double East) Bounds { get; } = (
        Polygons.SelectMany(p => p[0]).Min(p => p.Y), Polygons.SelectMany(p => p[0]).Min(p => p.X),
        Polygons.SelectMany(p => p[0]).Max(p => p.Y), Polygons.SelectMany(p => p[0]).Max(p => p.X));
}

/// <summary>The municipality polygons the hotspot analyses can use. Only the Netherlands has them in Waterline's reference
/// data (reference/geo); Belgian analyses use the regular grid.</summary>
public static class MunicipalityBoundaries
{
    /// <summary>The embedded TopoJSON the map draws (the same file the analyses read).</summary>
    public const string Resource = "geo/nl_municipalities_2025.topojson";

    private static readonly Lazy<IReadOnlyList<MunicipalityBoundary>> Loaded = new(Load);

    internal static IReadOnlyList<MunicipalityBoundary> All => Loaded.Value;

    /// <summary>The TopoJSON as embedded, for the map.</summary>
    public static Stream OpenTopoJson() =>
        typeof(MunicipalityBoundaries).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");

    private static IReadOnlyList<MunicipalityBoundary> Load()
    {
        var provinces = Gazetteer.LoadPlaces().Where(p => p.Country == "NL").ToDictionary(p => p.Code, p => p.ProvinceCode, StringComparer.Ordinal);
        using var stream = OpenTopoJson();
        return [.. TopoJson.ReadFeatures(stream)
            .Select(f => new MunicipalityBoundary(f.Code, f.Name, provinces.GetValueOrDefault(f.Code), f.Polygons))
            .OrderBy(m => m.Code, StringComparer.Ordinal)];
    }

    /// <summary>Even-odd containment over every ring (holes are outside).</summary>
    internal static bool Contains(MunicipalityBoundary m, double longitude, double latitude) =>
        PlanarPolygons.Contains(m.Polygons, longitude, latitude);

    /// <summary>Projected rings, x,y interleaved, all rings of all parts: the shape SpatialWeights.Contiguity takes.</summary>
    internal static double[][] Projected(MunicipalityBoundary m, LocalProjection projection) =>
        [.. m.Polygons.SelectMany(p => p).Select(ring =>
        {
            var xy = new double[ring.Length * 2];
            for (var i = 0; i < ring.Length; i++)
            {
                xy[2 * i] = projection.X(ring[i].X);
                xy[(2 * i) + 1] = projection.Y(ring[i].Y);
            }
            return xy;
        })];
}
