using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Waterline.Audit;
using Waterline.Observations;
using Waterline.Storage;
using static Waterline.Tests.Audit.AuditTesting;

namespace Waterline.Tests.Audit;

public sealed class AuditLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Appended_entries_are_numbered_from_1_without_gaps_each_naming_the_previous_hash(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = new AuditLog(TimeProvider.System);
        await using (var db = test.NewContext())
        {
            await log.AppendAsync(db, Record(1), CancellationToken.None);
            // 2,500 in one call: more than one INSERT statement (1,000 rows each), one chain.
            await log.AppendAsync(db, [.. Enumerable.Range(2, 2_500).Select(i => Record(i))], CancellationToken.None);
            await log.AppendAsync(db, Record(2_502) with { Purpose = "", Recipient = "politie-nl" }, CancellationToken.None);
        }

        await using var read = test.NewContext();
        var entries = await read.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 2_502).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(AuditHash.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }
        // Stored exactly as hashed: the times' microseconds, the texts, the optional fields.
        Assert.All(entries, e => Assert.Equal(AuditHash.Compute(e), e.Hash));
        Assert.Equal("observation:1500", entries[1_499].What);
        Assert.Null(entries[^1].Purpose);
        Assert.Equal(DateTimeKind.Utc, entries[0].OccurredAt.Kind);

        var verified = await VerifyAsync(test);
        Assert.True(verified.Intact, verified.FirstBreak?.Explanation);
        Assert.Equal(2_502, verified.Verified);
        Assert.Equal(entries[^1].Hash, verified.HeadHash);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_written_in_the_callers_transaction_commits_and_rolls_back_with_the_action(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = new AuditLog(TimeProvider.System);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Organisations.Add(new Organisation { Code = "TEST-ROLLBACK", Name = "Rolled back", Country = "BE", Kind = OrganisationKind.Research });
            await db.SaveChangesAsync();
            await log.AppendAsync(db, Record(1, action: AuditAction.Collection), CancellationToken.None);
            await tx.RollbackAsync();
        }
        await using (var db = test.NewContext())
        {
            Assert.False(await db.Organisations.AnyAsync(o => o.Code == "TEST-ROLLBACK"));
            Assert.Equal(0, await db.Set<AuditEntry>().CountAsync());

            await using var tx = await db.Database.BeginTransactionAsync();
            db.Organisations.Add(new Organisation { Code = "TEST-COMMIT", Name = "Committed", Country = "NL", Kind = OrganisationKind.Research });
            await db.SaveChangesAsync();
            var entry = await log.AppendAsync(db, Record(2, action: AuditAction.Collection), CancellationToken.None);
            await tx.CommitAsync();
            // The rolled-back entry left no hole: numbering starts again at 1.
            Assert.Equal(1, entry.Sequence);
        }
        await using var read = test.NewContext();
        Assert.True(await read.Organisations.AnyAsync(o => o.Code == "TEST-COMMIT"));
        Assert.Equal("observation:2", (await read.Set<AuditEntry>().SingleAsync()).What);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_writers_on_separate_connections_make_one_gapless_valid_chain(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var log = new AuditLog(TimeProvider.System);
        const int Writers = 8, PerWriter = 50;
        using var start = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.WaitAsync();
            await using var db = test.NewContext();
            for (var i = 0; i < PerWriter; i++)
            {
                // Every fifth append is a small batch, the rest single entries.
                if (i % 5 == 4)
                {
                    await log.AppendAsync(db, [Record(i, actor: $"writer{w}"), Record(i, actor: $"writer{w}")], CancellationToken.None);
                }
                else
                {
                    await log.AppendAsync(db, Record(i, actor: $"writer{w}"), CancellationToken.None);
                }
            }
        })).ToList();
        start.Release(Writers);
        await Task.WhenAll(writers);

        const int Expected = Writers * (PerWriter + PerWriter / 5);
        await using var read = test.NewContext();
        var sequences = await read.Set<AuditEntry>().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, Expected).Select(i => (long)i), sequences);
        Assert.Equal(Expected / Writers, await read.Set<AuditEntry>().CountAsync(e => e.Actor == "writer3"));
        var verified = await VerifyAsync(test);
        Assert.True(verified.Intact, verified.FirstBreak?.Explanation);
        Assert.Equal(Expected, verified.Verified);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_application_refuses_to_save_a_changed_removed_or_hand_made_entry(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 3);

        await using (var db = test.NewContext())
        {
            var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 2);
            entry.Purpose = "something else";
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only: Modified audit entry #2", changed.Message, StringComparison.Ordinal);
        }
        await using (var db = test.NewContext())
        {
            db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 3));
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }
        await using (var db = test.NewContext())
        {
            db.Set<AuditEntry>().Add(new AuditEntry { Sequence = 4, Actor = "x", Organisation = "y", What = "z", PreviousHash = "", Hash = "" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        var verified = await VerifyAsync(test);
        Assert.True(verified.Intact);
        Assert.Equal(3, verified.Verified);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_update_and_delete_in_sql_while_its_triggers_are_there(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 3);

        await using var db = test.NewContext();
        var update = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET purpose = 'x' WHERE sequence = 2"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE sequence = 3"));
        // EF's bulk delete bypasses SaveChanges, not the trigger.
        await Assert.ThrowsAnyAsync<DbException>(() => db.Set<AuditEntry>().Where(e => e.Sequence == 1).ExecuteDeleteAsync());
        if (provider == DatabaseProvider.Postgres)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));
        }

        Assert.Equal(3, await db.Set<AuditEntry>().CountAsync());
        Assert.True((await VerifyAsync(test)).Intact);
    }
}
