using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Displacement;

/// <summary>The displacement API through the real host: the analysis's shape, problem details naming the field,
/// interventions and watches.</summary>
public sealed class DisplacementApiTests
{
    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("field", out var f) ? f.GetString() : null;

    [Fact]
    public async Task The_analysis_interventions_and_watches_answer_over_http_and_bad_fields_are_named()
    {
        await using var host = await TestHost.StartAsync();
        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
            var rows = new List<Observation>();
            for (var year = 2017; year <= 2023; year++)
                foreach (var (port, country, source, count) in new[] { ("BEANR", "BE", "BE-CUSTOMS", 5 + year - 2017), ("NLRTM", "NL", "NL-HARC", 6) })
                    for (var i = 0; i < count; i++)
                        rows.Add(new Seizure
                        {
                            Country = country, SourceOrganisation = source, ExternalId = $"{port}-{year}-{i}", Market = Market.Cocaine, Echelon = Echelon.ImportTransit,
                            OccurredAt = new DateTime(year, 4, 1, 0, 0, 0, DateTimeKind.Utc), RecordedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                            Port = port, Tlp = Tlp.Green,
                        });
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync(rows, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.be-fedpol");

        foreach (var (query, field) in new[] { ("dimension=galaxy", "dimension"), ("window=3", "window"), ("market=spice", "market"),
            ("dimension=port&area=Antwerp", "area"), ("granularity=month&from=2019", "from"), ("intervention=x", "intervention"), ("intervention=999", "intervention") })
        {
            using var bad = await analyst.GetAsync(new Uri($"/api/displacement?{query}", UriKind.Relative));
            Assert.Equal((HttpStatusCode.BadRequest, field), (bad.StatusCode, await FieldAsync(bad)));
        }

        using (var recorded = await analyst.PostAsJsonAsync("/api/displacement/interventions",
            new { date = "2020-06-01", title = "New scanner", dimension = "port", area = "BEANR", tlp = "clear" }))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        using (var bad = await analyst.PostAsJsonAsync("/api/displacement/interventions", new { date = "2020-13-01", title = "x" }))
            Assert.Equal((HttpStatusCode.BadRequest, "date"), (bad.StatusCode, await FieldAsync(bad)));
        var interventions = await analyst.GetFromJsonAsync<JsonElement>("/api/displacement/interventions");
        var id = interventions.EnumerateArray().Single().GetProperty("id").GetInt64();

        var result = await analyst.GetFromJsonAsync<JsonElement>($"/api/displacement?market=cocaine&dimension=port&area=BEANR,NLRTM&intervention={id}");
        Assert.Equal(7, result.GetProperty("periods").GetArrayLength());
        Assert.Equal(["BEANR", "NLRTM"], result.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("area").GetString()));
        var counts = result.GetProperty("series")[0].GetProperty("counts");
        Assert.Equal(5, counts[0].GetProperty("value").GetDouble());
        Assert.True(counts[0].GetProperty("lower").GetDouble() < 5 && counts[0].GetProperty("upper").GetDouble() > 5);
        Assert.Equal(7, result.GetProperty("total").GetArrayLength());
        Assert.Equal(4, result.GetProperty("windows").GetArrayLength()); // three of five years, and the whole span
        var window = result.GetProperty("windows")[0];
        Assert.False(string.IsNullOrEmpty(window.GetProperty("summary").GetString()));
        // The scanner (June 2020) leaves three periods after it in the whole span: enough for the segmented regression.
        Assert.Contains(result.GetProperty("windows")[3].GetProperty("evidence").EnumerateArray(), s => s.GetProperty("kind").GetString() == "level_change");
        Assert.Equal("New scanner", result.GetProperty("interventions")[0].GetProperty("title").GetString());

        using (var bad = await analyst.PostAsJsonAsync("/api/displacement/watches", new { name = "w", selection = "dimension=port&window=2" }))
            Assert.Equal((HttpStatusCode.BadRequest, "selection.window"), (bad.StatusCode, await FieldAsync(bad)));
        using (var saved = await analyst.PostAsJsonAsync("/api/displacement/watches", new { name = "Ports", selection = "market=cocaine&dimension=port", since = "2021" }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
            Assert.Equal("2023", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastPeriod").GetString());
        }
        Assert.Single((await analyst.GetFromJsonAsync<JsonElement>("/api/displacement/watches")).EnumerateArray());
        Assert.Equal(JsonValueKind.Array, (await analyst.GetFromJsonAsync<JsonElement>("/api/displacement/alerts")).ValueKind);
        using (var missing = await analyst.PostAsync(new Uri("/api/displacement/alerts/999/acknowledge", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
