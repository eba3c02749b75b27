using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Intake;

/// <summary>The intake endpoints through the real host (WebApplicationFactory) on a temporary SQLite file.</summary>
public sealed class IntakeApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    private const string Seizure = """
        {"external_id": "API-1", "source_organisation": "BE-CUSTOMS", "market": "cocaine", "echelon": "import-transit",
         "occurred_at": "2024-05-01T10:00:00+02:00", "country": "BE", "municipality": "Antwerpen", "quantity": 12, "unit": "kilogram"}
        """;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _factory = _host.Factory;
        _client = _factory.CreateClient();
        // The organisation the test rows come from: nobody submits in another organisation's name.
        await _client.SignInAsync("analyst.be-customs");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<int> CountObservationsAsync()
    {
        using var scope = _factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem().Observations.CountAsync();
    }

    [Fact]
    public async Task A_valid_single_observation_is_created_and_posting_it_again_returns_200_with_the_same_id()
    {
        var created = await _client.PostAsync("/api/observations/seizure", Json(Seizure));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("created", first.GetProperty("outcome").GetString());

        var again = await _client.PostAsync("/api/observations/seizure", Json(Seizure));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal("already-present", second.GetProperty("outcome").GetString());
        Assert.Equal(1, await CountObservationsAsync());
    }

    [Fact]
    public async Task An_invalid_single_observation_gets_a_400_problem_naming_the_field()
    {
        var response = await _client.PostAsync("/api/observations/seizure", Json(Seizure.Replace("\"cocaine\", \"echelon\"", "\"cocaïne2\", \"echelon\"")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("row").GetInt32());
        Assert.Equal("market", error.GetProperty("field").GetString());
        Assert.StartsWith("'cocaïne2' is not a market", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountObservationsAsync());
    }

    [Theory]
    [InlineData("/api/observations/seizures", "{}", "kind")]
    [InlineData("/api/observations/seizure", "{not json", "Invalid JSON")]
    [InlineData("/api/observations/seizure", "", "Invalid JSON")]
    [InlineData("/api/observations/seizure/batch", "", "empty")]
    [InlineData("/api/observations/seizure/batch", "[{\"external_id\": ", "malformed")]
    public async Task Unknown_kinds_malformed_json_and_empty_bodies_get_a_400_problem(string url, string body, string mentioned)
    {
        var response = await _client.PostAsync(url, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_reports_each_bad_row_keeps_the_good_ones_and_posting_it_twice_adds_nothing()
    {
        var batch = "[" + Seizure + "," + Seizure.Replace("API-1", "API-2").Replace("\"country\": \"BE\"", "\"country\": \"FR\"") + ","
            + Seizure.Replace("API-1", "API-3") + "]";
        var response = await _client.PostAsync("/api/observations/seizure/batch", Json(batch));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("accepted").GetInt32());
        Assert.Equal(0, report.GetProperty("alreadyPresent").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal((2, "country"), (rejected.GetProperty("row").GetInt32(), rejected.GetProperty("field").GetString()));
        Assert.True(report.GetProperty("importBatchId").GetInt64() > 0);

        var twice = await (await _client.PostAsync("/api/observations/seizure/batch", Json(batch))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, twice.GetProperty("accepted").GetInt32());
        Assert.Equal(2, twice.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(2, await CountObservationsAsync());
    }

    [Fact]
    public async Task An_uploaded_file_is_imported_by_the_background_job_which_reports_at_the_end()
    {
        var csv = "external_id,source_organisation,market,echelon,occurred_at,country,municipality\n" +
            "U-1,BE-CUSTOMS,cannabis,production,2024-06-01,NL,Eindhoven\n" +
            "U-2,BE-CUSTOMS,cannabis,production,2024-06-02,NL,Atlantis\n";
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("seizure"), "kind");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "upload.csv");

        var accepted = await _client.PostAsync("/api/imports", form);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        Assert.StartsWith("/api/imports/", location, StringComparison.Ordinal);

        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            job = await _client.GetFromJsonAsync<JsonElement>(location);
        }
        while (job.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        var report = job.GetProperty("report");
        Assert.Equal(1, report.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal((2, "municipality"), (rejected.GetProperty("row").GetInt32(), rejected.GetProperty("field").GetString()));
        Assert.Equal(2, job.GetProperty("progress").GetProperty("rowsRead").GetInt32());

        // The report names rows and values of someone's file: another account does not find the job.
        using var other = _factory.CreateClient();
        await other.SignInAsync("analyst.be-fedpol");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task The_csv_template_of_a_kind_imports_cleanly()
    {
        // The seizure template's example row comes from BE-CUSTOMS, the signed-in organisation.
        var template = await _client.GetStringAsync("/api/imports/template/seizure.csv");
        Assert.StartsWith("external_id,source_organisation,market,", template, StringComparison.Ordinal);
        Assert.Contains("substance,quantity,unit,purity,port", template, StringComparison.Ordinal);

        // The example row is meant to import as is: uploading the template gives one accepted row.
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("seizure"), "kind");
        form.Add(new StringContent(template), "file", "template.csv");
        var location = (await _client.PostAsync("/api/imports", form)).Headers.Location!.ToString();
        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            job = await _client.GetFromJsonAsync<JsonElement>(location);
        }
        while (job.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        Assert.Equal(1, job.GetProperty("report").GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_intake_endpoints()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/observations/{kind}", out var single));
        Assert.Equal("RecordObservation", single.GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(paths.TryGetProperty("/api/observations/{kind}/batch", out _));
        Assert.True(paths.GetProperty("/api/imports").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .TryGetProperty("multipart/form-data", out _));
        Assert.True(paths.TryGetProperty("/api/imports/{id}", out _));
    }
}
