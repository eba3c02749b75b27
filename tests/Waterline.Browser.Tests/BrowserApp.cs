using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Waterline.Browser.Tests;

/// <summary>The real app on a real Kestrel port over a fresh SQLite file seeded with a small demo world,
/// and the system Chromium (no browser download). One per test collection; each test opens its own page.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"waterline-browser-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Waterline", $"Data Source={_dbFile};Pooling=false")
            .UseSetting("DemoWorld:Scale", "0.2"));
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await PictureData.WriteAsync(_factory.Services);

        var chromium = Environment.GetEnvironmentVariable("WATERLINE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}. Run scripts/test (it installs it) or: apt-get install chromium");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // --no-sandbox: required when running as root; the rest keep Chromium off the closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
    }

    /// <summary>A page in its own browser context, signed in through the login form as a demo account
    /// (an analyst unless said otherwise).</summary>
    public async Task<IPage> NewPageAsync(string account = "analyst.be-fedpol")
    {
        var page = await NewAnonymousPageAsync();
        await SignInAsync(page, account);
        return page;
    }

    /// <summary>A page in its own browser context, nobody signed in.</summary>
    public async Task<IPage> NewAnonymousPageAsync()
    {
        var page = await Browser.NewPageAsync(new() { BaseURL = BaseUrl, AcceptDownloads = true });
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>Signs in with the demo password, as a person would, and waits until the header names the account.</summary>
    public static async Task SignInAsync(IPage page, string account, string password = "demo-waterline")
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", account);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.Locator("#signed-in").WaitForAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        foreach (var f in new[] { _dbFile, _dbFile + "-wal", _dbFile + "-shm" })
        {
            File.Delete(f);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
