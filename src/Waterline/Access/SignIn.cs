using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>How many wrong passwords in a row lock an account, and for how long (Accounts:Lockout:MaxFailedAttempts,
/// Accounts:Lockout:Minutes).</summary>
public sealed record LockoutPolicy(int MaxFailedAttempts = 5, TimeSpan? Duration = null)
{
    public TimeSpan LockoutDuration => Duration ?? TimeSpan.FromMinutes(15);
}

public enum SignInFailure
{
    /// <summary>Unknown user name or wrong password: one answer for both, so user names cannot be probed.</summary>
    WrongCredentials,
    LockedOut,
    Disabled,
}

/// <summary>Signs in with a user name and password: the reader for the session, or why not.</summary>
public static class SignIn
{
    public const string WrongCredentialsMessage = "The user name or password is not correct.";

    public sealed record Request(string UserName, string Password, string? Purpose = null);

    public sealed record Result(Reader? Reader, SignInFailure? Failure, DateTime? LockedUntil, string? DisplayName = null)
    {
        public bool Succeeded => Reader is not null;

        public string? Message => Failure switch
        {
            null => null,
            SignInFailure.WrongCredentials => WrongCredentialsMessage,
            SignInFailure.LockedOut => string.Create(CultureInfo.InvariantCulture,
                $"Too many failed sign-ins: the account is locked until {LockedUntil:yyyy-MM-dd HH:mm} UTC."),
            _ => "This account is disabled. Ask an administrator of your organisation.",
        };
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock, LockoutPolicy lockout)
    {
        // Verified against when the user name is unknown, so that the answer takes as long as for a known one.
        private static readonly Lazy<string> DecoyHash = new(() => Accounts.Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var userName = Accounts.NormaliseUserName(request.UserName);
            var account = await db.Set<Account>().SingleOrDefaultAsync(a => a.UserName == userName, ct);
            if (account?.PasswordHash is null)
            {
                Accounts.Hasher.VerifyHashedPassword(null!, DecoyHash.Value, request.Password);
                return new Result(null, SignInFailure.WrongCredentials, null);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (account.LockoutEnd is { } end && end > now)
            {
                // A locked account is not tried at all: guessing on during the lockout gains nothing.
                return new Result(null, SignInFailure.LockedOut, DateTime.SpecifyKind(end, DateTimeKind.Utc));
            }

            var verification = Accounts.Hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password);
            if (verification == PasswordVerificationResult.Failed)
            {
                account.FailedAttempts++;
                DateTime? lockedUntil = null;
                if (account.FailedAttempts >= lockout.MaxFailedAttempts)
                {
                    lockedUntil = now + lockout.LockoutDuration;
                    account.LockoutEnd = lockedUntil;
                    account.FailedAttempts = 0;
                }
                await db.SaveChangesAsync(ct);
                return lockedUntil is null
                    ? new Result(null, SignInFailure.WrongCredentials, null)
                    : new Result(null, SignInFailure.LockedOut, lockedUntil);
            }
            if (account.Disabled)
            {
                // Said only to whoever knows the password: a disabled account is not disclosed to guessers.
                return new Result(null, SignInFailure.Disabled, null);
            }

            account.FailedAttempts = 0;
            account.LockoutEnd = null;
            if (verification == PasswordVerificationResult.SuccessRehashNeeded)
            {
                account.PasswordHash = Accounts.Hasher.HashPassword(account, request.Password);
            }
            await db.SaveChangesAsync(ct);
            return new Result(account.ToReader(Purposes.Normalise(request.Purpose)), null, null, account.DisplayName);
        }
    }
}
