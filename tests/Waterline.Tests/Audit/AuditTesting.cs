using Microsoft.EntityFrameworkCore;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Tests.Audit;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class AuditTesting
{
    public static AuditRecord Record(int i, string actor = "anna.peeters", string organisation = "FGP-ANT",
        AuditAction action = AuditAction.Consultation, string? purpose = "case 2026/117") =>
        new(actor, organisation, action, $"observation:{i}", purpose, null, $"{{\"n\":{i}}}");

    public static async Task AppendManyAsync(TestDatabase test, int count)
    {
        await using var db = test.NewContext();
        await new AuditLog(TimeProvider.System).AppendAsync(db, [.. Enumerable.Range(1, count).Select(i => Record(i))], CancellationToken.None);
    }

    public static async Task<VerifyAuditChain.Result> VerifyAsync(TestDatabase test, params AuditAnchor[] anchors)
    {
        await using var db = test.NewContext();
        // A small page so that the walk crosses page boundaries.
        return await new VerifyAuditChain.Handler(db).HandleAsync(new VerifyAuditChain.Request(anchors, PageSize: 7), CancellationToken.None);
    }

    /// <summary>What an attacker with database access does: drop the append-only triggers, then write SQL.</summary>
    public static async Task TamperAsync(TestDatabase test, string sql)
    {
        await using var db = test.NewContext();
        await db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.Postgres ? AuditEntryTriggers.DropPostgres : AuditEntryTriggers.DropSqlite);
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
