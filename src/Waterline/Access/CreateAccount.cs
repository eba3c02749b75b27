using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>Creates an account in an existing organisation. A password is required unless the account signs in
/// only through the external provider (an external subject is given).</summary>
public static class CreateAccount
{
    public sealed record Request(string UserName, string Organisation, Role Role, string? Password,
        string? DisplayName = null, string? ExternalSubject = null);

    /// <summary>Either the new account's id, or the field at fault and why.</summary>
    public sealed record Result(long? AccountId, string? Field, string? Problem)
    {
        public bool Created => AccountId is not null;
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var userName = Accounts.NormaliseUserName(request.UserName);
            if (Accounts.UserNameProblem(userName) is { } nameProblem)
            {
                return Refused("user name", nameProblem);
            }
            if (await db.Set<Account>().AnyAsync(a => a.UserName == userName, ct))
            {
                return Refused("user name", $"'{userName}' is already taken");
            }
            var organisation = request.Organisation.Trim().ToUpperInvariant();
            if (!await db.Set<Organisation>().AnyAsync(o => o.Code == organisation, ct))
            {
                return Refused("organisation", $"'{request.Organisation}' is not a known organisation code");
            }
            var external = string.IsNullOrWhiteSpace(request.ExternalSubject) ? null : request.ExternalSubject.Trim();
            if (request.Password is null && external is null)
            {
                return Refused("password", "is required for an account that signs in locally");
            }
            if (request.Password is not null && request.Password.Length < Accounts.MinPasswordLength)
            {
                return Refused("password", $"must be at least {Accounts.MinPasswordLength} characters");
            }
            if (external is not null && await db.Set<Account>().AnyAsync(a => a.ExternalSubject == external, ct))
            {
                return Refused("external subject", $"'{external}' already belongs to another account");
            }

            var account = new Account
            {
                UserName = userName,
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? userName : request.DisplayName.Trim(),
                OrganisationCode = organisation,
                Role = request.Role,
                ExternalSubject = external,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            if (request.Password is not null)
            {
                account.PasswordHash = Accounts.Hasher.HashPassword(account, request.Password);
            }
            db.Add(account);
            await db.SaveChangesAsync(ct);
            return new Result(account.Id, null, null);
        }

        private static Result Refused(string field, string problem) => new(null, field, problem);
    }
}
