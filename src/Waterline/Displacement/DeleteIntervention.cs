using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Deletes an intervention. Only its recording organisation may (or the system); others who can read it cannot.</summary>
public static class DeleteIntervention
{
    public enum Outcome
    {
        Deleted,
        /// <summary>No intervention with that id the reader may read.</summary>
        NotFound,
        /// <summary>Readable, but recorded by another organisation.</summary>
        Refused,
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Outcome> HandleAsync(long id, CancellationToken ct)
        {
            var intervention = await db.Set<Intervention>().FirstOrDefaultAsync(i => i.Id == id, ct);
            if (intervention is null || db.Reader is not { } reader)
                return Outcome.NotFound;
            if (!reader.IsSystem && reader.Organisation != intervention.Owner)
                return Outcome.Refused;
            db.Remove(intervention);
            await db.SaveChangesAsync(ct);
            return Outcome.Deleted;
        }
    }
}
