using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Tests.Audit;

// Over HTTP on a real SQLite file. Sign-in belongs to the access module; here a test scheme reads the identity from a
// header, and the "Administrators" policy is registered as the access module defines it (role Administrator).
public sealed class AuditApiTests : IAsyncLifetime
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"waterline-audit-api-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Waterline", $"Data Source={_dbFile};Pooling=false")
            .UseSetting("DemoWorld:Enabled", "false")
            .ConfigureTestServices(s =>
            {
                s.AddAuthentication(HeaderUser.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.SchemeName, null);
                s.AddAuthorizationBuilder().AddPolicy("Administrators", p => p.RequireRole("Administrator"));
            }));
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await log.AppendAsync(db, new AuditRecord("anna.peeters", "FGP-ANT", AuditAction.Consultation, "person:42", "case 2026/117"), CancellationToken.None);
        await log.AppendAsync(db, new AuditRecord("bram.devos", "FGP-ANT", AuditAction.Collection, "import_batch:7", null, null, "{\"accepted\":5}"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        foreach (var f in new[] { _dbFile, _dbFile + "-wal", _dbFile + "-shm" })
        {
            File.Delete(f);
        }
    }

    private HttpClient Client(string? user)
    {
        var client = _factory.CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(HeaderUser.Header, user);
        }
        return client;
    }

    [Fact]
    public async Task Only_administrators_reach_the_log()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client("anna.peeters|FGP-ANT|Analyst").GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client("anna.peeters|FGP-ANT|Analyst").GetAsync("/api/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client("admin.janssens|WATERLINE|Administrator").GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_search_answers_json_newest_first_and_is_recorded_with_the_administrators_purpose()
    {
        var admin = Client("admin.janssens|WATERLINE|Administrator");
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
        Assert.Equal(("admin.janssens", "WATERLINE", AuditAction.Consultation, "COC review"), (recorded.Actor, recorded.Organisation, recorded.Action, recorded.Purpose));
    }

    [Fact]
    public async Task A_bad_filter_is_a_problem_naming_the_parameter()
    {
        var response = await Client("admin.janssens|WATERLINE|Administrator").GetAsync("/api/audit?action=Delete");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("action", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_export_is_a_csv_attachment_and_itself_an_audit_entry_with_its_recipient()
    {
        var response = await Client("admin.janssens|WATERLINE|Administrator").GetAsync("/api/audit/export?actor=anna.peeters&recipient=COC");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', ExportAuditLog.Header), lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        var export = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditAction.Export);
        Assert.Equal(("admin.janssens", "COC", "{\"actor\":\"anna.peeters\"}"), (export.Actor, export.Recipient, export.Detail));
    }

    [Fact]
    public void No_endpoint_can_change_or_remove_an_entry()
    {
        var audit = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/audit", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["/api/audit", "/api/audit/export"], audit.Select(e => e.RoutePattern.RawText!.TrimEnd('/')).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.Equal(["GET"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
    }

    /// <summary>Signs the request in as <c>account|organisation|role</c> from a header.</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString() is not { Length: > 0 } value)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var parts = value.Split('|');
            var identity = new ClaimsIdentity(
                [new(ClaimTypes.Name, parts[0]), new("organisation", parts[1]), new(ClaimTypes.Role, parts[2])], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
