using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Waterline.Storage;

namespace Waterline.Audit;

/// <summary>Appends to the audit log (LED art. 25). An append joins the caller's transaction when there is one, so an
/// entry and the action it records commit or roll back together; otherwise it commits on its own. Appends form one
/// linear chain however many writers there are: on PostgreSQL under a transaction-scoped advisory lock, on SQLite under
/// the database's single write lock (EF begins SQLite transactions IMMEDIATE, so the lock is held before the head is read).
/// The lock is held until the transaction ends: append near the end of a long transaction.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <summary>The advisory lock key that serialises appends on PostgreSQL ("WLAUDIT1" as ASCII).</summary>
    public const long PostgresLockKey = 0x574C_4155_4449_5431;

    /// <summary>Rows per INSERT statement: 11 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int RowsPerStatement = 1_000;

    private const string Columns = "\"sequence\", \"occurred_at\", \"actor\", \"organisation\", \"action\", \"what\", \"purpose\", \"recipient\", \"detail\", \"previous_hash\", \"hash\"";

    public async Task<AuditEntry> AppendAsync(WaterlineDbContext db, AuditRecord record, CancellationToken ct) =>
        (await AppendAsync(db, [record], ct))[0];

    /// <summary>Appends <paramref name="records"/> in order with one read of the chain's head and one INSERT per
    /// 1,000 entries. Returns the entries as written (not tracked).</summary>
    public async Task<IReadOnlyList<AuditEntry>> AppendAsync(WaterlineDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return [];
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                var (lastSequence, lastHash) = await LockHeadAsync(db, transaction, ct);
                var at = AuditHash.ToStoredPrecision(clock.GetUtcNow().UtcDateTime);
                var entries = new List<AuditEntry>(records.Count);
                foreach (var r in records)
                {
                    var entry = new AuditEntry
                    {
                        Sequence = lastSequence + 1,
                        OccurredAt = at,
                        Actor = Clean(r.Actor),
                        Organisation = Clean(r.Organisation),
                        Action = r.Action,
                        What = Clean(r.What),
                        Purpose = CleanOrNull(r.Purpose),
                        Recipient = CleanOrNull(r.Recipient),
                        Detail = CleanOrNull(r.Detail),
                        PreviousHash = lastHash,
                    };
                    entry.Hash = AuditHash.Compute(entry);
                    entries.Add(entry);
                    (lastSequence, lastHash) = (entry.Sequence, entry.Hash);
                }
                foreach (var chunk in entries.Chunk(RowsPerStatement))
                {
                    await InsertAsync(transaction, chunk, ct);
                }
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
                return entries;
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync();
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Takes the append lock (PostgreSQL) and reads the head in the same round trip; READ COMMITTED gives the
    /// SELECT a snapshot taken after the lock, so it sees the previous holder's committed entries.</summary>
    private static async Task<(long Sequence, string Hash)> LockHeadAsync(WaterlineDbContext db, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        const string head = "SELECT \"sequence\", \"hash\" FROM \"audit_entries\" ORDER BY \"sequence\" DESC LIMIT 1";
        command.CommandText = db.Provider == DatabaseProvider.Postgres
            ? $"SELECT pg_advisory_xact_lock({PostgresLockKey}); {head}"
            : head;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await reader.NextResultAsync(ct);
        }
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHash.Genesis);
    }

    private static async Task InsertAsync(DbTransaction transaction, AuditEntry[] entries, CancellationToken ct)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"audit_entries\" ({Columns}) VALUES ");
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            sql.Append(i == 0 ? "(" : ", (");
            object?[] values = [e.Sequence, e.OccurredAt, e.Actor, e.Organisation, e.Action.ToString(), e.What, e.Purpose, e.Recipient, e.Detail, e.PreviousHash, e.Hash];
            for (var j = 0; j < values.Length; j++)
            {
                var p = command.CreateParameter();
                p.ParameterName = $"@p{i}_{j}";
                p.Value = values[j] ?? DBNull.Value;
                command.Parameters.Add(p);
                sql.Append(j == 0 ? "" : ", ").Append(p.ParameterName);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    // PostgreSQL text cannot hold NUL; replacing it here keeps what is stored equal to what was hashed.
    private static string Clean(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    // Empty optional fields are stored as null, so a CSV export (which cannot tell them apart) still verifies.
    private static string? CleanOrNull(string? value) => string.IsNullOrEmpty(value) ? null : Clean(value);
}
