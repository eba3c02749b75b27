using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>One account per demo role and organisation, all with <see cref="Password"/>, for the demo world only.
/// Idempotent: accounts that exist are left as they are.</summary>
public static class CreateDemoAccounts
{
    /// <summary>Documented in the README; a demo database must never hold real data.</summary>
    public const string Password = "demo-waterline";

    public sealed record DemoAccount(string UserName, string DisplayName, string Organisation, Role Role);

    /// <summary>Every role, both countries, and partners as well as police.</summary>
    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new("analyst.be-fedpol", "Anna Peeters", "BE-FEDPOL", Role.Analyst),
        new("investigator.be-fedpol", "Koen Janssens", "BE-FEDPOL", Role.Investigator),
        new("analyst.be-customs", "Sofie Maes", "BE-CUSTOMS", Role.Analyst),
        new("analyst.nl-politie", "Daan de Vries", "NL-POLITIE", Role.Analyst),
        new("investigator.nl-politie", "Sanne Bakker", "NL-POLITIE", Role.Investigator),
        new("reporter.be-grid", "Luc Dubois", "BE-GRID", Role.PartnerReporter),
        new("reporter.nl-grid", "Femke Visser", "NL-GRID", Role.PartnerReporter),
        new("reporter.be-famhp", "Claire Lambert", "BE-FAMHP", Role.PartnerReporter),
        new("admin.be-drugscom", "Marc Willems", "BE-DRUGSCOM", Role.Administrator),
        new("researcher.be-nicc", "Elise Claes", "BE-NICC", Role.Researcher),
    ];

    public sealed record Result(int Created);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(CancellationToken ct)
        {
            var names = Accounts.Select(a => a.UserName).ToList();
            var existing = await db.Set<Account>().Where(a => names.Contains(a.UserName)).Select(a => a.UserName).ToListAsync(ct);
            var created = 0;
            var create = new CreateAccount.Handler(db, clock);
            foreach (var demo in Accounts.Where(a => !existing.Contains(a.UserName)))
            {
                var result = await create.HandleAsync(new CreateAccount.Request(demo.UserName, demo.Organisation, demo.Role, Password, demo.DisplayName), ct);
                if (!result.Created)
                {
                    throw new InvalidOperationException($"Demo account {demo.UserName}: {result.Field} {result.Problem}");
                }
                created++;
            }
            return new Result(created);
        }
    }
}
