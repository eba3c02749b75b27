using System.Globalization;
using Waterline.Analytics.Hotspots;
using Waterline.Storage;

namespace Waterline.Hotspots;

/// <summary>The spatial unit the hotspot map counts in.</summary>
public enum AreaUnit
{
    /// <summary>Square cells of a chosen size over the extent of the events (Belgium has no municipality polygons here).</summary>
    Grid,
    /// <summary>Dutch municipalities (CBS 2025 boundaries), neighbours by shared boundary (queen contiguity).</summary>
    Municipality,
}

/// <summary>How an area came out of the Gi* test after the false-discovery-rate correction.</summary>
public enum HotspotClass
{
    NotSignificant,
    Hotspot,
    Coldspot,
}

/// <summary>Where the readable events concentrate beyond chance: counts per municipality or grid cell, Getis-Ord Gi* over
/// each area and its neighbours, Benjamini-Hochberg over all areas, and a kernel density surface for the map.</summary>
/// <remarks>Significance uses the normal p-value of Gi* (Ord and Getis 1995) adjusted for the false discovery rate; the
/// permutation pseudo p-value is reported beside it, but its floor of 1/(permutations + 1) is too coarse for the
/// correction over thousands of cells.</remarks>
public static class MapHotspots
{
    public const int MaxPermutations = 9999;
    public const int MaxCells = 150_000;
    public const double MinCellMetres = 100;
    public const double MaxCellMetres = 20_000;
    private const int MaxDensitySide = 160;

    /// <param name="Filter">Which events.</param>
    /// <param name="Unit">Grid cells or Dutch municipalities.</param>
    /// <param name="CellMetres">Side of a grid cell, in metres (grid only).</param>
    /// <param name="Permutations">Conditional permutations for the pseudo p-values (0: none).</param>
    /// <param name="Q">False discovery rate for the hot and cold classes.</param>
    /// <param name="BandwidthMetres">Kernel bandwidth of the density surface; null: twice the cell size (at least 300 m) on the grid, 1500 m for municipalities.</param>
    /// <param name="Seed">Seed of the permutations (same seed, same pseudo p-values).</param>
    public sealed record Request(HotspotFilter Filter, AreaUnit Unit = AreaUnit.Grid, double CellMetres = 500, int Permutations = 999,
        double Q = 0.05, double? BandwidthMetres = null, int Seed = 1)
    {
        /// <summary>The first problem with the request, as "field: reason"; null when it is valid.</summary>
        public string? Problem() =>
            Filter.Problem()
            ?? (!(CellMetres >= MinCellMetres && CellMetres <= MaxCellMetres) ? $"cellSize: must be from {MinCellMetres:0} to {MaxCellMetres:0} metres (was {CellMetres})."
            : Permutations is < 0 or > MaxPermutations ? $"permutations: must be from 0 to {MaxPermutations} (was {Permutations})."
            : !(Q > 0 && Q < 1) ? $"q: must be above 0 and below 1 (was {Q})."
            : BandwidthMetres is { } b && !(b >= 50 && b <= 50_000) ? $"bandwidth: must be from 50 to 50000 metres (was {b})."
            : Unit == AreaUnit.Municipality && Filter.Country == "BE" ? "unit: Belgium has no municipality boundaries in Waterline's reference data; use the grid."
            : null);
    }

    /// <param name="Id">Municipality code (GMxxxx) or cell id (c{column}r{row}).</param>
    /// <param name="Name">Municipality name, or the cell's centre.</param>
    /// <param name="Count">Readable events in the area.</param>
    /// <param name="Gi">Gi* (share of the total in the area and its neighbours).</param>
    /// <param name="ZScore">Gi* z-score: above 0, more than expected around the area.</param>
    /// <param name="PValue">Two-sided normal p-value.</param>
    /// <param name="PseudoPValue">Folded pseudo p-value from the conditional permutations; null without permutations.</param>
    /// <param name="AdjustedPValue">Benjamini-Hochberg adjusted p-value over all areas.</param>
    /// <param name="Class">Hotspot or coldspot when the adjusted p-value is at most q.</param>
    /// <param name="South">Southern edge (latitude) of the area's bounding box.</param>
    /// <param name="West">Western edge (longitude).</param>
    /// <param name="North">Northern edge.</param>
    /// <param name="East">Eastern edge.</param>
    public sealed record Area(string Id, string Name, int Count, double Gi, double ZScore, double PValue, double? PseudoPValue,
        double AdjustedPValue, HotspotClass Class, double South, double West, double North, double East);

