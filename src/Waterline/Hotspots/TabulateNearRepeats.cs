using Waterline.Analytics.Hotspots;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Hotspots;

/// <summary>Does one incident raise the risk of another nearby in the following days? Pairs of readable incidents counted by
/// distance band and day band against the mean of the same table with the days shuffled among the incidents (Ratcliffe's
/// Near Repeat Calculator; Knox 1964).</summary>
public static class TabulateNearRepeats
{
    public const int MaxPermutations = 9999;
    public const int MaxEvents = 20_000;
    public static IReadOnlyList<double> DefaultDistances { get; } = [200, 400, 800, 1600];
    public static IReadOnlyList<double> DefaultDays { get; } = [7, 14, 30];

    /// <param name="Filter">Which incidents; shootings by default.</param>
    /// <param name="DistanceBands">Upper edges in metres, increasing (a pair at d metres falls in the first band with d at most its edge).</param>
    /// <param name="DayBands">Upper edges in whole days, increasing.</param>
    /// <param name="Permutations">Shuffles of the days for the expected counts and the p-values.</param>
    /// <param name="Seed">Seed of the shuffles.</param>
    public sealed record Request(HotspotFilter Filter, IReadOnlyList<double> DistanceBands, IReadOnlyList<double> DayBands, int Permutations = 999, int Seed = 1)
    {
        public static Request Shootings(HotspotFilter? filter = null) =>
            new(filter ?? new HotspotFilter(HotspotSource.Violence, IncidentType: IncidentType.Shooting), DefaultDistances, DefaultDays);

        /// <summary>The first problem with the request, as "field: reason"; null when it is valid.</summary>
        public string? Problem() =>
            Filter.Problem()
            ?? (Bands(DistanceBands, 100_000) is { } d ? $"distances: {d}"
            : Bands(DayBands, 3650) is { } t ? $"days: {t}"
            : DayBands.Any(v => v != Math.Floor(v)) ? "days: must be whole days."
            : Permutations is < 1 or > MaxPermutations ? $"permutations: must be from 1 to {MaxPermutations} (was {Permutations})."
            : null);

        private static string? Bands(IReadOnlyList<double> edges, double max) =>
            edges.Count is 0 or > 12 ? "give 1 to 12 band edges."
            : edges.Any(e => !(e > 0 && e <= max)) ? $"every edge must be above 0 and at most {max}."
            : edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First) ? "edges must increase."
            : null;
    }

    /// <param name="DistanceFrom">Lower edge of the distance band (exclusive, except 0), metres.</param>
    /// <param name="DistanceTo">Upper edge (inclusive), metres.</param>
    /// <param name="DaysFrom">Lower edge of the day band (exclusive, except 0).</param>
    /// <param name="DaysTo">Upper edge (inclusive), days.</param>
    /// <param name="Observed">Pairs of incidents this close in space and in time.</param>
    /// <param name="Expected">Mean of the same count over the shuffles.</param>
    /// <param name="Ratio">Observed over expected (the Knox ratio); above 1: more pairs than chance.</param>
    /// <param name="PValue">Share of shuffles with at least as many pairs ((k + 1) / (permutations + 1)).</param>
    public sealed record Cell(double DistanceFrom, double DistanceTo, double DaysFrom, double DaysTo, long Observed, double Expected,
        double Ratio, double PValue);

    /// <param name="Request">What was asked.</param>
    /// <param name="Events">Readable incidents with coordinates in the table.</param>
    /// <param name="Cells">Distance band by day band, row-major (distance first).</param>
    /// <param name="Projection">The planar projection the distances were measured in.</param>
    public sealed record Result(Request Request, int Events, IReadOnlyList<Cell> Cells, string Projection);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            HotspotInputException.ThrowIf(request.Problem());
            var events = await HotspotEvents.LoadAsync(db, request.Filter, needCoordinates: true, ct);
            if (events.Count > MaxEvents)
            {
                throw new HotspotInputException("from", $"{events.Count} incidents are more than the table takes ({MaxEvents}); narrow the period, region or type.");
            }
            var projection = LocalProjection.Around(events);
            var distances = request.DistanceBands.ToArray();
            var days = request.DayBands.ToArray();
            if (events.Count < 2)
            {
                return new Result(request, events.Count, Empty(distances, days), projection.Describe());
            }
            var x = events.Select(e => projection.X(e.Longitude)).ToArray();
            var y = events.Select(e => projection.Y(e.Latitude)).ToArray();
            // Whole days, as the Near Repeat Calculator counts them: an incident at 23:00 and one at 01:00 the next day are 1 day apart.
            var t = events.Select(e => (double)DateOnly.FromDateTime(e.OccurredAt).DayNumber).ToArray();
            var table = NearRepeat.Compute(x, y, t, distances, days, request.Permutations, request.Seed);
            var cells = new List<Cell>(distances.Length * days.Length);
            for (var i = 0; i < distances.Length; i++)
            {
                for (var j = 0; j < days.Length; j++)
                {
                    cells.Add(new Cell(i == 0 ? 0 : distances[i - 1], distances[i], j == 0 ? 0 : days[j - 1], days[j], table.Observed[i, j],
                        table.Expected[i, j], double.IsFinite(table.Ratio[i, j]) ? table.Ratio[i, j] : 0, table.PValue[i, j]));
                }
            }
            return new Result(request, events.Count, cells, projection.Describe());
        }
    }

    private static List<Cell> Empty(double[] distances, double[] days) =>
        [.. from i in Enumerable.Range(0, distances.Length)
            from j in Enumerable.Range(0, days.Length)
            select new Cell(i == 0 ? 0 : distances[i - 1], distances[i], j == 0 ? 0 : days[j - 1], days[j], 0, 0, 0, 1)];
}
