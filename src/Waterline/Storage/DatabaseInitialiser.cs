using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Waterline.Access;
using Waterline.Geography;
using Waterline.Observations;

namespace Waterline.Storage;

/// <summary>Brings a database to the current schema and loads the reference data (gazetteer, organisations).
/// Safe to run on every start: it only adds what is missing (and relinks places whose parent or province changed).</summary>
public static class DatabaseInitialiser
{
    public static async Task InitialiseAsync(WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Names}", pending.Count, db.Provider, string.Join(", ", pending));
        }
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL: readers (the dashboard) do not block the writer (an import), and commits cost one fsync less.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL", ct);
        }

        await SyncGazetteerAsync(db, logger, ct);
        var known = await db.Organisations.Select(o => o.Code).ToListAsync(ct);
        var missing = KnownOrganisations.All.Where(o => !known.Contains(o.Code)).ToList();
        if (missing.Count > 0)
        {
            db.Organisations.AddRange(missing.Select(o => new Organisation { Code = o.Code, Name = o.Name, Country = o.Country, Kind = o.Kind }));
            await db.SaveChangesAsync(ct);
        }
        var groups = await db.ReleasabilitySets.Select(s => s.Name).ToListAsync(ct);
        var newGroups = KnownReleasabilityGroups.All.Where(g => !groups.Contains(g.Name)).ToList();
        if (newGroups.Count > 0)
        {
            db.ReleasabilitySets.AddRange(newGroups.Select(g => new ReleasabilitySet
            {
                Name = g.Name, Kind = ReleasabilityKind.Group, Description = g.Description,
                Members = [.. g.Members.Select(m => new ReleasabilityMember { Organisation = m })],
            }));
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>Adds missing places and brings the links of stored ones (parent, province) to the embedded
    /// gazetteer's, so a database seeded by an older version learns, e.g., the Dutch police regional units.</summary>
    private static async Task SyncGazetteerAsync(WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        var stored = await db.Places.ToDictionaryAsync(p => p.Code, ct);
        var (added, relinked) = (0, 0);
        foreach (var place in Gazetteer.LoadPlaces())
        {
            if (!stored.TryGetValue(place.Code, out var existing))
            {
                db.Places.Add(place);
                added++;
            }
            else if (existing.ParentCode != place.ParentCode || existing.ProvinceCode != place.ProvinceCode)
            {
                (existing.ParentCode, existing.ProvinceCode) = (place.ParentCode, place.ProvinceCode);
                relinked++;
            }
        }
        if (added + relinked > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Gazetteer: {Added} places added, {Relinked} relinked", added, relinked);
        }
    }
}