    /// <summary>Kernel density (quartic kernel) in events per km², row-major from the south-west corner.</summary>
    public sealed record Density(double South, double West, double CellLatitude, double CellLongitude, int Columns, int Rows,
        double BandwidthMetres, double CellMetres, double Max, double[] Values);

    /// <param name="Request">What was asked.</param>
    /// <param name="Events">Readable events counted.</param>
    /// <param name="Unplaced">Readable events without a position in any area (no coordinates, or outside every municipality).</param>
    /// <param name="Cells">Areas in the test (every grid cell, empty ones included).</param>
    /// <param name="Areas">Municipalities: all; grid: the cells with an event or a significant class (the others are empty and not significant).</param>
    /// <param name="Hotspots">Areas classed hotspot.</param>
    /// <param name="Coldspots">Areas classed coldspot.</param>
    /// <param name="Density">The density surface; null without events.</param>
    /// <param name="Projection">The planar projection the statistics ran in.</param>
    /// <param name="Note">Something the reader should know about the scope (for example: municipalities are Dutch only).</param>
    public sealed record Result(Request Request, int Events, int Unplaced, int Cells, IReadOnlyList<Area> Areas, int Hotspots, int Coldspots,
        Density? Density, string Projection, string? Note);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            HotspotInputException.ThrowIf(request.Problem());
            var filter = request.Unit == AreaUnit.Municipality ? request.Filter with { Country = "NL" } : request.Filter;
            var events = await HotspotEvents.LoadAsync(db, filter, needCoordinates: request.Unit == AreaUnit.Grid, ct);
            var projection = LocalProjection.Around(events, 52.1, 5.3);
            var (areas, counts, weights, unplaced) = request.Unit == AreaUnit.Grid
                ? Grid(events, projection, request.CellMetres)
                : Municipalities(events, projection, request.Filter.RegionCode);
            var note = request.Unit == AreaUnit.Municipality && request.Filter.Country is null
                ? "Municipality boundaries exist for the Netherlands only: Dutch events are counted." : null;
            if (areas.Count == 0)
            {
                return new Result(request, events.Count, unplaced, 0, [], 0, 0, null, projection.Describe(), note);
            }

