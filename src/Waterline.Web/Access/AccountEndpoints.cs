using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Waterline.Web.Access;

/// <summary>Sign-out and the start of an external sign-in. The sign-in form and the purpose form are pages
/// (Components/Pages/Account).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        // A form POST carrying the antiforgery token: another site cannot sign a user out.
        account.MapPost("/logout", async (HttpContext http) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid form",
                    detail: "The sign-out form's antiforgery token is missing or wrong; sign out from a Waterline page.");
            }
            await http.SignOutAsync(AccessHosting.CookieScheme);
            return Results.LocalRedirect(AccessHosting.LoginPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous();

        if (app.ServiceProvider.GetService<OpenIdConnectSettings>() is not null)
        {
            account.MapPost("/external-login", ([FromQuery(Name = "ReturnUrl")] string? returnUrl,
                    [FromForm(Name = "Input.Purpose")] string? purpose) =>
                Results.Challenge(OpenIdConnectSettings.Challenge(returnUrl ?? "/", purpose), [AccessHosting.ExternalScheme]))
                .AllowAnonymous();
        }
        return app;
    }
}
