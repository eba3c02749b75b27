using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.DemoWorld;
using Waterline.Hotspots;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Hotspots;

/// <summary>MapHotspots, TabulateNearRepeats and TrackArea on real SQLite and PostgreSQL over the demo world's violence incidents.
/// Expected values: the generator's planted truth (PlantedHotspots, its near repeats) and counts made here from the generated
/// incidents, not by the code under test.</summary>
public sealed class HotspotsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Reader DutchAnalyst = new("analyst.nl-politie", "NL-POLITIE", Role.Analyst);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_planted_hotspots_come_out_as_FDR_significant_Gi_star_hotspots_on_the_grid(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        await using var db = test.NewContext();
        var result = await new MapHotspots.Handler(db).HandleAsync(
            new MapHotspots.Request(new HotspotFilter(Country: "BE"), AreaUnit.Grid, CellMetres: 500, Permutations: 99), None);

        var belgian = HotspotWorld.Incidents.Count(i => i.Country == "BE");
        Assert.Equal(belgian, result.Events);
        Assert.Equal(belgian, result.Areas.Sum(a => a.Count));
        foreach (var h in PlantedHotspots.All)
        {
            var cell = Assert.Single(result.Areas, a => a.South <= h.Latitude && h.Latitude < a.North && a.West <= h.Longitude && h.Longitude < a.East);
            Assert.True(cell.Class == HotspotClass.Hotspot, $"{h.Name}: {cell.Id} has {cell.Count} events, z = {cell.ZScore}, adjusted p = {cell.AdjustedPValue}");
            Assert.True(cell.AdjustedPValue <= 0.05);
            Assert.NotNull(cell.PseudoPValue);
        }
        Assert.True(result.Hotspots >= PlantedHotspots.All.Count);
        Assert.NotNull(result.Density);
        Assert.Equal(result.Density.Columns * result.Density.Rows, result.Density.Values.Length);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_strongest_Dutch_municipal_hotspot_lies_by_Rotterdam_or_Amsterdam_and_counts_follow_the_municipality_codes(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        await using var db = test.NewContext();
        var result = await new MapHotspots.Handler(db).HandleAsync(
            new MapHotspots.Request(new HotspotFilter(), AreaUnit.Municipality, Permutations: 0), None);

        Assert.Equal(342, result.Cells);
        Assert.NotNull(result.Note);
        var dutch = HotspotWorld.Incidents.Where(i => i.Country == "NL").ToList();
        foreach (var group in dutch.GroupBy(i => i.MunicipalityCode!))
        {
            Assert.Equal(group.Count(), result.Areas.Single(a => a.Id == group.Key).Count);
        }
        // Planted: Dutch incidents are drawn around Rotterdam and Amsterdam first (weights 30 and 25 of 100), all coded to the
        // city itself, so the neighbourhoods of those two municipalities carry the highest Gi*.
        Assert.True(result.Hotspots > 0);
        Assert.True(result.Areas.Single(a => a.Id == "GM0599").ZScore > 0);
        var top = result.Areas.MaxBy(a => a.ZScore)!;
        Assert.Equal(HotspotClass.Hotspot, top.Class);
        var (lat, lon) = ((top.South + top.North) / 2, (top.West + top.East) / 2);
        var near = new[] { (51.9244, 4.4777), (52.3676, 4.9041) }.Min(c => Math.Sqrt(Math.Pow(HotspotWorld.Project(lat, lon, c.Item1, c.Item2).X, 2) + Math.Pow(HotspotWorld.Project(lat, lon, c.Item1, c.Item2).Y, 2)));
        Assert.True(near < 30_000, $"{top.Name} ({top.Id}) is {near:0} m from Rotterdam and Amsterdam");
        Assert.All(result.Areas, a => Assert.Null(a.PseudoPValue));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_without_access_does_not_see_restricted_incidents_counted(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        int total, readable, readableShootings;
        await using (var system = test.NewContext())
        {
            var markings = await system.Markings.Where(AccessPolicy.CanRead(DutchAnalyst)).Select(m => m.Id).ToListAsync();
            total = await system.Observations.CountAsync(o => o.Country == "BE");
            readable = await system.Observations.CountAsync(o => o.Country == "BE" && markings.Contains(o.MarkingId));
            readableShootings = await system.Set<ViolenceIncident>().CountAsync(o => o.Country == "BE" && o.IncidentType == IncidentType.Shooting && markings.Contains(o.MarkingId));
        }
        Assert.InRange(readable, 1, total - 1);

        await using var db = await test.NewContextAsync(DutchAnalyst);
        var map = await new MapHotspots.Handler(db).HandleAsync(new MapHotspots.Request(new HotspotFilter(Country: "BE"), Permutations: 0), None);
        Assert.Equal(readable, map.Events);
        Assert.Equal(readable, map.Areas.Sum(a => a.Count));
        var table = await new TabulateNearRepeats.Handler(db).HandleAsync(
            TabulateNearRepeats.Request.Shootings(new HotspotFilter(IncidentType: IncidentType.Shooting, Country: "BE")) with { Permutations = 19 }, None);
        Assert.Equal(readableShootings, table.Events);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_near_repeat_table_counts_every_pair_of_shootings_and_finds_the_planted_near_repeats(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        await using var db = test.NewContext();
        var filter = new HotspotFilter(IncidentType: IncidentType.Shooting, Country: "BE");
        var result = await new TabulateNearRepeats.Handler(db).HandleAsync(TabulateNearRepeats.Request.Shootings(filter) with { Permutations = 199 }, None);

        // Pairs counted here by brute force, in the projection the docs state (equirectangular about the middle of the extent).
        var shootings = HotspotWorld.Incidents.Where(i => i.Country == "BE" && i.IncidentType == IncidentType.Shooting).ToList();
        Assert.Equal(shootings.Count, result.Events);
        var lat0 = (shootings.Min(s => s.Latitude!.Value) + shootings.Max(s => s.Latitude!.Value)) / 2;
        var lon0 = (shootings.Min(s => s.Longitude!.Value) + shootings.Max(s => s.Longitude!.Value)) / 2;
        var points = shootings.Select(s => (P: HotspotWorld.Project(s.Latitude!.Value, s.Longitude!.Value, lat0, lon0), Day: DateOnly.FromDateTime(s.OccurredAt).DayNumber)).ToList();
        double[] distances = [200, 400, 800, 1600];
        double[] days = [7, 14, 30];
        var expected = new long[distances.Length, days.Length];
        for (var a = 0; a < points.Count; a++)
        {
            for (var b = a + 1; b < points.Count; b++)
            {
                var d = Math.Sqrt(Math.Pow(points[a].P.X - points[b].P.X, 2) + Math.Pow(points[a].P.Y - points[b].P.Y, 2));
                var t = Math.Abs(points[a].Day - points[b].Day);
                var i = Array.FindIndex(distances, e => d <= e);
                var j = Array.FindIndex(days, e => t <= e);
                if (i >= 0 && j >= 0)
                {
                    expected[i, j]++;
                }
            }
        }
        Assert.Equal(12, result.Cells.Count);
        for (var i = 0; i < distances.Length; i++)
        {
            for (var j = 0; j < days.Length; j++)
            {
                var cell = result.Cells[(i * days.Length) + j];
                Assert.Equal((distances[i], days[j]), (cell.DistanceTo, cell.DaysTo));
                Assert.Equal(expected[i, j], cell.Observed);
            }
        }
        // Planted: a third of hotspot incidents follow the previous one there within about 80 m and 1-10 days.
        var closest = result.Cells[0];
        Assert.True(closest.Ratio > 1.5, $"ratio {closest.Ratio}");
        Assert.True(closest.PValue <= 0.01, $"p {closest.PValue}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_tracked_circle_counts_its_incidents_by_month_and_is_compared_with_areas_that_do_not_touch_it(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        await using var db = test.NewContext();
        var clemenceau = PlantedHotspots.All[0];
        var request = new TrackArea.Request(new HotspotFilter(Country: "BE"), TrackArea.Area.Circle(clemenceau.Latitude, clemenceau.Longitude, 600),
            new DateOnly(2023, 7, 15));
        var result = await new TrackArea.Handler(db).HandleAsync(request, None);

        Assert.Equal(24, result.Months.Count);
        Assert.Equal(("2022-07", "2023-07", "2024-06"), (result.Months[0], result.Months[result.InterventionIndex], result.Months[^1]));
        var inside = HotspotWorld.Incidents.Where(i => i.Country == "BE")
            .Where(i =>
            {
                var (x, y) = HotspotWorld.Project(i.Latitude!.Value, i.Longitude!.Value, clemenceau.Latitude, clemenceau.Longitude);
                return (x * x) + (y * y) <= 600 * 600;
            });
        var byMonth = new int[24];
        foreach (var i in inside.Where(i => i.OccurredAt >= new DateTime(2022, 7, 1, 0, 0, 0, DateTimeKind.Utc) && i.OccurredAt < new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc)))
        {
            byMonth[((i.OccurredAt.Year - 2022) * 12) + i.OccurredAt.Month - 7]++;
        }
        Assert.Equal(byMonth, result.Tracked.Counts);
        Assert.Equal(byMonth.Take(12).Sum(), result.Tracked.Before);

        Assert.Equal(5, result.Comparable.Count);
        foreach (var c in result.Comparable)
        {
            var offsets = c.Id.Split(',').Select(int.Parse).ToArray();
            Assert.True(Math.Abs(offsets[0]) > 1 || Math.Abs(offsets[1]) > 1, c.Id);
            Assert.Equal(c.Counts.Take(12).Sum(), c.Before);
        }
        Assert.NotNull(result.Effect);
        Assert.True(result.Effect.Lower <= result.Effect.Ratio && result.Effect.Ratio <= result.Effect.Upper);
        Assert.Contains("Relative to them", result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_tracked_municipality_leaves_itself_and_its_neighbours_out_of_the_comparison(DatabaseProvider provider)
    {
        await using var test = await HotspotWorld.SeededAsync(provider);
        await using var db = test.NewContext();
        var result = await new TrackArea.Handler(db).HandleAsync(
            new TrackArea.Request(new HotspotFilter(), TrackArea.Area.OfMunicipality("GM0599"), new DateOnly(2023, 1, 1), Comparisons: 3), None);

        var rotterdam = HotspotWorld.Incidents.Where(i => i.MunicipalityCode == "GM0599" && i.OccurredAt.Year is 2022 or 2023).ToList();
        Assert.Equal(rotterdam.Count, result.Tracked.Counts.Sum());
        // Schiedam, Capelle aan den IJssel and Barendrecht border Rotterdam (CBS 2025).
        Assert.DoesNotContain(result.Comparable, c => c.Id is "GM0599" or "GM0606" or "GM0502" or "GM0489");
        Assert.Equal(3, result.Comparable.Count);
    }

    [Fact]
    public void Requests_with_a_bad_field_are_refused_naming_it()
    {
        var e = Assert.Throws<HotspotInputException>(() => HotspotInputException.ThrowIf(
            new MapHotspots.Request(new HotspotFilter(Country: "BE"), AreaUnit.Municipality).Problem()));
        Assert.Equal("unit", e.Field);
        Assert.StartsWith("distances:", new TabulateNearRepeats.Request(new HotspotFilter(), [400, 200], [7]).Problem(), StringComparison.Ordinal);
        Assert.StartsWith("area.municipality:", new TrackArea.Request(new HotspotFilter(), TrackArea.Area.OfMunicipality("21004"), new DateOnly(2023, 1, 1)).Problem(), StringComparison.Ordinal);
        Assert.StartsWith("incidentType:", new HotspotFilter(HotspotSource.Retail, IncidentType: IncidentType.Arson).Problem(), StringComparison.Ordinal);
    }
}
