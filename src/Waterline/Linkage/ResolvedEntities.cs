using Microsoft.EntityFrameworkCore;
using Waterline.Analytics.Linkage;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>Resolved entities: the connected components of the confirmed links (Clustering.ConnectedComponents). An
/// entity's id is the smallest subject id in it, so it does not change when links elsewhere are added, and a subject
/// linked to nothing is its own entity. Always worked out over every confirmed link, whoever asks, so that everybody
/// names an entity alike; what a reader is shown of it is filtered afterwards.</summary>
public sealed class ResolvedEntities
{
    private readonly Dictionary<long, long> _entityOf;
    private readonly Dictionary<long, List<long>> _members;

    private ResolvedEntities(Dictionary<long, long> entityOf)
    {
        _entityOf = entityOf;
        _members = entityOf.GroupBy(e => e.Value).ToDictionary(g => g.Key, g => g.Select(e => e.Key).Order().ToList());
    }

    public static async Task<ResolvedEntities> LoadAsync(WaterlineDbContext db, CancellationToken ct)
    {
        // link_candidates has no query filter: the components must be the same for every reader.
        var links = await db.Set<LinkCandidate>().AsNoTracking().Where(c => c.Status == LinkStatus.Confirmed)
            .Select(c => new { c.LeftSubjectId, c.RightSubjectId }).ToListAsync(ct);
        return From(links.Select(l => (l.LeftSubjectId, l.RightSubjectId)));
    }

    public static ResolvedEntities From(IEnumerable<(long Left, long Right)> confirmed)
    {
        var pairs = confirmed.ToList();
        // Dense indices in ascending id order, so the component's smallest index is its smallest subject id.
        var ids = pairs.SelectMany(p => new[] { p.Left, p.Right }).Distinct().Order().ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var left = pairs.Select(p => index[p.Left]).ToArray();
        var right = pairs.Select(p => index[p.Right]).ToArray();
        var clusters = Clustering.ConnectedComponents(ids.Length, left, right, Enumerable.Repeat(1.0, pairs.Count).ToArray(), 0.5);
        var entityOf = new Dictionary<long, long>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            entityOf[ids[i]] = ids[clusters[i]];
        }
        return new ResolvedEntities(entityOf);
    }

    /// <summary>The entity a subject belongs to (itself when it is linked to nothing).</summary>
    public long EntityOf(long subjectId) => _entityOf.GetValueOrDefault(subjectId, subjectId);

    /// <summary>The subjects of an entity; a lone subject's entity is itself alone.</summary>
    public IReadOnlyList<long> Members(long entityId) => _members.TryGetValue(entityId, out var m) ? m : [entityId];

    /// <summary>Entities of more than one subject, by id.</summary>
    public IEnumerable<long> Linked => _members.Keys.Order();
}
