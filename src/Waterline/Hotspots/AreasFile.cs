using System.Globalization;
using System.Text.Json;

namespace Waterline.Hotspots;

/// <summary>Areas read from a GeoJSON file, in feature order: their ids, their rings (per area all rings of all parts, each
/// ring x,y interleaved, as <c>SpatialWeights.Contiguity</c> takes them) and one numeric column.</summary>
public sealed record AreaSet(string[] Ids, double[][][] Polygons, double[] Values, string ValueProperty);

/// <summary>Reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features (RFC 7946). Coordinates are taken as they
/// are: contiguity needs no projection, distances do. Refusals are <see cref="FormatException"/>s naming the file, the
/// feature (1-based, in file order) and the property.</summary>
public static class AreasFile
{
    /// <param name="path">The GeoJSON file.</param>
    /// <param name="valueProperty">The property holding the numbers to analyse.</param>
    /// <param name="idProperty">The property holding the area ids; null: the features' <c>id</c> members, or 1, 2, 3… when
    /// the features have none.</param>
    public static AreaSet Read(string path, string valueProperty, string? idProperty = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file", path);
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (document)
            return Read(document.RootElement, path, valueProperty, idProperty);
    }

    public static AreaSet Read(JsonElement root, string name, string valueProperty, string? idProperty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(valueProperty);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{name}: not a GeoJSON FeatureCollection (type \"FeatureCollection\" with a features array)");
        var ids = new List<string>();
        var polygons = new List<double[][]>();
        var values = new List<double>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var feature in features.EnumerateArray())
        {
            number++;
            var where = $"{name}, feature {number}";
            if (feature.ValueKind != JsonValueKind.Object)
                throw new FormatException($"{where}: not an object");
            var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            string id;
            if (idProperty is not null)
            {
                if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(idProperty, out var idValue))
                    throw new FormatException($"{where}, property '{idProperty}': missing");
                id = Text(idValue) ?? throw new FormatException($"{where}, property '{idProperty}': not a string or a number");
            }
            else if (feature.TryGetProperty("id", out var featureId))
            {
                id = Text(featureId) ?? throw new FormatException($"{where}, member 'id': not a string or a number");
            }
            else
            {
                id = number.ToString(CultureInfo.InvariantCulture);
            }
            if (id.Length == 0)
                throw new FormatException($"{where}, property '{idProperty ?? "id"}': empty");
            if (!seen.TryAdd(id, number))
                throw new FormatException($"{where}, property '{idProperty ?? "id"}': id '{id}' already belongs to feature {seen[id]}");
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(valueProperty, out var valueElement))
                throw new FormatException($"{where}, property '{valueProperty}': missing");
            double value;
            if (valueElement.ValueKind == JsonValueKind.Number)
                value = valueElement.GetDouble();
            else if (valueElement.ValueKind != JsonValueKind.String
                || !double.TryParse(valueElement.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                throw new FormatException($"{where}, property '{valueProperty}': {valueElement.GetRawText()} is not a number");
            if (!double.IsFinite(value))
                throw new FormatException($"{where}, property '{valueProperty}': not a finite number");
            polygons.Add(Rings(feature, where));
            ids.Add(id);
            values.Add(value);
        }
        if (ids.Count == 0)
            throw new FormatException($"{name}: the collection has no features");
        return new AreaSet([.. ids], [.. polygons], [.. values], valueProperty);
    }

    /// <summary>Numbers as R writes them: 1.0 becomes "1", so numeric ids match GAL files.</summary>
    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Trim(),
        JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static double[][] Rings(JsonElement feature, string where)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}, geometry: missing (every area needs a Polygon or MultiPolygon)");
        var kind = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{where}, geometry: no coordinates array");
        var rings = new List<double[]>();
        switch (kind)
        {
            case "Polygon":
                AddPolygon(coordinates, rings, where);
                break;
            case "MultiPolygon":
                foreach (var part in coordinates.EnumerateArray())
                    AddPolygon(part, rings, where);
                break;
            default:
                throw new FormatException($"{where}, geometry: type '{kind}' is not Polygon or MultiPolygon");
        }
        if (rings.Count == 0)
            throw new FormatException($"{where}, geometry: no rings");
        return [.. rings];
    }

    private static void AddPolygon(JsonElement polygon, List<double[]> rings, string where)
    {
        if (polygon.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{where}, geometry: a polygon is not an array of rings");
        foreach (var ring in polygon.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{where}, geometry: a ring is not an array of positions");
            var coordinates = new List<double>();
            foreach (var position in ring.EnumerateArray())
            {
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                    || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                    throw new FormatException($"{where}, geometry: position {position.GetRawText()} is not [x, y]");
                coordinates.Add(position[0].GetDouble());
                coordinates.Add(position[1].GetDouble());
            }
            if (coordinates.Count < 8)
                throw new FormatException($"{where}, geometry: a ring has fewer than four positions");
            rings.Add([.. coordinates]);
        }
    }
}
