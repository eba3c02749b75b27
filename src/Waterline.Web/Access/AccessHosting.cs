using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Web.Access;

/// <summary>Sign-in for the web app: a cookie for the session (local accounts, or an organisation's OpenID Connect
/// provider when Authentication:OpenIdConnect:Authority is set), and the role policies.</summary>
public static class AccessHosting
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string ExternalScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string LoginPath = "/account/login";
    public const string AccessDeniedPath = "/account/access-denied";

    public static IServiceCollection AddWaterlineAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new LockoutPolicy(
            configuration.GetValue("Accounts:Lockout:MaxFailedAttempts", 5),
            TimeSpan.FromMinutes(configuration.GetValue("Accounts:Lockout:Minutes", 15.0))));

        var authentication = services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "waterline.session";
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: the session must survive the redirect back from an organisation's sign-in page;
            // Lax still keeps the cookie off cross-site POSTs, which the upload API relies on.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(configuration.GetValue("Accounts:SessionHours", 8.0));
            o.SlidingExpiration = true;
            o.LoginPath = LoginPath;
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = AccessDeniedPath;
            o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request)
                ? Problem(ctx.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required",
                    "Sign in first: the API uses the same session cookie as the pages.")
                : Redirect(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request)
                ? Problem(ctx.HttpContext, StatusCodes.Status403Forbidden, "Not allowed",
                    "Your role does not give access to this resource.")
                : Redirect(ctx);
            o.Events.OnValidatePrincipal = ValidateAccountAsync;
        });

        var oidc = OpenIdConnectSettings.From(configuration);
        if (oidc is not null)
        {
            services.AddSingleton(oidc);
            authentication.AddOpenIdConnect(ExternalScheme, oidc.DisplayName, o => oidc.Configure(o, CookieScheme));
        }

        services.AddAuthorizationBuilder().AddWaterlinePolicies();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>APIs answer 401/403 problem details; only pages are sent to the sign-in page.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/geo");

    /// <summary>A return URL that stays on this site, else the start page (no open redirects).</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    /// <summary>Where a reader lands after sign-in when no page was asked for: the first page their role reaches.</summary>
    public static string LandingPage(Role role) => role switch
    {
        _ when Policies.AnalystRoles.Contains(role) => "/",
        Role.PartnerReporter => "/intake/upload",
        _ => "/account",
    };

    /// <summary>Signs the reader in for this browser session (the cookie carries the reader's claims).</summary>
    public static Task SignInAsync(HttpContext http, Reader reader, string displayName) =>
        http.SignInAsync(CookieScheme, ReaderClaims.ToPrincipal(reader, displayName, CookieScheme));

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);

    /// <summary>A session ends when its account is disabled, removed, or moved to another role or organisation.</summary>
    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext ctx)
    {
        var user = ctx.Principal;
        var name = user?.Identity?.Name;
        var db = ctx.HttpContext.RequestServices.GetRequiredService<WaterlineDbContext>();
        var account = name is null ? null : await db.Set<Account>().AsNoTracking()
            .Where(a => a.UserName == name)
            .Select(a => new { a.Disabled, a.Role, a.OrganisationCode })
            .SingleOrDefaultAsync(ctx.HttpContext.RequestAborted);
        if (user is null || account is null || account.Disabled || account.Role.ToString() != user.FindFirstValue(ClaimTypes.Role)
            || account.OrganisationCode != user.FindFirstValue(ReaderClaims.Organisation))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
