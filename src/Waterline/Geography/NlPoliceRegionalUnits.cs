using System.Reflection;

namespace Waterline.Geography;

/// <summary>Which Dutch police regional unit (RE01-RE10) each municipality (GMxxxx) belongs to. A unit is made of
/// whole municipalities (CBS draws both 2025 layers from the same boundaries), so one interior point of each
/// municipality, tested against the unit polygons, decides it. Computed once per
/// process from the embedded CBS/PDOK TopoJSON (25-40 ms; see NlPoliceRegionalUnitsTests).</summary>
public static class NlPoliceRegionalUnits
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Overlay = new(Compute);

    /// <summary>Police regional unit code by CBS municipality code, for all 342 municipalities of 2025.</summary>
    public static IReadOnlyDictionary<string, string> ByMunicipality => Overlay.Value;

    internal static IReadOnlyDictionary<string, string> Compute()
    {
        var units = Read("geo/nl_police_regional_units_2025.topojson");
        var byMunicipality = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var municipality in Read("geo/nl_municipalities_2025.topojson"))
        {
            var (x, y) = PlanarPolygons.InteriorPoint(municipality.Polygons);
            var holders = units.Where(u => PlanarPolygons.Contains(u.Polygons, x, y)).ToList();
            if (holders.Count != 1)
            {
                // The generalised layers share CBS boundaries, so this means a changed or damaged file.
                throw new InvalidDataException($"Municipality {municipality.Code} ({municipality.Name}): its interior point " +
                    $"({x:F4}, {y:F4}) lies in {holders.Count} police regional units.");
            }
            byMunicipality[municipality.Code] = holders[0].Code;
        }
        return byMunicipality;
    }

    private static IReadOnlyList<TopoFeature> Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        return TopoJson.ReadFeatures(stream);
    }
}
