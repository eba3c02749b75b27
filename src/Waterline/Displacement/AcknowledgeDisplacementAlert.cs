using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Marks an alert of one of the reader's watches as read.</summary>
public static class AcknowledgeDisplacementAlert
{
    public enum Outcome
    {
        Acknowledged,
        AlreadyAcknowledged,
        /// <summary>No such alert on a watch of the reader's account.</summary>
        NotFound,
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Outcome> HandleAsync(long id, CancellationToken ct)
        {
            if (db.Reader is not { } reader)
                return Outcome.NotFound;
            var account = reader.Account;
            var alert = await (from a in db.Set<DisplacementAlert>()
                               join w in db.Set<DisplacementWatch>() on a.WatchId equals w.Id
                               where a.Id == id && w.Account == account
                               select a).FirstOrDefaultAsync(ct);
            if (alert is null)
                return Outcome.NotFound;
            if (alert.AcknowledgedAt is not null)
                return Outcome.AlreadyAcknowledged;
            alert.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
            alert.AcknowledgedBy = account;
            await db.SaveChangesAsync(ct);
            return Outcome.Acknowledged;
        }
    }
}