            var values = counts.Select(c => (double)c).ToArray();
            var gi = GetisOrd.Gi(values, weights, star: true, request.Permutations, request.Seed);
            var adjusted = FalseDiscoveryRate.Adjust(gi.PValue);
            var result = new List<Area>(areas.Count);
            for (var i = 0; i < areas.Count; i++)
            {
                var z = gi.ZScore[i];
                var significant = adjusted[i] <= request.Q && double.IsFinite(z) && z != 0;
                var cls = !significant ? HotspotClass.NotSignificant : z > 0 ? HotspotClass.Hotspot : HotspotClass.Coldspot;
                if (request.Unit == AreaUnit.Grid && counts[i] == 0 && cls == HotspotClass.NotSignificant)
                {
                    continue;
                }
                var a = areas[i];
                result.Add(new Area(a.Id, a.Name, counts[i], Finite(gi.Statistic[i]), Finite(z), Finite(gi.PValue[i]),
                    gi.PseudoPValue is { } pseudo ? pseudo[i] : null, Finite(adjusted[i]), cls, a.South, a.West, a.North, a.East));
            }
            var density = events.Count > 0 ? Surface(events, projection, request) : null;
            return new Result(request, events.Count, unplaced, areas.Count, result, result.Count(a => a.Class == HotspotClass.Hotspot),
                result.Count(a => a.Class == HotspotClass.Coldspot), density, projection.Describe(), note);
        }
    }

    /// <summary>NaN (an area with no variance around it) travels as 0 / p = 1 in JSON.</summary>
    private static double Finite(double v) => double.IsNaN(v) ? 0 : v;

    internal sealed record AreaShape(string Id, string Name, double South, double West, double North, double East);

    /// <summary>Square cells over the events' extent plus one empty cell on each side, so edge events have neighbours on
    /// every side; queen neighbours (the eight around).</summary>
    private static (List<AreaShape>, int[], SpatialWeights, int) Grid(List<HotspotEvent> events, LocalProjection projection, double cell)
    {
        if (events.Count == 0)
        {
            return ([], [], SpatialWeights.FromNeighbours([]), 0);
        }
        var xs = events.Select(e => projection.X(e.Longitude)).ToArray();
        var ys = events.Select(e => projection.Y(e.Latitude)).ToArray();
        var minX = (Math.Floor(xs.Min() / cell) - 1) * cell;
        var minY = (Math.Floor(ys.Min() / cell) - 1) * cell;
        var columns = (int)Math.Floor((xs.Max() - minX) / cell) + 2;
        var rows = (int)Math.Floor((ys.Max() - minY) / cell) + 2;
        if ((long)columns * rows > MaxCells)
        {
            throw new HotspotInputException("cellSize", string.Create(CultureInfo.InvariantCulture,
                $"{cell:0} m cells over these events make a grid of {columns} x {rows} = {(long)columns * rows} cells, above {MaxCells}; choose larger cells, a region or a country."));
        }
        var counts = new int[columns * rows];
        for (var i = 0; i < xs.Length; i++)
        {
            var c = (int)Math.Floor((xs[i] - minX) / cell);
            var r = (int)Math.Floor((ys[i] - minY) / cell);
            counts[(r * columns) + c]++;
        }
        var shapes = new List<AreaShape>(columns * rows);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var (south, north) = (projection.Latitude(minY + (r * cell)), projection.Latitude(minY + ((r + 1) * cell)));
                var (west, east) = (projection.Longitude(minX + (c * cell)), projection.Longitude(minX + ((c + 1) * cell)));
                shapes.Add(new AreaShape(string.Create(CultureInfo.InvariantCulture, $"c{c}r{r}"),
                    string.Create(CultureInfo.InvariantCulture, $"{cell:0} m cell at {(south + north) / 2:0.0000} N, {(west + east) / 2:0.0000} E"),
                    south, west, north, east));
            }
        }
        return (shapes, counts, SpatialWeights.Lattice(rows, columns, ContiguityRule.Queen), 0);
    }

    /// <summary>Dutch municipalities (of one province when a region is given); an event is placed by its municipality code,
    /// or by its coordinates when the code is missing or unknown.</summary>
    private static (List<AreaShape>, int[], SpatialWeights, int) Municipalities(List<HotspotEvent> events, LocalProjection projection, string? region)
    {
        var municipalities = MunicipalityBoundaries.All.Where(m => region is null || m.ProvinceCode == region).ToList();
        var index = municipalities.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var counts = new int[municipalities.Count];
        var unplaced = 0;
        foreach (var e in events)
        {
            if (e.MunicipalityCode is { } code && index.TryGetValue(code, out var i))
            {
                counts[i]++;
                continue;
            }
            var holder = double.IsNaN(e.Latitude) ? -1 : municipalities.FindIndex(m => MunicipalityBoundaries.Contains(m, e.Longitude, e.Latitude));
            if (holder >= 0)
            {
                counts[holder]++;
            }
            else
            {
                unplaced++;
            }
        }
        var shapes = municipalities.Select(m => new AreaShape(m.Code, m.Name, m.Bounds.South, m.Bounds.West, m.Bounds.North, m.Bounds.East)).ToList();
        var weights = SpatialWeights.Contiguity([.. municipalities.Select(m => MunicipalityBoundaries.Projected(m, projection))], ContiguityRule.Queen);
        return (shapes, counts, weights, unplaced);
    }

    /// <summary>Quartic kernel density over the events' extent plus a bandwidth each side, on at most 160 x 160 cells.</summary>
    private static Density Surface(List<HotspotEvent> events, LocalProjection projection, Request request)
    {
        var placed = events.Where(e => !double.IsNaN(e.Latitude)).ToList();
        var bandwidth = request.BandwidthMetres ?? (request.Unit == AreaUnit.Grid ? Math.Max(300, 2 * request.CellMetres) : 1500);
        var xs = placed.Select(e => projection.X(e.Longitude)).ToArray();
        var ys = placed.Select(e => projection.Y(e.Latitude)).ToArray();
        if (xs.Length == 0)
        {
            return new Density(0, 0, 0, 0, 0, 0, bandwidth, 0, 0, []);
        }
        var (minX, minY) = (xs.Min() - bandwidth, ys.Min() - bandwidth);
        var (width, height) = (xs.Max() + bandwidth - minX, ys.Max() + bandwidth - minY);
        var cell = Math.Max(Math.Max(width, height) / MaxDensitySide, bandwidth / 4);
        var columns = Math.Max(1, (int)Math.Ceiling(width / cell));
        var rows = Math.Max(1, (int)Math.Ceiling(height / cell));
        var grid = KernelDensity.Estimate(xs, ys, null, bandwidth, minX, minY, cell, columns, rows);
        // Per square metre to per square kilometre; four decimals are plenty for a colour ramp.
        var values = grid.Values.Select(v => Math.Round(v * 1e6, 4)).ToArray();
        var (south, west) = (projection.Latitude(minY), projection.Longitude(minX));
        return new Density(south, west, projection.Latitude(minY + cell) - south, projection.Longitude(minX + cell) - west,
            columns, rows, bandwidth, cell, values.Length == 0 ? 0 : values.Max(), values);
    }
}
