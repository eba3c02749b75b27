using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>Finds or makes the marking of each record written, inside the writer's transaction. Markings and sets are few
/// (hundreds), so they are read once and cached; a new one costs two statements. Inserts use ON CONFLICT DO NOTHING, so
/// two imports making the same marking at once both end up with the one row.</summary>
public sealed class MarkingCatalogue(WaterlineDbContext db)
{
    private Dictionary<string, int>? _markings;
    private Dictionary<string, int>? _sets;
    private readonly Dictionary<(string, HandlingCode, Tlp, string), int> _resolved = [];

    /// <summary>The name of the Named set holding exactly these organisations.</summary>
    public static string NamedSetName(IEnumerable<string> organisations) =>
        "orgs:" + string.Join(',', organisations.Select(o => o.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal));

    /// <summary>Sets <see cref="Observation.MarkingId"/> on each observation whose marking this catalogue already resolved,
    /// without touching the database; false when some are left for <see cref="AssignAsync"/>.</summary>
    public bool TryAssignKnown(IEnumerable<Observation> observations)
    {
        var all = true;
        foreach (var o in observations)
        {
            if (_resolved.TryGetValue(QuickKey(o), out var id))
            {
                o.MarkingId = id;
            }
            else
            {
                all = false;
            }
        }
        return all;
    }

    // Most records share a handful of markings: a tuple lookup per row, no key text built.
    private static (string, HandlingCode, Tlp, string) QuickKey(Observation o) =>
        (o.SourceOrganisation, o.Handling, o.Tlp, o.ReleasableTo.Count == 0 ? "" : string.Join(';', o.ReleasableTo));

    /// <summary>Sets <see cref="Observation.MarkingId"/> on each observation.</summary>
    public async Task AssignAsync(IEnumerable<Observation> observations, CancellationToken ct)
    {
        foreach (var o in observations)
        {
            var quick = QuickKey(o);
            if (!_resolved.TryGetValue(quick, out var id))
            {
                id = await ResolveAsync(o.SourceOrganisation, o.Handling, o.Tlp, o.ReleasableTo, ct);
                _resolved[quick] = id;
            }
            o.MarkingId = id;
        }
    }

    /// <summary>The marking for an owner, handling code, TLP and releasability (organisation codes and group names).</summary>
    public async Task<int> ResolveAsync(string owner, HandlingCode handling, Tlp tlp, IReadOnlyList<string> releasableTo, CancellationToken ct)
    {
        await LoadAsync(ct);
        var setIds = await SetIdsAsync(releasableTo, ct);
        var key = Marking.KeyOf(owner, handling, tlp, setIds);
        if (_markings!.TryGetValue(key, out var id))
        {
            return id;
        }
        var (h, t) = (handling.ToString(), tlp.ToString());
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO markings (owner, handling, tlp, key) VALUES ({owner}, {h}, {t}, {key}) ON CONFLICT (key) DO NOTHING", ct);
        id = await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM markings WHERE key = {key}").SingleAsync(ct);
        foreach (var setId in setIds.Distinct())
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO marking_releases (marking_id, set_id) VALUES ({id}, {setId}) ON CONFLICT DO NOTHING", ct);
        }
        _markings[key] = id;
        return id;
    }

    private async Task<List<int>> SetIdsAsync(IReadOnlyList<string> releasableTo, CancellationToken ct)
    {
        var ids = new List<int>();
        if (releasableTo.Count == 0)
        {
            return ids;
        }
        var organisations = new List<string>();
        foreach (var entry in releasableTo)
        {
            if (_sets!.TryGetValue(entry, out var group) && !entry.StartsWith("orgs:", StringComparison.Ordinal))
            {
                ids.Add(group);
            }
            else
            {
                organisations.Add(entry);
            }
        }
        if (organisations.Count > 0)
        {
            ids.Add(await NamedSetAsync(organisations, ct));
        }
        return ids;
    }

    private async Task<int> NamedSetAsync(List<string> organisations, CancellationToken ct)
    {
        var name = NamedSetName(organisations);
        if (_sets!.TryGetValue(name, out var id))
        {
            return id;
        }
        var kind = nameof(ReleasabilityKind.Named);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO releasability_sets (name, kind) VALUES ({name}, {kind}) ON CONFLICT (name) DO NOTHING", ct);
        id = await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM releasability_sets WHERE name = {name}").SingleAsync(ct);
        foreach (var organisation in organisations.Select(o => o.ToUpperInvariant()).Distinct())
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO releasability_members (set_id, organisation) VALUES ({id}, {organisation}) ON CONFLICT DO NOTHING", ct);
        }
        _sets[name] = id;
        return id;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        _markings ??= await db.Markings.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Id, StringComparer.Ordinal, ct);
        _sets ??= await db.ReleasabilitySets.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Id, StringComparer.OrdinalIgnoreCase, ct);
    }
}
