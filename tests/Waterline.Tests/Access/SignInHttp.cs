using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>Signs an HTTP test client in the way a browser does: the login page's form, with its antiforgery token,
/// through the real cookie authentication.</summary>
public static partial class SignInHttp
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>The antiforgery token of a page's form (the client keeps the matching cookie).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string page = "/account/login")
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        return WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string userName, string password,
        string? purpose = null, string? returnUrl = null)
    {
        var token = await client.AntiforgeryTokenAsync();
        var path = returnUrl is null ? "/account/login" : "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        return await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.Purpose"] = purpose ?? "",
        }));
    }

    /// <summary>Signs in (a demo account by default) and fails loudly when the sign-in is refused.</summary>
    public static async Task SignInAsync(this HttpClient client, string userName, string password = CreateDemoAccounts.Password, string? purpose = null)
    {
        using var response = await client.PostLoginAsync(userName, password, purpose);
        var body = await response.Content.ReadAsStringAsync();
        if (response.RequestMessage?.RequestUri?.AbsolutePath == "/account/login" || response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Found))
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 400)]}");
        }
    }

    /// <summary>The demo accounts in a test host started without the demo world (whose tests count their own data).</summary>
    public static async Task CreateDemoAccountsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
        await new CreateDemoAccounts.Handler(db, TimeProvider.System).HandleAsync(CancellationToken.None);
    }
}
