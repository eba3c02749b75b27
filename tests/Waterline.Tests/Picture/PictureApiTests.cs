using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Picture;

// Over HTTP on a real SQLite file seeded with PictureDataset; expected values are hand-computed from that dataset.
public sealed class PictureApiTests : IAsyncLifetime
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"waterline-picture-api-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Waterline", $"Data Source={_dbFile};Pooling=false")
            // Expected values are hand-computed from PictureDataset alone.
            .UseSetting("DemoWorld:Enabled", "false"));
        _client = _factory.CreateClient();
        await SignInHttp.CreateDemoAccountsAsync(_factory.Services);
        await _client.SignInAsync("analyst.be-fedpol");
        using var scope = _factory.Services.CreateScope();
        await PictureDataset.WriteAsync(scope.ServiceProvider.GetRequiredService<WaterlineDbContext>());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        foreach (var f in new[] { _dbFile, _dbFile + "-wal", _dbFile + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public async Task The_picture_answers_json_with_series_provinces_totals_and_the_unit()
    {
        var response = await _client.GetAsync("/api/picture?measure=quantity_kg&granularity=quarter&country=BE,NL");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal("kg", root.GetProperty("measure").GetProperty("unit").GetString());
        Assert.Equal(["2024-Q1", "2024-Q2"], root.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        var be = root.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("country").GetString() == "BE");
        Assert.Equal([180.0, 0.5], be.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        var totals = root.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("country").GetString()!, t => t.GetProperty("value").GetDouble());
        Assert.Equal(180.5, totals["BE"], 9);
        Assert.Equal(240, totals["NL"], 9);
        var antwerp = root.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("regionCode").GetString() == "10000");
        Assert.Equal("BE-VAN", antwerp.GetProperty("mapId").GetString());
    }

    [Fact]
    public async Task The_export_is_a_csv_attachment_with_the_unit_in_the_value_column_and_the_table_rows()
    {
        var response = await _client.GetAsync("/api/picture/export.csv?measure=quantity_kg&group=country&sort=value&dir=desc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));
        // NL 200 + 40 kg; BE 100 + 50 + 30 + 0.5 kg. The first line carries the markings of the seizures behind them
        // (PictureDataset: all TLP:CLEAR, H0; seizures from BE-CUSTOMS, BE-LOCPOL and NL-DOUANE).
        Assert.Equal(["# Waterline export: TLP:CLEAR; handling H0; sources BE-CUSTOMS BE-LOCPOL NL-DOUANE", "country,quantity_kg", "NL,240", "BE,180.5"], lines);
    }

    [Theory]
    [InlineData("/api/picture?market=crack", "market")]
    [InlineData("/api/picture?measure=price", "measure")]
    [InlineData("/api/picture?from=2024-13", "from")]
    [InlineData("/api/picture?group=country&sort=market", "sort")]
    [InlineData("/api/picture/export.csv?region=Antwerpen", "region")]
    public async Task A_bad_query_value_is_refused_with_a_problem_naming_the_parameter(string url, string field)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.StartsWith(field + ":", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_renders_its_data_and_the_unit_server_side_and_names_a_bad_parameter()
    {
        var html = await _client.GetStringAsync("/?measure=mean_load&country=NL");
        Assert.Contains("<h1>Market picture</h1>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"picture-data\"", html, StringComparison.Ordinal);
        Assert.Contains("mg/1000 inhabitants/day", html, StringComparison.Ordinal);
        // NL mean load (900 + 300) / 2 = 600, shown in the totals row with its export text.
        Assert.Contains("data-country=\"NL\"", html, StringComparison.Ordinal);
        Assert.Contains("data-value=\"600\"", html, StringComparison.Ordinal);

        var bad = await _client.GetStringAsync("/?granularity=week");
        Assert.Contains("The view cannot be shown: granularity:", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filter_options_list_the_provinces_and_the_months_with_data()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/picture/filters"));
        var root = json.RootElement;
        // 10 Belgian provinces + Brussels-Capital, 12 Dutch provinces.
        Assert.Equal(23, root.GetProperty("provinces").GetArrayLength());
        Assert.Equal("2024-01", root.GetProperty("firstMonth").GetString());
        Assert.Equal("2024-06", root.GetProperty("lastMonth").GetString());
        Assert.Contains(root.GetProperty("markets").EnumerateArray(), m => m.GetProperty("value").GetString() == "synthetic_drugs");
    }

    [Theory]
    [InlineData("be_provinces_simplified.geojson", 11)]
    [InlineData("nl_provinces_2025.topojson", 12)]
    public async Task The_map_geometry_is_served_from_the_app_with_a_long_cache(string name, int provinces)
    {
        var response = await _client.GetAsync("/geo/" + name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.MaxAge >= TimeSpan.FromDays(30));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var count = json.RootElement.TryGetProperty("features", out var features)
            ? features.GetArrayLength()
            : json.RootElement.GetProperty("objects").EnumerateObject().Single().Value.GetProperty("geometries").GetArrayLength();
        Assert.Equal(provinces, count);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/geo/secret.txt")).StatusCode);
    }
}
