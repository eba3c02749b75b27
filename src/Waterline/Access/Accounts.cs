using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;

namespace Waterline.Access;

/// <summary>Rules every account use case shares: how user names and roles are written, and the password hasher.</summary>
public static class Accounts
{
    public const int MaxUserNameLength = 100;
    public const int MinPasswordLength = 12;

    /// <summary>PBKDF2 (HMAC-SHA512, 100 000 iterations, per-password salt) in ASP.NET Core Identity's v3 format.</summary>
    internal static PasswordHasher<Account> Hasher { get; } = new();

    /// <summary>User names compare without regard to case or surrounding spaces.</summary>
    public static string NormaliseUserName(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>Why a user name cannot be used, or null: lower-case letters, digits and . - _ @ only.</summary>
    public static string? UserNameProblem(string userName)
    {
        if (userName.Length is 0 or > MaxUserNameLength)
        {
            return $"must be 1 to {MaxUserNameLength} characters";
        }
        return userName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_' or '@')
            ? null
            : "may hold only lower-case letters, digits and . - _ @";
    }

    /// <summary>The kebab-case name of a role as the CLI and documentation write it, e.g. partner-reporter.</summary>
    public static string RoleName(Role role) => role switch
    {
        Role.PartnerReporter => "partner-reporter",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads a role written as partner-reporter, PartnerReporter or partner_reporter.</summary>
    public static bool TryParseRole(string? text, [NotNullWhen(true)] out Role? role)
    {
        role = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var compact = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (Enum.TryParse<Role>(compact, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !compact.Any(char.IsDigit))
        {
            role = parsed;
            return true;
        }
        return false;
    }

    public static IReadOnlyList<string> RoleNames { get; } = [.. Enum.GetValues<Role>().Select(RoleName)];
}
