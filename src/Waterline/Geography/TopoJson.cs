using System.Text.Json;

namespace Waterline.Geography;

/// <summary>One feature of a TopoJSON layer: its code (<c>statcode</c>), name, and polygons; each polygon is an outer
/// ring then its holes, each ring a closed list of (longitude, latitude) points.</summary>
internal sealed record TopoFeature(string Code, string Name, (double X, double Y)[][][] Polygons);

/// <summary>Decodes the quantised TopoJSON of the CBS layers (cartomap/nl): arcs are delta-encoded integer positions
/// scaled by the transform; a ring lists arc indices, a negative index ~i meaning arc i reversed
/// (TopoJSON specification 1.0, sections 2.1.2-2.2). Hand-written: no geometry library is referenced.</summary>
internal static class TopoJson
{
    public static IReadOnlyList<TopoFeature> ReadFeatures(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var transform = root.GetProperty("transform");
        var (sx, sy) = Pair(transform.GetProperty("scale"));
        var (tx, ty) = Pair(transform.GetProperty("translate"));
        var arcs = root.GetProperty("arcs").EnumerateArray().Select(arc =>
        {
            var points = new List<(double, double)>();
            long x = 0, y = 0;
            foreach (var position in arc.EnumerateArray())
            {
                x += position[0].GetInt64();
                y += position[1].GetInt64();
                points.Add((x * sx + tx, y * sy + ty));
            }
            return points.ToArray();
        }).ToArray();

        var layer = root.GetProperty("objects").EnumerateObject().Single().Value;
        var features = new List<TopoFeature>();
        foreach (var geometry in layer.GetProperty("geometries").EnumerateArray())
        {
            var properties = geometry.GetProperty("properties");
            var polygons = geometry.GetProperty("type").GetString() switch
            {
                "Polygon" => [Polygon(geometry.GetProperty("arcs"), arcs)],
                "MultiPolygon" => geometry.GetProperty("arcs").EnumerateArray().Select(p => Polygon(p, arcs)).ToArray(),
                var other => throw new InvalidDataException($"Unexpected TopoJSON geometry type {other}."),
            };
            features.Add(new TopoFeature(properties.GetProperty("statcode").GetString()!, properties.GetProperty("statnaam").GetString()!, polygons));
        }
        return features;
    }

    private static (double, double) Pair(JsonElement e) => (e[0].GetDouble(), e[1].GetDouble());

    private static (double X, double Y)[][] Polygon(JsonElement rings, (double X, double Y)[][] arcs) =>
        [.. rings.EnumerateArray().Select(ring =>
        {
            var points = new List<(double X, double Y)>();
            foreach (var index in ring.EnumerateArray().Select(i => i.GetInt32()))
            {
                var arc = index >= 0 ? arcs[index] : [.. arcs[~index].Reverse()];
                // Consecutive arcs share their joining point: keep it once.
                points.AddRange(points.Count == 0 ? arc : arc.Skip(1));
            }
            return points.ToArray();
        })];
}

/// <summary>Plane geometry on (longitude, latitude): enough for containment in generalised administrative areas
/// a few tens of kilometres wide, where the distortion of treating degrees as planar does not change which side
/// of a border a point lies.</summary>
internal static class PlanarPolygons
{
    /// <summary>Even-odd ray casting over every ring, so holes count as outside.</summary>
    public static bool Contains((double X, double Y)[][][] polygons, double x, double y)
    {
        foreach (var polygon in polygons)
        {
            var inside = false;
            foreach (var ring in polygon)
            {
                for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
                {
                    var (xi, yi) = ring[i];
                    var (xj, yj) = ring[j];
                    if ((yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi))
                    {
                        inside = !inside;
                    }
                }
            }
            if (inside)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A point well inside the largest polygon: the middle of the widest interior stretch along seven
    /// horizontal lines through it (the idea of JTS's InteriorPointArea; a centroid can fall outside a concave
    /// or ring-shaped area).</summary>
    public static (double X, double Y) InteriorPoint((double X, double Y)[][][] polygons)
    {
        var largest = polygons.MaxBy(p => Math.Abs(Area(p[0])))!;
        var (bottom, top) = (largest[0].Min(p => p.Y), largest[0].Max(p => p.Y));
        var best = (Width: -1.0, Point: (X: 0.0, Y: 0.0));
        var crossings = new List<double>();
        for (var k = 1; k < 8; k++)
        {
            var y = bottom + (top - bottom) * k / 8;
            crossings.Clear();
            foreach (var ring in largest)
            {
                for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
                {
                    var (xi, yi) = ring[i];
                    var (xj, yj) = ring[j];
                    if ((yi > y) != (yj > y))
                    {
                        crossings.Add(xi + (y - yi) * (xj - xi) / (yj - yi));
                    }
                }
            }
            crossings.Sort();
            for (var i = 0; i + 1 < crossings.Count; i += 2)
            {
                if (crossings[i + 1] - crossings[i] > best.Width)
                {
                    best = (crossings[i + 1] - crossings[i], ((crossings[i] + crossings[i + 1]) / 2, y));
                }
            }
        }
        return best.Point;
    }

    /// <summary>Shoelace formula; positive when counter-clockwise.</summary>
    public static double Area((double X, double Y)[] ring)
    {
        var sum = 0.0;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            sum += ring[j].X * ring[i].Y - ring[i].X * ring[j].Y;
        }
        return sum / 2;
    }
}
