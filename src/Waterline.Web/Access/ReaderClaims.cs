using System.Security.Claims;
using Waterline.Access;

namespace Waterline.Web.Access;

/// <summary>The reader of a request, carried in the sign-in cookie as claims.</summary>
public static class ReaderClaims
{
    public const string Organisation = "waterline:organisation";
    public const string Purpose = "waterline:purpose";
    public const string DisplayName = "waterline:display-name";

    /// <summary>The signed-in reader; throws when nobody is signed in (endpoints that call this require sign-in).</summary>
    public static Reader GetReader(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new InvalidOperationException("Nobody is signed in.");
        }
        var name = user.FindFirstValue(ClaimTypes.Name);
        var organisation = user.FindFirstValue(Organisation);
        var roleName = user.FindFirstValue(ClaimTypes.Role);
        if (name is null || organisation is null || !Enum.TryParse<Role>(roleName, out var role) || organisation == "*")
        {
            throw new InvalidOperationException("The sign-in does not carry a Waterline reader (name, organisation, role).");
        }
        return new Reader(name, organisation, role, user.FindFirstValue(Purpose));
    }

    /// <summary>The display name shown in the page header, or the user name.</summary>
    public static string DisplayNameOf(ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";

    /// <summary>The principal the cookie carries for a reader.</summary>
    public static ClaimsPrincipal ToPrincipal(Reader reader, string displayName, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, reader.Account),
            new(DisplayName, displayName),
            new(Organisation, reader.Organisation),
            new(ClaimTypes.Role, reader.Role.ToString()),
        };
        if (reader.Purpose is not null)
        {
            claims.Add(new Claim(Purpose, reader.Purpose));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>Binds the request's database context to the signed-in reader, so every query the request makes goes through
/// the access policy (ADR 0004). Anonymous requests keep a context that reads nothing.</summary>
public static class ReaderBinding
{
    public static IApplicationBuilder UseWaterlineReader(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var db = context.RequestServices.GetRequiredService<Storage.WaterlineDbContext>();
            await db.ActAsAsync(context.User.GetReader(), context.RequestAborted);
        }
        await next(context);
    });
}
