using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Hosting;

public sealed class PostgresHostingTests
{
    [Fact]
    public async Task The_app_runs_on_PostgreSQL_with_only_a_connection_string_configured()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Waterline", test.Settings.ConnectionString)
            .UseSetting("DemoWorld:Scale", "0.02"));
        using var client = factory.CreateClient();

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        Assert.Equal(DatabaseProvider.Postgres, db.Provider);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.True(await db.Places.CountAsync() > 1000);

        using var openApi = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        Assert.Equal("Waterline API", openApi.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Errors_leave_as_problem_details()
    {
        var file = Path.Combine(Path.GetTempPath(), $"waterline-http-{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
                .UseSetting("ConnectionStrings:Waterline", $"Data Source={file};Pooling=false")
                .UseSetting("DemoWorld:Enabled", "false"));
            using var client = factory.CreateClient();
            await SignInHttp.CreateDemoAccountsAsync(factory.Services);
            await client.SignInAsync("analyst.be-fedpol");
            var response = await client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
