using Microsoft.EntityFrameworkCore;
using Waterline.DemoWorld;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Hotspots;

/// <summary>The demo world's violence incidents of 2022-2024 at full scale (the generator's own stream, so its planted hotspots
/// and near repeats are the truth to find), written through the ObservationWriter with their markings.</summary>
public static class HotspotWorld
{
    public static readonly GenerateDemoWorld.Request Request = new(20240101, 1.0, 2022, 2024);

    private static readonly Lazy<IReadOnlyList<ViolenceIncident>> Generated = new(() =>
        [.. GenerateDemoWorld.Observations(Request).OfType<ViolenceIncident>()]);

    /// <summary>The planted truth: the incidents as generated.</summary>
    public static IReadOnlyList<ViolenceIncident> Incidents => Generated.Value;

    public static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        // A fresh stream: the writer sets ids and markings on the objects it writes.
        var incidents = GenerateDemoWorld.Observations(Request).OfType<ViolenceIncident>().Cast<Observation>().ToList();
        await using var db = test.NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync(incidents, CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
        Assert.Equal(Incidents.Count, await db.Observations.CountAsync());
        return test;
    }

    /// <summary>Equirectangular metres about (lat0, lon0), written here from the formula in the docs (R = 6 371 008.8 m).</summary>
    public static (double X, double Y) Project(double lat, double lon, double lat0, double lon0)
    {
        const double r = 6_371_008.8;
        var k = Math.PI / 180;
        return ((lon - lon0) * k * r * Math.Cos(lat0 * k), (lat - lat0) * k * r);
    }
}
