using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waterline.DemoWorld;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Networks;

/// <summary>The networks API through the real host: problem details naming the field, the purpose rule, the removal.</summary>
public sealed class NetworksApiTests
{
    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("field", out var f) ? f.GetString() : null;

    [Fact]
    public async Task The_network_refuses_bad_filters_and_persons_without_purpose_and_simulates_a_removal_over_http()
    {
        await using var host = await TestHost.StartAsync();
        using (var scope = host.Factory.Services.CreateScope())
        {
            await DemoNetwork.WriteAsync(scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem(), 20240101, null, CancellationToken.None);
        }
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.nl-politie");

        foreach (var (query, field) in new[] { ("market=spice", "market"), ("from=2024-13-01", "from"), ("from=2024-05-01&to=2024-04-01", "to"), ("minWeight=0", "minWeight") })
        {
            using var bad = await analyst.GetAsync(new Uri($"/api/networks?{query}", UriKind.Relative));
            Assert.Equal((HttpStatusCode.BadRequest, field), (bad.StatusCode, await FieldAsync(bad)));
        }
        using (var refused = await analyst.GetAsync(new Uri("/api/networks", UriKind.Relative)))
        {
            Assert.Equal((HttpStatusCode.Forbidden, "purpose"), (refused.StatusCode, await FieldAsync(refused)));
        }
        var network = await analyst.GetFromJsonAsync<JsonElement>("/api/networks?from=2024-09-01&to=2024-10-31&purpose=zaak%2026NL0042");
        var nodes = network.GetProperty("nodes").EnumerateArray().ToList();
        Assert.NotEmpty(nodes);
        var hub = nodes.MaxBy(n => n.GetProperty("betweenness").GetDouble());
        var largest = network.GetProperty("summary").GetProperty("largestComponent").GetInt32();

        using (var empty = await analyst.PostAsJsonAsync("/api/networks/removals?purpose=zaak%2026NL0042", new { from = "2024-09-01", remove = Array.Empty<long>() }))
        {
            Assert.Equal((HttpStatusCode.BadRequest, "remove"), (empty.StatusCode, await FieldAsync(empty)));
        }
        using var removal = await analyst.PostAsJsonAsync("/api/networks/removals?purpose=zaak%2026NL0042",
            new { from = "2024-09-01", to = "2024-10-31", remove = new[] { hub.GetProperty("id").GetInt64() } });
        Assert.Equal(HttpStatusCode.OK, removal.StatusCode);
        var result = await removal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(largest, result.GetProperty("before").GetProperty("largestComponent").GetInt32());
        Assert.True(result.GetProperty("after").GetProperty("largestComponent").GetInt32() < largest);
    }

    [Fact]
    public async Task Key_players_are_suggested_over_http_and_the_removal_returns_the_textbook_curve_beside_them()
    {
        await using var host = await TestHost.StartAsync();
        using (var scope = host.Factory.Services.CreateScope())
        {
            await DemoNetwork.WriteAsync(scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem(), 20240101, null, CancellationToken.None);
        }
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.nl-politie");
        const string Url = "/api/networks/key-players?purpose=zaak%2026NL0042";

        foreach (var k in new[] { 0, 21 })
        {
            using var bad = await analyst.PostAsJsonAsync(Url, new { from = "2024-09-01", to = "2024-10-31", k });
            Assert.Equal((HttpStatusCode.BadRequest, "k"), (bad.StatusCode, await FieldAsync(bad)));
        }
        using (var refused = await analyst.PostAsJsonAsync("/api/networks/key-players", new { k = 2 }))
        {
            Assert.Equal((HttpStatusCode.Forbidden, "purpose"), (refused.StatusCode, await FieldAsync(refused)));
        }
        using var response = await analyst.PostAsJsonAsync(Url, new { from = "2024-09-01", to = "2024-10-31", k = 2 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = await response.Content.ReadFromJsonAsync<JsonElement>();
        var players = found.GetProperty("players").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(2, players.Length);
        Assert.True(found.GetProperty("exhaustive").GetBoolean());
        var after = found.GetProperty("fragmentationAfter").GetDouble();
        Assert.True(after > found.GetProperty("fragmentationBefore").GetDouble());

        using var removal = await analyst.PostAsJsonAsync("/api/networks/removals?purpose=zaak%2026NL0042",
            new { from = "2024-09-01", to = "2024-10-31", remove = players });
        var result = await removal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(after, result.GetProperty("after").GetProperty("fragmentation").GetDouble(), 12);
        var textbook = result.GetProperty("textbook").EnumerateArray().ToList();
        Assert.Equal(3, textbook.Count);
        Assert.Equal(3, result.GetProperty("chosen").GetArrayLength());
        // The best pair is never beaten by the textbook pair.
        Assert.True(after >= textbook[^1].GetProperty("fragmentation").GetDouble() - 1e-12);
    }
}
