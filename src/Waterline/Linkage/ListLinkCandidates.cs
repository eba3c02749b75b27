using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>The review queue: candidate pairs still to decide (pending, or awaiting a second confirmation), most likely
/// first. Only pairs both of whose records the reader may read are listed, and they are counted only among themselves.
/// Pairs of personal kinds need a stated purpose: without one they are left out and only counted (as GetObservation does
/// with personal subjects); asking for a personal kind explicitly without one is refused.</summary>
public static class ListLinkCandidates
{
    public const int MaxLimit = 200;

    /// <summary>Kind: one kind only, all when null. Statuses: Pending and AwaitingSecondConfirmation when null.</summary>
    public sealed record Request(SubjectKind? Kind = null, IReadOnlyList<LinkStatus>? Statuses = null, int Limit = 50, int Offset = 0);

    /// <summary>One pair; NeedsSecondPerson when the records come from different organisations (owners of their markings).</summary>
    public sealed record Row(long Id, SubjectKind Kind, LinkStatus Status, double MatchWeight, double MatchProbability,
        LinkedRecord Left, LinkedRecord Right, bool NeedsSecondPerson, string? FirstConfirmedBy, string? FirstConfirmedOrganisation,
        LinkExplanation Explanation);

    /// <summary>Total: readable pairs matching the request, of the kinds shown. PersonalWithheld: readable pairs of
    /// personal kinds left out for want of a purpose.</summary>
    public sealed record Result(int Total, int PersonalWithheld, IReadOnlyList<Row> Rows);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = LinkedRecords.ReaderOf(db, nameof(ListLinkCandidates));
            if (request.Kind is { } asked)
            {
                LinkedRecords.RequirePurpose(reader, asked);
            }
            var statuses = request.Statuses ?? [LinkStatus.Pending, LinkStatus.AwaitingSecondConfirmation];
            var query = LinkedRecords.Readable(db).Where(c => statuses.Contains(c.Status));
            if (request.Kind is { } kind)
            {
                query = query.Where(c => c.Kind == kind);
            }
            var personalWithheld = 0;
            if (string.IsNullOrWhiteSpace(reader.Purpose))
            {
                SubjectKind[] personal = [.. Enum.GetValues<SubjectKind>().Where(Subject.IsPersonal)];
                personalWithheld = await query.CountAsync(c => personal.Contains(c.Kind), ct);
                query = query.Where(c => !personal.Contains(c.Kind));
            }
            var total = await query.CountAsync(ct);
            var page = await query.OrderByDescending(c => c.MatchWeight).ThenBy(c => c.Id)
                .Skip(Math.Max(0, request.Offset)).Take(Math.Clamp(request.Limit, 1, MaxLimit)).ToListAsync(ct);
            var records = await LinkedRecords.LoadAsync(db, [.. page.SelectMany(c => new[] { c.LeftSubjectId, c.RightSubjectId })], ct);
            var rows = page.Select(c => new Row(c.Id, c.Kind, c.Status, c.MatchWeight, c.MatchProbability, records[c.LeftSubjectId],
                records[c.RightSubjectId], records[c.LeftSubjectId].Owner != records[c.RightSubjectId].Owner, c.FirstConfirmedBy,
                c.FirstConfirmedOrganisation, JsonSerializer.Deserialize<LinkExplanation>(c.Explanation, FindLinkCandidates.Json)!)).ToList();
            await LinkedRecords.AuditConsultationAsync(db, clock, reader, "link_candidates",
                rows.Count(r => Subject.IsPersonal(r.Kind)) * 2, ct);
            return new Result(total, personalWithheld, rows);
        }
    }
}
