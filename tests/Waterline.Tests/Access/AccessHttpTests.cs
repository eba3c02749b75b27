using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>Sign-in and role policies through the real host (cookie authentication, antiforgery) on a temporary
/// SQLite file holding the demo accounts.</summary>
public sealed class AccessHttpTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _factory = _host.Factory;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    private HttpClient Client(bool followRedirects = true) =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Theory]
    [InlineData("GET", "/api/picture")]
    [InlineData("GET", "/api/picture/export.csv")]
    [InlineData("GET", "/api/imports/template/seizure.csv")]
    [InlineData("POST", "/api/observations/seizure")]
    public async Task An_api_call_without_sign_in_gets_401_problem_details_and_no_redirect(string method, string path)
    {
        using var client = Client(followRedirects: false);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await ProblemAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_partner_reporter_gets_403_on_the_picture_and_reaches_intake()
    {
        using var client = Client();
        await client.SignInAsync("reporter.be-grid");

        using var picture = await client.GetAsync(new Uri("/api/picture", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, picture.StatusCode);
        Assert.Equal(403, (await ProblemAsync(picture)).GetProperty("status").GetInt32());
        using var export = await client.GetAsync(new Uri("/api/picture/export.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);

        using var template = await client.GetAsync(new Uri("/api/imports/template/seizure.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
    }

    [Fact]
    public async Task An_analyst_gets_the_picture_and_a_researcher_gets_neither_picture_nor_intake()
    {
        using var analyst = Client();
        await analyst.SignInAsync("analyst.be-fedpol");
        using var picture = await analyst.GetAsync(new Uri("/api/picture", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        using var export = await analyst.GetAsync(new Uri("/api/picture/export.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        using var researcher = Client();
        await researcher.SignInAsync("researcher.be-nicc");
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync(new Uri("/api/picture", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync(new Uri("/api/imports/template/seizure.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Pages_send_an_anonymous_visitor_to_the_login_page_and_a_partner_reporter_to_access_denied()
    {
        using var anonymous = Client(followRedirects: false);
        using var home = await anonymous.GetAsync(new Uri("/?market=cocaine", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2F%3Fmarket%3Dcocaine", home.Headers.Location?.PathAndQuery);

        using var reporter = Client();
        await reporter.SignInAsync("reporter.nl-grid");
        using var denied = await reporter.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("/account/access-denied", denied.RequestMessage?.RequestUri?.AbsolutePath);
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("Access denied", html, StringComparison.Ordinal);
        // The menu offers the reporter only what the role reaches.
        Assert.Contains("id=\"nav-upload\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-picture\"", html, StringComparison.Ordinal);

        using var upload = await reporter.GetAsync(new Uri("/intake/upload", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }

    [Fact]
    public async Task Health_and_openapi_need_no_sign_in()
    {
        using var client = Client(followRedirects: false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_login_page_with_the_same_message_as_an_unknown_user_and_no_password_echoed()
    {
        using var client = Client();
        using var wrong = await client.PostLoginAsync("analyst.be-fedpol", "not-the-password");
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Equal("/account/login", wrong.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains(WebUtility.HtmlEncode(SignIn.WrongCredentialsMessage), wrongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrongHtml, StringComparison.Ordinal);

        using var unknown = await client.PostLoginAsync("nobody.be-fedpol", "not-the-password");
        Assert.Contains(WebUtility.HtmlEncode(SignIn.WrongCredentialsMessage), await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/picture", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        using var client = Client(followRedirects: false);
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "analyst.be-fedpol",
            ["Input.Password"] = CreateDemoAccounts.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/picture", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_asked_page_but_never_to_another_site()
    {
        using var client = Client(followRedirects: false);
        using var local = await client.PostLoginAsync("analyst.be-fedpol", CreateDemoAccounts.Password, returnUrl: "/?market=cocaine");
        Assert.Equal("http://localhost/?market=cocaine", local.Headers.Location?.OriginalString);

        using var other = Client(followRedirects: false);
        using var offsite = await other.PostLoginAsync("analyst.be-fedpol", CreateDemoAccounts.Password, returnUrl: "//evil.example/");
        Assert.Equal("http://localhost/", offsite.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_purpose_stated_at_sign_in_is_in_the_session_and_can_be_changed_later()
    {
        using var client = Client();
        await client.SignInAsync("investigator.be-fedpol", purpose: "PV AN.12.34.567/24");
        var session = await client.GetStringAsync(new Uri("/account", UriKind.Relative));
        Assert.Contains("<dd id=\"session-purpose\">PV AN.12.34.567/24</dd>", session, StringComparison.Ordinal);

        var token = await client.AntiforgeryTokenAsync("/account");
        using var changed = await client.PostAsync(new Uri("/account", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "purpose",
            ["__RequestVerificationToken"] = token,
            ["Input.Purpose"] = "Strategic analysis Q3",
        }));
        var html = await changed.Content.ReadAsStringAsync();
        Assert.Contains("id=\"purpose-saved\"", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"session-purpose\">Strategic analysis Q3</dd>", html, StringComparison.Ordinal);
        // Still the same reader: the new cookie is a full session.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/picture", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_and_disabling_the_account_both_end_the_session()
    {
        using var client = Client();
        await client.SignInAsync("analyst.nl-politie");
        var token = await client.AntiforgeryTokenAsync("/account");
        using var signedOut = await client.PostAsync(new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal("/account/login", signedOut.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/picture", UriKind.Relative))).StatusCode);

        using var other = Client();
        await other.SignInAsync("analyst.be-customs");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri("/api/picture/filters", UriKind.Relative))).StatusCode);
        using (var scope = _factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().Set<Account>()
                .Where(a => a.UserName == "analyst.be-customs").ExecuteUpdateAsync(s => s.SetProperty(a => a.Disabled, true));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync(new Uri("/api/picture/filters", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_sign_out_without_the_antiforgery_token_is_refused()
    {
        using var client = Client();
        await client.SignInAsync("analyst.be-fedpol");
        using var response = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/picture/filters", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_login_page_lists_the_demo_accounts_only_in_demo_mode()
    {
        using var client = Client();
        // This host runs without the demo world.
        Assert.DoesNotContain("demo-accounts", await client.GetStringAsync(new Uri("/account/login", UriKind.Relative)), StringComparison.Ordinal);

        await using var demo = _factory.WithWebHostBuilder(b => b.UseSetting("DemoWorld:Enabled", "true").UseSetting("DemoWorld:Scale", "0.01"));
        using var demoClient = demo.CreateClient();
        var html = await demoClient.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Contains("id=\"demo-accounts\"", html, StringComparison.Ordinal);
        Assert.All(CreateDemoAccounts.Accounts, a => Assert.Contains($"data-user=\"{a.UserName}\"", html, StringComparison.Ordinal));
        Assert.Contains(CreateDemoAccounts.Password, html, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in-external", html, StringComparison.Ordinal);
    }
}
