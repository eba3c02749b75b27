using Waterline.Analytics.Hotspots;
using Waterline.Hotspots;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>Columbus, OH, 49 neighbourhoods (Anselin 1988), from ../shared/data/stats/spatial (spData 2.2.1, CC0).</summary>
public static class Columbus
{
    public static string File(string name) => Path.Combine(SharedData.Folder(), "stats", "spatial", name);

    private static readonly Lazy<AreaSet> LazyAreas = new(() => AreasFile.Read(File("columbus.geojson"), "CRIME", "POLYID"));

    /// <summary>The polygons with CRIME, ids from POLYID (1..49 in file order).</summary>
    public static AreaSet Areas => LazyAreas.Value;

    public static double[] Crime => Areas.Values;

    /// <summary>Centroid columns X and Y of columbus.csv, in POLYID order.</summary>
    public static (double[] X, double[] Y) Centroids()
    {
        var lines = System.IO.File.ReadAllLines(File("columbus.csv"));
        var header = lines[0].Split(',');
        int xColumn = Array.IndexOf(header, "X"), yColumn = Array.IndexOf(header, "Y");
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        return ([.. rows.Select(r => double.Parse(r[xColumn], System.Globalization.CultureInfo.InvariantCulture))],
            [.. rows.Select(r => double.Parse(r[yColumn], System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>The named neighbour set: queen, rook (the shipped spdep exports), anselin (spData's historical GAL).</summary>
    public static SpatialWeights Gal(string name) => GalFile.Read(File(name switch
    {
        "queen" => "columbus_queen.gal",
        "rook" => "columbus_rook.gal",
        _ => "columbus_spdata_anselin.gal",
    })).ToWeights(Areas.Ids);
}
