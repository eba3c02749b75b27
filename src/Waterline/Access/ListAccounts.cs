using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>The accounts, for administrators: who may sign in, from which organisation, in which role.
/// Password hashes never leave the table.</summary>
public static class ListAccounts
{
    public sealed record Request(Reader Reader);

    public sealed record AccountRow(string UserName, string DisplayName, string Organisation, string OrganisationName, Role Role,
        bool Disabled, DateTime? LockoutEnd, bool HasPassword, string? ExternalSubject, DateTime CreatedAt);

    public sealed record Result(IReadOnlyList<AccountRow> Accounts);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Reader.Role != Role.Administrator)
            {
                throw new UnauthorizedAccessException("Only administrators list accounts.");
            }
            var rows = await (
                from a in db.Set<Account>().AsNoTracking()
                join o in db.Set<Organisation>() on a.OrganisationCode equals o.Code
                orderby a.OrganisationCode, a.UserName
                select new AccountRow(a.UserName, a.DisplayName, a.OrganisationCode, o.Name, a.Role, a.Disabled, a.LockoutEnd,
                    a.PasswordHash != null, a.ExternalSubject, a.CreatedAt))
                .ToListAsync(ct);
            return new Result(rows);
        }
    }
}
