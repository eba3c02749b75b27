using Microsoft.AspNetCore.Authorization;
using Waterline.Access;

namespace Waterline.Web.Access;

/// <summary>Which roles reach which pages and APIs. The names are a contract: endpoints and pages refer to them.</summary>
public static class Policies
{
    /// <summary>The market picture (page, API, CSV export).</summary>
    public const string Analysts = "Analysts";
    /// <summary>Intake: the upload page and the intake APIs.</summary>
    public const string Reporters = "Reporters";
    public const string Administrators = "Administrators";
    /// <summary>Pseudonymised, aggregated research extracts.</summary>
    public const string Researchers = "Researchers";

    public static IReadOnlyList<Role> AnalystRoles { get; } = [Role.Analyst, Role.Investigator, Role.Administrator];
    public static IReadOnlyList<Role> ReporterRoles { get; } = [Role.PartnerReporter, .. AnalystRoles];

    public static AuthorizationBuilder AddWaterlinePolicies(this AuthorizationBuilder builder) => builder
        // Everything not marked otherwise needs a signed-in user; health, OpenAPI and the sign-in pages opt out.
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Analysts, p => p.RequireRole(Names(AnalystRoles)))
        .AddPolicy(Reporters, p => p.RequireRole(Names(ReporterRoles)))
        .AddPolicy(Administrators, p => p.RequireRole(nameof(Role.Administrator)))
        .AddPolicy(Researchers, p => p.RequireRole(nameof(Role.Researcher)));

    private static string[] Names(IEnumerable<Role> roles) => [.. roles.Select(r => r.ToString())];
}
