using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waterline.DemoWorld;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Estimation;

/// <summary>The estimation API through the real host over the planted dark number (DemoDarkNumber): problem details
/// naming the field, the purpose rule, and the demo population's estimate.</summary>
public sealed class EstimationApiTests
{
    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("field", out var f) ? f.GetString() : null;

    [Fact]
    public async Task The_estimate_refuses_bad_fields_and_a_missing_purpose_and_returns_models_and_strata_over_http()
    {
        await using var host = await TestHost.StartAsync();
        using (var scope = host.Factory.Services.CreateScope())
        {
            await DemoDarkNumber.WriteAsync(scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem(), 20240101, CancellationToken.None);
        }
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.be-fedpol");

        foreach (var (query, field) in new[] { ("list=BE-FEDPOL&market=spice", "market"), ("list=BE-FEDPOL&from=2025-13-01", "from"),
            ("list=BE-FEDPOL&kind=Plantation", "kind"), ("matching=Fuzzy", "matching"), ("market=Cannabis", "list"),
            ("list=A&list=B&list=C&list=D&list=E&list=F", "list"), ("list=BE-FEDPOL&from=2025-05-01&to=2025-04-01", "to") })
        {
            using var bad = await analyst.GetAsync(new Uri($"/api/estimation?{query}", UriKind.Relative));
            Assert.Equal((HttpStatusCode.BadRequest, field), (bad.StatusCode, await FieldAsync(bad)));
        }
        using (var refused = await analyst.GetAsync(new Uri("/api/estimation", UriKind.Relative)))
        {
            Assert.Equal((HttpStatusCode.Forbidden, "purpose"), (refused.StatusCode, await FieldAsync(refused)));
        }
        var result = await analyst.GetFromJsonAsync<JsonElement>("/api/estimation?purpose=study%202026-07");
        Assert.Equal("Address", result.GetProperty("matchingUsed").GetString());
        var models = result.GetProperty("estimate").GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(8, models.Count);
        var chosen = result.GetProperty("estimate").GetProperty("chosen");
        var truth = DemoDarkNumber.Truth.Sum(t => t.Plantations);
        Assert.InRange(truth, chosen.GetProperty("lower").GetDouble(), chosen.GetProperty("upper").GetDouble());
        Assert.Equal(3, result.GetProperty("strata").GetArrayLength());
        Assert.True(result.GetProperty("sum").GetProperty("total").GetDouble() > result.GetProperty("sum").GetProperty("observed").GetDouble());

        var two = await analyst.GetFromJsonAsync<JsonElement>("/api/estimation?list=BE-FEDPOL&list=BE-GRID&kind=ProductionSite&kind=PartnerSignal&country=BE&from=2025-01-01&to=2025-12-31&purpose=study");
        Assert.Equal(3, two.GetProperty("estimate").GetProperty("histories").GetArrayLength());
        var one = await analyst.GetFromJsonAsync<JsonElement>("/api/estimation?list=BE-TIPS&from=2025-01-01&purpose=study");
        Assert.Equal(JsonValueKind.Null, one.GetProperty("estimate").ValueKind);
        Assert.Contains(one.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("Only one list", StringComparison.Ordinal));
    }
}
