using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Access;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>The access matrix through the real host: every demo account, signed in through the login form, asks the
/// endpoints that count, sum, map, export, offer months and suggest; each answer must match the rule
/// (<see cref="AccessMatrix.ShouldSee"/>) for that account's organisation and role. SQLite file; the use-case matrix
/// covers PostgreSQL.</summary>
public sealed class AccessApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private Dictionary<string, long> _ids = [];

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _factory = _host.Factory;
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
        await AccessMatrix.WriteAsync(db);
        _ids = await db.Observations.ToDictionaryAsync(o => o.ExternalId, o => o.Id);
        await new RecordSubjects.Handler(db).HandleAsync(new RecordSubjects.Request(_ids["acc-000"],
            [new RecordSubjects.NewSubject(SubjectKind.Person, SubjectRole.Suspect, "Piet Janssens (synthetic)")]), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    public static TheoryData<string> AnalystAccounts =>
        [.. CreateDemoAccounts.Accounts.Where(a => a.Role is Role.Analyst or Role.Investigator or Role.Administrator).Select(a => a.UserName)];

    [Theory]
    [MemberData(nameof(AnalystAccounts))]
    public async Task Picture_export_filter_months_and_suggestions_answer_from_what_the_account_may_read(string account)
    {
        var demo = CreateDemoAccounts.Accounts.Single(a => a.UserName == account);
        var reader = new Reader(account, demo.Organisation, demo.Role);
        var expected = AccessMatrix.Records().Where(r => AccessMatrix.ShouldSee(reader, r)).ToList();
        using var client = _factory.CreateClient();
        await client.SignInAsync(account);

        using var picture = JsonDocument.Parse(await client.GetStringAsync("/api/picture?measure=quantity_kg"));
        var totals = picture.RootElement.GetProperty("totals").EnumerateArray().Sum(t => t.GetProperty("value").GetDouble());
        var map = picture.RootElement.GetProperty("regions").EnumerateArray().Sum(t => t.GetProperty("value").GetDouble());
        Assert.Equal(expected.Sum(r => r.Kg), totals, 6);
        Assert.Equal(expected.Sum(r => r.Kg), map, 6);

        var csv = (await client.GetStringAsync("/api/picture/export.csv?measure=quantity_kg")).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# Waterline export: ", csv[0], StringComparison.Ordinal);
        Assert.Equal(expected.Sum(r => r.Kg), csv.Skip(2).Sum(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)), 6);
        // The markings line names exactly the owners whose records went in, and the most restrictive TLP among them.
        var owners = string.Join(' ', expected.Select(r => r.Owner).Distinct().Order(StringComparer.Ordinal));
        Assert.EndsWith($"sources {owners}", csv[0], StringComparison.Ordinal);
        Assert.Contains($"TLP:{ExportMarkings.TlpText(expected.Max(r => r.Tlp))};", csv[0], StringComparison.Ordinal);

        // The dashboard page itself renders the totals server-side (tr.total rows carry their value).
        var page = await client.GetStringAsync("/?measure=quantity_kg");
        var pageTotal = System.Text.RegularExpressions.Regex.Matches(page, "<tr class=\"total\"[^>]*>.*?data-value=\"([^\"]*)\"",
                System.Text.RegularExpressions.RegexOptions.Singleline)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Sum(r => r.Kg), pageTotal, 6);

        using var filters = JsonDocument.Parse(await client.GetStringAsync("/api/picture/filters"));
        Assert.Equal(PictureMonth(expected.Min(r => r.Month)), filters.RootElement.GetProperty("firstMonth").GetString());
        Assert.Equal(PictureMonth(expected.Max(r => r.Month)), filters.RootElement.GetProperty("lastMonth").GetString());

        var suggested = await client.GetFromJsonAsync<JsonElement>("/api/observations/suggest?q=acc-&limit=50");
        Assert.Equal(expected.Select(r => r.ExternalId).Order(StringComparer.Ordinal).Take(50),
            suggested.EnumerateArray().Select(s => s.GetProperty("externalId").GetString()));

        foreach (var r in AccessMatrix.Records().Where((_, i) => i % 7 == 0))
        {
            using var one = await client.GetAsync($"/api/observations/{_ids[r.ExternalId]}");
            Assert.Equal(AccessMatrix.ShouldSee(reader, r) ? HttpStatusCode.OK : HttpStatusCode.NotFound, one.StatusCode);
        }
    }

    private static string PictureMonth(int month) => global::Waterline.Picture.PictureVocabulary.MonthText(month);

    [Theory]
    [InlineData("reporter.be-grid")]
    [InlineData("researcher.be-nicc")]
    public async Task Reporters_and_researchers_reach_no_record_endpoint(string account)
    {
        using var client = _factory.CreateClient();
        await client.SignInAsync(account);
        foreach (var path in new[] { "/api/picture", "/api/picture/export.csv", "/api/picture/filters", "/api/observations/suggest?q=acc-", $"/api/observations/{_ids["acc-000"]}" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_researcher_receives_an_extract_with_small_cells_suppressed_and_nothing_else()
    {
        var reader = new Reader("researcher.be-nicc", "BE-NICC", Role.Researcher);
        var expected = AccessMatrix.Records().Where(r => AccessMatrix.ShouldCountForResearch(reader, r)).ToList();
        using var client = _factory.CreateClient();
        await client.SignInAsync("researcher.be-nicc");
        using var extract = JsonDocument.Parse(await client.GetStringAsync("/api/research/extract"));
        var rows = extract.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, extract.RootElement.GetProperty("suppressBelow").GetInt32());
        Assert.All(rows, r => Assert.False(r.TryGetProperty("sourceOrganisation", out _)));
        var cells = expected.GroupBy(r => (r.Month / 100, r.Country)).ToList();
        Assert.Equal(cells.Where(g => g.Count() >= 5).Sum(g => g.Count()),
            rows.Where(r => !r.GetProperty("suppressed").GetBoolean()).Sum(r => r.GetProperty("observations").GetInt64()));

        using var analyst = _factory.CreateClient();
        await analyst.SignInAsync("analyst.be-fedpol");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/research/extract")).StatusCode);
    }

    [Fact]
    public async Task Personal_data_over_the_api_needs_a_purpose_from_the_session_or_the_query()
    {
        var id = _ids["acc-000"]; // owned by BE-FEDPOL
        using var client = _factory.CreateClient();
        await client.SignInAsync("analyst.be-fedpol");
        using var refused = await client.GetAsync($"/api/observations/{id}?personal=true");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("purpose", problem.RootElement.GetProperty("field").GetString());
        }
        using var plain = JsonDocument.Parse(await client.GetStringAsync($"/api/observations/{id}"));
        Assert.Equal(1, plain.RootElement.GetProperty("personalSubjects").GetInt32());
        Assert.Empty(plain.RootElement.GetProperty("subjects").EnumerateArray());

        using var given = JsonDocument.Parse(await client.GetStringAsync($"/api/observations/{id}?personal=true&purpose=case%20BE-2024-118"));
        Assert.Equal("Piet Janssens (synthetic)", given.RootElement.GetProperty("subjects")[0].GetProperty("name").GetString());

        using var session = _factory.CreateClient();
        await session.SignInAsync("analyst.be-fedpol", purpose: "case BE-2024-200");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/api/observations/{id}?personal=true")).StatusCode);
    }

    [Fact]
    public async Task Forwarding_over_the_api_obeys_the_markings_and_reaches_the_recipient()
    {
        // AccessMatrix.Records(): acc-016 is BE-FEDPOL's TLP:AMBER, H0, released to no set; acc-034 its TLP:RED, H0, named NL-HARC.
        using var owner = _factory.CreateClient();
        await owner.SignInAsync("analyst.be-fedpol");
        using var dutch = _factory.CreateClient();
        await dutch.SignInAsync("analyst.nl-politie");
        var amber = _ids["acc-016"];
        Assert.Equal(HttpStatusCode.NotFound, (await dutch.GetAsync($"/api/observations/{amber}")).StatusCode);

        using var forwarded = await owner.PostAsJsonAsync($"/api/observations/{amber}/forward", new { recipient = "NL-POLITIE", reason = "JIT" });
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dutch.GetAsync($"/api/observations/{amber}")).StatusCode);

        using var red = await owner.PostAsJsonAsync($"/api/observations/{_ids["acc-034"]}/forward", new { recipient = "NL-POLITIE" });
        Assert.Equal(HttpStatusCode.Forbidden, red.StatusCode);
        Assert.Contains("TLP:RED", await red.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await owner.PostAsJsonAsync($"/api/observations/{amber}/forward", new { recipient = "XX-NOBODY" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var consent = await dutch.PostAsJsonAsync($"/api/observations/{amber}/consents", new { recipient = "NL-HARC" });
        Assert.Equal(HttpStatusCode.Forbidden, consent.StatusCode);
    }

    [Fact]
    public async Task Nobody_submits_a_record_in_another_organisations_name()
    {
        using var client = _factory.CreateClient();
        await client.SignInAsync("reporter.be-grid");
        const string row = """
            {"external_id": "GRID-1", "source_organisation": "BE-CUSTOMS", "market": "cannabis", "echelon": "production",
             "occurred_at": "2024-05-01", "country": "BE", "municipality": "Antwerpen", "signal_type": "utility-anomaly"}
            """;
        using var response = await client.PostAsync("/api/observations/partner-signal", new StringContent(row, Encoding.UTF8, "application/json"));
        Assert.False(response.IsSuccessStatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("source_organisation", body, StringComparison.Ordinal);
        Assert.Contains("you submit for BE-GRID only", body, StringComparison.Ordinal);
    }
}
