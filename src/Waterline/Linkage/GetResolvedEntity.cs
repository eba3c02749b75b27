using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>One resolved entity: its source records side by side and its confirmed links with their explanations and
/// who confirmed them. Asked by the entity id or by the id of any subject in it. Only the records the reader may read
/// are shown, and only links both of whose records they may read; an entity with none is not found. Personal kinds need
/// a stated purpose, and reading them is logged.</summary>
public static class GetResolvedEntity
{
    public sealed record Request(long EntityOrSubjectId);

    public sealed record Link(long Id, long LeftSubjectId, long RightSubjectId, double MatchWeight, double MatchProbability,
        LinkExplanation Explanation, string? FirstConfirmedBy, string? FirstConfirmedOrganisation, string? ConfirmedBy,
        string? ConfirmedOrganisation, DateTime? ConfirmedAt);

    public sealed record Result(long EntityId, SubjectKind Kind, IReadOnlyList<LinkedRecord> Records, IReadOnlyList<Link> Links);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result?> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = LinkedRecords.ReaderOf(db, nameof(GetResolvedEntity));
            var entities = await ResolvedEntities.LoadAsync(db, ct);
            var entityId = entities.EntityOf(request.EntityOrSubjectId);
            var members = entities.Members(entityId);
            var records = await LinkedRecords.LoadAsync(db, members, ct);
            // A subject id that is not the entity's own must itself be readable: no finding links through a hidden record.
            if (records.Count == 0 || (request.EntityOrSubjectId != entityId && !records.ContainsKey(request.EntityOrSubjectId)))
            {
                return null;
            }
            var kind = records.Values.First().Kind;
            LinkedRecords.RequirePurpose(reader, kind);
            var ids = records.Keys.ToList();
            var links = await db.Set<LinkCandidate>().AsNoTracking()
                .Where(c => c.Status == LinkStatus.Confirmed && ids.Contains(c.LeftSubjectId) && ids.Contains(c.RightSubjectId))
                .OrderBy(c => c.Id).ToListAsync(ct);
            await LinkedRecords.AuditConsultationAsync(db, clock, reader, $"entity:{entityId}", Subject.IsPersonal(kind) ? records.Count : 0, ct);
            return new Result(entityId, kind, [.. records.Values.OrderBy(r => r.SubjectId)],
                [.. links.Select(c => new Link(c.Id, c.LeftSubjectId, c.RightSubjectId, c.MatchWeight, c.MatchProbability,
                    JsonSerializer.Deserialize<LinkExplanation>(c.Explanation, FindLinkCandidates.Json)!, c.FirstConfirmedBy,
                    c.FirstConfirmedOrganisation, c.DecidedBy, c.DecidedOrganisation, c.DecidedAt))]);
        }
    }
}
