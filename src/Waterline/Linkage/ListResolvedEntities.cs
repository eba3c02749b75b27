using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>The resolved entities of which the reader can read at least two records, by entity id. Labels (a name,
/// number or address) of personal kinds only with a stated purpose.</summary>
public static class ListResolvedEntities
{
    public sealed record Row(long EntityId, SubjectKind Kind, int Records, string? Label);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken ct)
        {
            var reader = LinkedRecords.ReaderOf(db, nameof(ListResolvedEntities));
            var entities = await ResolvedEntities.LoadAsync(db, ct);
            var all = entities.Linked.SelectMany(e => entities.Members(e)).ToList();
            // Through the query filter: unreadable subjects are neither counted nor named.
            var readable = new List<(long Id, SubjectKind Kind, string? Label)>();
            foreach (var chunk in all.Chunk(1000))
            {
                var rows = await db.Subjects.AsNoTracking().Where(s => chunk.Contains(s.Id))
                    .Select(s => new { s.Id, s.Kind, Label = s.Name ?? s.Identifier ?? s.Address }).ToListAsync(ct);
                readable.AddRange(rows.Select(r => (r.Id, r.Kind, r.Label)));
            }
            var withPurpose = !string.IsNullOrWhiteSpace(reader.Purpose);
            return [.. readable.GroupBy(r => entities.EntityOf(r.Id)).Where(g => g.Count() > 1).OrderBy(g => g.Key).Select(g =>
            {
                var first = g.OrderBy(r => r.Id).First();
                return new Row(g.Key, first.Kind, g.Count(), withPurpose || !Subject.IsPersonal(first.Kind) ? first.Label : null);
            })];
        }
    }
}
