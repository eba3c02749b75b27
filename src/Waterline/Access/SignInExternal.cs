using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>Maps a person the external OpenID Connect provider has authenticated to their Waterline account: the
/// configured claim's value (default: email) must equal an account's external subject or user name. Nobody is
/// let in without an account: the provider proves who someone is, Waterline decides what they may see.</summary>
public static class SignInExternal
{
    public sealed record Request(string? Subject, string? Purpose = null);

    public sealed record Result(Reader? Reader, string? Refusal, string? DisplayName = null)
    {
        public bool Succeeded => Reader is not null;
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var subject = request.Subject?.Trim();
            if (string.IsNullOrEmpty(subject))
            {
                return new Result(null, "The organisation's sign-in did not say who you are (the expected claim is missing).");
            }
            var userName = Accounts.NormaliseUserName(subject);
            var candidates = await db.Set<Account>().AsNoTracking()
                .Where(a => a.ExternalSubject == subject || a.UserName == userName)
                .ToListAsync(ct);
            // An explicit external subject wins over a user name that happens to be equal.
            var account = candidates.FirstOrDefault(a => a.ExternalSubject == subject) ?? candidates.FirstOrDefault();
            if (account is null)
            {
                return new Result(null, $"'{subject}' has no Waterline account. Ask an administrator of your organisation.");
            }
            if (account.Disabled)
            {
                return new Result(null, "This account is disabled. Ask an administrator of your organisation.");
            }
            if (account.LockoutEnd is { } end && end > clock.GetUtcNow().UtcDateTime)
            {
                return new Result(null, "This account is locked after failed sign-ins; try again later.");
            }
            return new Result(account.ToReader(Purposes.Normalise(request.Purpose)), null, account.DisplayName);
        }
    }
}
