using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Alerts of the reader's own watches: unacknowledged first, newest first.</summary>
public static class ListDisplacementAlerts
{
    public sealed record Row(long Id, long WatchId, string WatchName, string WatchSelection, string Period, string WindowFrom, string Previous,
        string PreviousSummary, string Current, string Summary, IReadOnlyList<AnalyseDisplacement.Statistic> Evidence, DateTime RaisedAt,
        DateTime? AcknowledgedAt, string? AcknowledgedBy);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(bool includeAcknowledged, int limit, CancellationToken ct)
        {
            if (db.Reader is not { } reader)
                return [];
            var account = reader.Account;
            var query = from a in db.Set<DisplacementAlert>().AsNoTracking()
                        join w in db.Set<DisplacementWatch>().AsNoTracking() on a.WatchId equals w.Id
                        where w.Account == account && (includeAcknowledged || a.AcknowledgedAt == null)
                        orderby a.AcknowledgedAt == null descending, a.RaisedAt descending, a.Id descending
                        select new { Alert = a, w.Name, w.Selection };
            var rows = await query.Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
            return [.. rows.Select(r => new Row(r.Alert.Id, r.Alert.WatchId, r.Name, r.Selection, r.Alert.Period, r.Alert.WindowFrom,
                r.Alert.Previous.ToString(), r.Alert.PreviousSummary, r.Alert.Current.ToString(), r.Alert.Summary,
                JsonSerializer.Deserialize<AnalyseDisplacement.Statistic[]>(r.Alert.Evidence, CheckDisplacementWatches.EvidenceJson) ?? [],
                r.Alert.RaisedAt, r.Alert.AcknowledgedAt, r.Alert.AcknowledgedBy))];
        }

        /// <summary>The number of the reader's unacknowledged alerts (the navigation's badge).</summary>
        public async Task<int> CountUnacknowledgedAsync(CancellationToken ct)
        {
            if (db.Reader is not { } reader)
                return 0;
            var account = reader.Account;
            return await (from a in db.Set<DisplacementAlert>()
                          join w in db.Set<DisplacementWatch>() on a.WatchId equals w.Id
                          where w.Account == account && a.AcknowledgedAt == null
                          select a.Id).CountAsync(ct);
        }
    }
}
