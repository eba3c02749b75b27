using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Waterline.Storage;

namespace Waterline.Audit;

/// <summary>How the chain is broken at an entry.</summary>
public enum AuditChainBreak
{
    /// <summary>The entry's fields no longer give its stored hash, while it still follows its predecessor.</summary>
    ContentChanged,
    /// <summary>A sequence number is missing: the entry was removed (or, for an anchor, the log was cut short).</summary>
    Missing,
    /// <summary>The entry neither matches its hash nor follows its predecessor: it was moved from elsewhere in the chain.</summary>
    Reordered,
    /// <summary>The entry matches its own hash but does not follow its predecessor's: an earlier entry was rewritten
    /// with a recomputed hash, or the chain was spliced.</summary>
    Relinked,
    /// <summary>The entry's hash differs from one recorded outside the database: the chain was rewritten up to here.</summary>
    AnchorMismatch,
}

/// <summary>A hash recorded outside the database (printed by an earlier verify); a rewrite of the whole chain from some
/// entry onwards, hashes included, is only detectable against such an anchor.</summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    /// <summary>Parses <c>SEQUENCE:HASH</c>.</summary>
    public static bool TryParse(string text, out AuditAnchor? anchor)
    {
        anchor = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || text.Length - colon - 1 != 64 || !text[(colon + 1)..].All(char.IsAsciiHexDigit))
        {
            return false;
        }
        anchor = new AuditAnchor(sequence, text[(colon + 1)..].ToLowerInvariant());
        return true;
    }
}

/// <summary>Walks the audit log in sequence order, page by page, recomputes every hash and checks each entry follows
/// the one before; stops at the first break and says which entry and why.</summary>
public static class VerifyAuditChain
{
    public sealed record Request(IReadOnlyList<AuditAnchor>? Anchors = null, int PageSize = 2_000);

    public sealed record Break(long Sequence, AuditChainBreak Kind, string Explanation);

    /// <summary><see cref="Verified"/>: entries checked and found sound (before the break, if any); the head is the last
    /// sound entry, worth recording as an anchor.</summary>
    public sealed record Result(long Verified, long? HeadSequence, string? HeadHash, Break? FirstBreak)
    {
        public bool Intact => FirstBreak is null;
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var anchors = (request.Anchors ?? []).ToDictionary(a => a.Sequence, a => a.Hash);
            var expected = 1L;
            var previousHash = AuditHash.Genesis;
            var verified = 0L;
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                while (true)
                {
                    var page = await ReadPageAsync(expected - 1, request.PageSize, ct);
                    foreach (var row in page)
                    {
                        var problem = Check(row, expected, previousHash, anchors);
                        if (problem is not null)
                        {
                            return new Result(verified, verified == 0 ? null : expected - 1, verified == 0 ? null : previousHash, problem);
                        }
                        verified++;
                        expected++;
                        previousHash = row.Hash;
                    }
                    if (page.Count < request.PageSize)
                    {
                        break;
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            var beyond = anchors.Keys.Where(s => s >= expected).Order().FirstOrDefault();
            if (beyond > 0)
            {
                return new Result(verified, verified == 0 ? null : expected - 1, verified == 0 ? null : previousHash,
                    new Break(expected, AuditChainBreak.Missing,
                        $"the log ends at entry #{expected - 1} but entry #{beyond} was recorded as an anchor: entries from #{expected} on were removed."));
            }
            return new Result(verified, verified == 0 ? null : expected - 1, verified == 0 ? null : previousHash, null);
        }

        private static Break? Check(Row row, long expected, string previousHash, Dictionary<long, string> anchors)
        {
            if (row.Sequence != expected)
            {
                return new Break(expected, AuditChainBreak.Missing, row.Sequence == expected + 1
                    ? $"entry #{expected} is missing (the next present entry is #{row.Sequence})."
                    : $"entries #{expected} to #{row.Sequence - 1} are missing (the next present entry is #{row.Sequence}).");
            }
            if (row.Unreadable is not null)
            {
                return new Break(row.Sequence, AuditChainBreak.ContentChanged, $"entry #{row.Sequence} cannot be read: {row.Unreadable}.");
            }
            var matches = AuditHash.Compute(row.PreviousHash, row.Sequence, row.OccurredAt, row.Actor, row.Organisation, row.Action,
                row.What, row.Purpose, row.Recipient, row.Detail) == row.Hash;
            var follows = row.PreviousHash == previousHash;
            if (!matches && follows)
            {
                return new Break(row.Sequence, AuditChainBreak.ContentChanged,
                    $"entry #{row.Sequence} was changed: its fields no longer give its stored hash.");
            }
            if (!matches)
            {
                return new Break(row.Sequence, AuditChainBreak.Reordered,
                    $"entry #{row.Sequence} neither matches its hash nor follows entry #{row.Sequence - 1}: entries were moved or replaced here.");
            }
            if (!follows)
            {
                return new Break(row.Sequence, AuditChainBreak.Relinked, row.Sequence == 1
                    ? "entry #1 does not start from the genesis hash: the beginning of the log was replaced."
                    : $"entry #{row.Sequence} does not follow entry #{row.Sequence - 1}: that entry was rewritten with a recomputed hash, or the chain was spliced.");
            }
            if (anchors.TryGetValue(row.Sequence, out var anchored) && anchored != row.Hash)
            {
                return new Break(row.Sequence, AuditChainBreak.AnchorMismatch,
                    $"entry #{row.Sequence} has hash {row.Hash}, not the recorded {anchored}: the chain was rewritten up to here.");
            }
            return null;
        }

        /// <summary>Raw columns, not the entity: an action text or time written behind the application's back must be
        /// reported, not crash the check.</summary>
        private async Task<List<Row>> ReadPageAsync(long after, int size, CancellationToken ct)
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT \"sequence\", \"occurred_at\", \"actor\", \"organisation\", \"action\", \"what\", \"purpose\", " +
                "\"recipient\", \"detail\", \"previous_hash\", \"hash\" FROM \"audit_entries\" WHERE \"sequence\" > @after ORDER BY \"sequence\" LIMIT @size";
            AddParameter(command, "@after", after);
            AddParameter(command, "@size", size);
            var rows = new List<Row>(size);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(Row.Read(reader));
            }
            return rows;
        }

        private static void AddParameter(DbCommand command, string name, object value)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
    }

    private sealed record Row(long Sequence, DateTime OccurredAt, string Actor, string Organisation, string Action, string What,
        string? Purpose, string? Recipient, string? Detail, string PreviousHash, string Hash, string? Unreadable)
    {
        public static Row Read(DbDataReader r)
        {
            var sequence = r.GetInt64(0);
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            DateTime at = default;
            string? unreadable = null;
            try
            {
                at = r.GetDateTime(1);
            }
            catch (FormatException e)
            {
                unreadable = "its time is not a time (" + e.Message + ")";
            }
            return new Row(sequence, at, Text(2) ?? "", Text(3) ?? "", Text(4) ?? "", Text(5) ?? "", Text(6), Text(7), Text(8),
                Text(9) ?? "", Text(10) ?? "", unreadable);
        }
    }
}
