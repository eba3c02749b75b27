using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>The reader's own watches with their latest classification and unacknowledged alerts.</summary>
public static class ListDisplacementWatches
{
    public sealed record Row(long Id, string Name, string Selection, string? LastPeriod, string? Classification, string? Summary,
        DateTime? CheckedAt, string? Problem, int UnacknowledgedAlerts);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken ct)
        {
            if (db.Reader is not { } reader)
                return [];
            var account = reader.Account;
            var watches = await db.Set<DisplacementWatch>().AsNoTracking().Where(w => w.Account == account).OrderBy(w => w.Name).ThenBy(w => w.Id).ToListAsync(ct);
            var ids = watches.Select(w => w.Id).ToArray();
            var unread = await db.Set<DisplacementAlert>().AsNoTracking().Where(a => ids.Contains(a.WatchId) && a.AcknowledgedAt == null)
                .GroupBy(a => a.WatchId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            return [.. watches.Select(w => new Row(w.Id, w.Name, w.Selection, w.LastPeriod, w.Classification?.ToString(), w.Summary, w.CheckedAt,
                w.Problem, unread.GetValueOrDefault(w.Id)))];
        }
    }
}
