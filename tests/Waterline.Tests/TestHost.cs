using Microsoft.AspNetCore.Mvc.Testing;
using Waterline.Tests.Access;

namespace Waterline.Tests;

/// <summary>The real web host (WebApplicationFactory) on its own temporary SQLite file, without the demo world (tests
/// count their own data) but with the demo accounts, so tests sign in through the real login form. Deleted on dispose.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"waterline-host-{Guid.NewGuid():N}.db");

    private TestHost() => Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .UseSetting("ConnectionStrings:Waterline", $"Data Source={_dbFile};Pooling=false")
        .UseSetting("DemoWorld:Enabled", "false"));

    public WebApplicationFactory<Program> Factory { get; }

    public static async Task<TestHost> StartAsync()
    {
        var host = new TestHost();
        await SignInHttp.CreateDemoAccountsAsync(host.Factory.Services);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        foreach (var f in new[] { _dbFile, _dbFile + "-wal", _dbFile + "-shm" })
        {
            File.Delete(f);
        }
    }
}
