using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waterline.DemoWorld;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Hotspots;

/// <summary>The hotspots API through the real host: the answers' shape, and problem details naming the field at fault.</summary>
public sealed class HotspotsApiTests
{
    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("field", out var f) ? f.GetString() : null;

    [Fact]
    public async Task The_hotspot_map_near_repeats_and_tracked_areas_answer_over_http_and_bad_fields_are_named()
    {
        await using var host = await TestHost.StartAsync();
        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([.. GenerateDemoWorld.Observations(HotspotWorld.Request).OfType<ViolenceIncident>()], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.be-fedpol");

        var map = await analyst.GetFromJsonAsync<JsonElement>("/api/hotspots?country=BE&cellSize=500&permutations=19");
        Assert.True(map.GetProperty("events").GetInt32() > 0);
        Assert.True(map.GetProperty("hotspots").GetInt32() > 0);
        var area = map.GetProperty("areas").EnumerateArray().First(a => a.GetProperty("class").GetString() == "Hotspot");
        foreach (var name in new[] { "id", "count", "zScore", "pValue", "pseudoPValue", "adjustedPValue", "south", "west", "north", "east" })
        {
            Assert.True(area.TryGetProperty(name, out _), name);
        }
        Assert.True(map.GetProperty("density").GetProperty("values").GetArrayLength() > 0);

        var table = await analyst.GetFromJsonAsync<JsonElement>("/api/hotspots/near-repeat?country=BE&permutations=19");
        Assert.Equal(12, table.GetProperty("cells").GetArrayLength());
        Assert.Equal("Shooting", table.GetProperty("request").GetProperty("filter").GetProperty("incidentType").GetString());

        using (var tracked = await analyst.PostAsJsonAsync("/api/hotspots/tracked-areas", new
        {
            country = "BE", interventionDate = "2023-07-01",
            area = new { shape = "circle", latitude = 50.8416, longitude = 4.3302, radiusMetres = 600 },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
            var result = await tracked.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(24, result.GetProperty("months").GetArrayLength());
            Assert.Equal(24, result.GetProperty("tracked").GetProperty("counts").GetArrayLength());
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("summary").GetString()));
        }

        foreach (var (query, field) in new[]
        {
            ("/api/hotspots?source=rumours", "source"), ("/api/hotspots?unit=municipality&country=BE", "unit"),
            ("/api/hotspots?cellSize=10", "cellSize"), ("/api/hotspots?from=2024-13-01", "from"), ("/api/hotspots?country=FR", "country"),
            ("/api/hotspots?permutations=1.5", "permutations"), ("/api/hotspots?country=BE&cellSize=100&permutations=0", "cellSize"),
            ("/api/hotspots/near-repeat?distances=400,200", "distances"), ("/api/hotspots/near-repeat?days=a", "days"),
            ("/api/hotspots/near-repeat?incidentType=Stabbing", "incidentType"),
        })
        {
            using var bad = await analyst.GetAsync(new Uri(query, UriKind.Relative));
            Assert.Equal((HttpStatusCode.BadRequest, field), (bad.StatusCode, await FieldAsync(bad)));
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }
        foreach (var (body, field) in new (object, string)[]
        {
            (new { interventionDate = "2023-07-01", area = new { shape = "hexagon" } }, "area.shape"),
            (new { interventionDate = "2023-07-01" }, "area"),
            (new { area = new { shape = "circle", latitude = 50.84, longitude = 4.33, radiusMetres = 600 } }, "interventionDate"),
            (new { interventionDate = "2023-07-01", area = new { shape = "circle", latitude = 50.84, longitude = 4.33, radiusMetres = 5 } }, "area.radiusMetres"),
            (new { interventionDate = "2023-07-01", area = new { shape = "municipality", municipality = "21004" } }, "area.municipality"),
        })
        {
            using var bad = await analyst.PostAsJsonAsync("/api/hotspots/tracked-areas", body);
            Assert.Equal((HttpStatusCode.BadRequest, field), (bad.StatusCode, await FieldAsync(bad)));
        }

        using var geo = await analyst.GetAsync(new Uri("/api/hotspots/geo/nl-municipalities", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, geo.StatusCode);
        Assert.Equal("Topology", (await geo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}
