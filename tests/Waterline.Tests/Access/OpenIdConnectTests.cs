using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Waterline.Web.Access;

namespace Waterline.Tests.Access;

/// <summary>The OpenID Connect switch. The provider's metadata is given to the handler as a static configuration,
/// so the challenge is checked without any network.</summary>
public sealed class OpenIdConnectTests : IAsyncLifetime
{
    private const string AuthorizationEndpoint = "https://idp.example.test/realms/be-fedpol/protocol/openid-connect/auth";
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"waterline-oidc-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var f in new[] { _dbFile, _dbFile + "-wal", _dbFile + "-shm" })
        {
            File.Delete(f);
        }
        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> Start(bool withProvider) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("ConnectionStrings:Waterline", $"Data Source={_dbFile};Pooling=false")
            .UseSetting("DemoWorld:Enabled", "false");
        if (withProvider)
        {
            b.UseSetting("Authentication:OpenIdConnect:Authority", "https://idp.example.test/realms/be-fedpol")
                .UseSetting("Authentication:OpenIdConnect:ClientId", "waterline")
                .UseSetting("Authentication:OpenIdConnect:ClientSecret", "s3cret");
            b.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(AccessHosting.ExternalScheme, o => o.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = "https://idp.example.test/realms/be-fedpol",
                AuthorizationEndpoint = AuthorizationEndpoint,
                TokenEndpoint = "https://idp.example.test/realms/be-fedpol/protocol/openid-connect/token",
            }));
        }
    });

    [Fact]
    public async Task With_an_authority_configured_the_scheme_exists_and_the_button_sends_the_browser_to_the_authorization_endpoint()
    {
        await using var factory = Start(withProvider: true);
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.NotNull(await schemes.GetSchemeAsync(AccessHosting.ExternalScheme));

        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync(new Uri("/account/login?ReturnUrl=%2Fintake%2Fupload", UriKind.Relative));
        Assert.Contains("id=\"sign-in-external\"", login, StringComparison.Ordinal);
        Assert.Contains("Sign in with your organisation", login, StringComparison.Ordinal);

        var token = await client.AntiforgeryTokenAsync();
        using var response = await client.PostAsync(new Uri("/account/external-login?ReturnUrl=%2Fintake%2Fupload", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Purpose"] = "case 12" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(AuthorizationEndpoint, location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("waterline", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("http://localhost/signin-oidc", query["redirect_uri"]);
        Assert.Contains("email", query["scope"]!.Split(' '));
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task The_external_sign_in_needs_the_antiforgery_token()
    {
        await using var factory = Start(withProvider: true);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.PostAsync(new Uri("/account/external-login", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_authority_only_local_sign_in_exists()
    {
        await using var factory = Start(withProvider: false);
        var schemes = (await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync()).Select(s => s.Name);
        Assert.Equal([AccessHosting.CookieScheme], schemes);

        using var client = factory.CreateClient();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Contains("id=\"sign-in\"", login, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in-external", login, StringComparison.Ordinal);
    }
}
