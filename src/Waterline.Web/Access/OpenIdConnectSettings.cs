using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Web.Access;

/// <summary>The organisation's OpenID Connect provider (Authentication:OpenIdConnect:Authority, :ClientId,
/// :ClientSecret, :SubjectClaim, :DisplayName). Absent Authority: only local sign-in exists.</summary>
public sealed record OpenIdConnectSettings(string Authority, string ClientId, string? ClientSecret, string SubjectClaim, string DisplayName)
{
    public const string Section = "Authentication:OpenIdConnect";
    public const string PurposeItem = "waterline:purpose";

    public static OpenIdConnectSettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var authority = section["Authority"];
        if (string.IsNullOrWhiteSpace(authority))
        {
            return null;
        }
        var clientId = section["ClientId"];
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new InvalidOperationException($"{Section}:Authority is set but {Section}:ClientId is empty.");
        }
        return new OpenIdConnectSettings(authority.Trim(), clientId.Trim(), section["ClientSecret"],
            section["SubjectClaim"] is { Length: > 0 } claim ? claim : "email",
            section["DisplayName"] is { Length: > 0 } display ? display : "Sign in with your organisation");
    }

    public void Configure(OpenIdConnectOptions o, string signInScheme)
    {
        o.Authority = Authority;
        o.ClientId = ClientId;
        o.ClientSecret = ClientSecret;
        o.SignInScheme = signInScheme;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
        // Claim names as the provider sends them (email, sub), so SubjectClaim means what the provider's documentation says.
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.Events.OnTokenValidated = MapToAccountAsync;
        o.Events.OnRemoteFailure = ctx =>
        {
            ctx.Response.Redirect($"{AccessHosting.LoginPath}?external-error={Uri.EscapeDataString(ctx.Failure?.Message ?? "The sign-in failed.")}");
            ctx.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>The provider says who someone is; the Waterline account says what they may do. No account, no entry.</summary>
    private async Task MapToAccountAsync(TokenValidatedContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var subject = ctx.Principal?.FindFirst(SubjectClaim)?.Value;
        string? purpose = null;
        ctx.Properties?.Items.TryGetValue(PurposeItem, out purpose);
        var result = await new SignInExternal.Handler(services.GetRequiredService<WaterlineDbContext>(), services.GetRequiredService<TimeProvider>())
            .HandleAsync(new SignInExternal.Request(subject, purpose), ctx.HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            ctx.Fail(result.Refusal!);
            return;
        }
        ctx.Principal = ReaderClaims.ToPrincipal(result.Reader!, result.DisplayName ?? result.Reader!.Account, AccessHosting.CookieScheme);
    }

    /// <summary>The challenge that sends the browser to the provider, remembering where to come back and the purpose.</summary>
    public static AuthenticationProperties Challenge(string returnUrl, string? purpose)
    {
        var properties = new AuthenticationProperties { RedirectUri = AccessHosting.LocalUrl(returnUrl) };
        if (Purposes.Normalise(purpose) is { } stated)
        {
            properties.Items[PurposeItem] = stated;
        }
        return properties;
    }
}
