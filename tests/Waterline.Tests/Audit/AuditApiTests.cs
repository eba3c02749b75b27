using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Audit;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Audit;

// Over HTTP on a real SQLite file, signed in through the real login form as demo accounts.
public sealed class AuditApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _factory = _host.Factory;
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await log.AppendAsync(db, new AuditRecord("anna.peeters", "FGP-ANT", AuditAction.Consultation, "person:42", "case 2026/117"), CancellationToken.None);
        await log.AppendAsync(db, new AuditRecord("bram.devos", "FGP-ANT", AuditAction.Collection, "import_batch:7", null, null, "{\"accepted\":5}"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    private const string Analyst = "analyst.be-fedpol";
    private const string Administrator = "admin.be-drugscom";

    private async Task<HttpClient> ClientAsync(string? account)
    {
        var client = _factory.CreateClient();
        if (account is not null)
        {
            await client.SignInAsync(account);
        }
        return client;
    }

    [Fact]
    public async Task Only_administrators_reach_the_log()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await ClientAsync(null)).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(Analyst)).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(Analyst)).GetAsync("/api/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await ClientAsync(Administrator)).GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_search_answers_json_newest_first_and_is_recorded_with_the_administrators_purpose()
    {
        var admin = await ClientAsync(Administrator);
        var response = await admin.GetAsync("/api/audit?organisation=FGP-ANT&purpose=COC%20review");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([2L, 1L], entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("Collection", entries[0].GetProperty("action").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("recordedAs").GetInt64());

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var recorded = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 3);
        Assert.Equal((Administrator, "BE-DRUGSCOM", AuditAction.Consultation, "COC review"), (recorded.Actor, recorded.Organisation, recorded.Action, recorded.Purpose));
    }

    [Fact]
    public async Task A_bad_filter_is_a_problem_naming_the_parameter()
    {
        var response = await (await ClientAsync(Administrator)).GetAsync("/api/audit?action=Delete");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("action", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_export_is_a_csv_attachment_and_itself_an_audit_entry_with_its_recipient()
    {
        var response = await (await ClientAsync(Administrator)).GetAsync("/api/audit/export?actor=anna.peeters&recipient=COC");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', ExportAuditLog.Header), lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var export = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditAction.Export);
        Assert.Equal((Administrator, "COC", "{\"actor\":\"anna.peeters\"}"), (export.Actor, export.Recipient, export.Detail));
    }

    [Fact]
    public void No_endpoint_can_change_or_remove_an_entry()
    {
        var audit = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/audit", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["/api/audit", "/api/audit/export"], audit.Select(e => e.RoutePattern.RawText!.TrimEnd('/')).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.Equal(["GET"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
    }
}
