using Microsoft.EntityFrameworkCore;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>A person's decision on a candidate pair: confirm, reject, or unmerge a confirmed link. Four-eyes: when the
/// two records come from different organisations (the owners of their markings), a confirmation takes effect only when
/// a second, different person confirms too; the first leaves it awaiting. One organisation: one confirmation suffices.
/// Only someone who may read both records can decide (otherwise the pair is not found). Every decision is written to the
/// audit log as a Combination (LED art. 25(1)), with who, the pair and the purpose, in the same transaction.</summary>
public static class DecideLink
{
    public enum Decision
    {
        Confirm,
        Reject,
        Unmerge,
    }

    public sealed record Request(long CandidateId, Decision Decision);

    public enum Outcome
    {
        NotFound,
        AwaitingSecondConfirmation,
        Confirmed,
        Rejected,
        Unmerged,
        /// <summary>The person who gave the first confirmation cannot give the second.</summary>
        SamePersonRefused,
        /// <summary>The decision does not apply to the pair's status (already decided, or unmerging what is not confirmed).</summary>
        NotOpen,
    }

    /// <summary>What happened, the pair's status now, and (when it changed) the resolved entity of its first subject.</summary>
    public sealed record Result(Outcome Outcome, LinkStatus? Status, long? EntityId);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = LinkedRecords.ReaderOf(db, nameof(DecideLink));
            if (reader.IsSystem)
            {
                throw new InvalidOperationException("Linking decisions are made by people, never by the application.");
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var c = await LinkedRecords.Readable(db).SingleOrDefaultAsync(x => x.Id == request.CandidateId, ct);
            if (c is null)
            {
                return new Result(Outcome.NotFound, null, null);
            }
            LinkedRecords.RequirePurpose(reader, c.Kind);
            var records = await LinkedRecords.LoadAsync(db, [c.LeftSubjectId, c.RightSubjectId], ct);
            var (left, right) = (records[c.LeftSubjectId], records[c.RightSubjectId]);
            var crossOrganisation = left.Owner != right.Owner;
            var now = clock.GetUtcNow().UtcDateTime;
            var (outcome, status) = (request.Decision, c.Status) switch
            {
                (Decision.Confirm, LinkStatus.Pending) when crossOrganisation => (Outcome.AwaitingSecondConfirmation, LinkStatus.AwaitingSecondConfirmation),
                (Decision.Confirm, LinkStatus.Pending) => (Outcome.Confirmed, LinkStatus.Confirmed),
                (Decision.Confirm, LinkStatus.AwaitingSecondConfirmation) when c.FirstConfirmedBy == reader.Account => (Outcome.SamePersonRefused, c.Status),
                (Decision.Confirm, LinkStatus.AwaitingSecondConfirmation) => (Outcome.Confirmed, LinkStatus.Confirmed),
                (Decision.Reject, LinkStatus.Pending or LinkStatus.AwaitingSecondConfirmation) => (Outcome.Rejected, LinkStatus.Rejected),
                (Decision.Unmerge, LinkStatus.Confirmed) => (Outcome.Unmerged, LinkStatus.Unmerged),
                _ => (Outcome.NotOpen, c.Status),
            };
            if (outcome is Outcome.SamePersonRefused or Outcome.NotOpen)
            {
                return new Result(outcome, c.Status, null);
            }
            var candidates = db.Set<LinkCandidate>().Where(x => x.Id == c.Id && x.Status == c.Status);
            // The status in the WHERE clause: of two people deciding at once, only one moves the pair on.
            var changed = outcome switch
            {
                Outcome.AwaitingSecondConfirmation => await candidates.ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, status).SetProperty(x => x.FirstConfirmedBy, reader.Account)
                    .SetProperty(x => x.FirstConfirmedOrganisation, reader.Organisation).SetProperty(x => x.FirstConfirmedAt, now), ct),
                Outcome.Unmerged => await candidates.ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, status).SetProperty(x => x.UnmergedBy, reader.Account).SetProperty(x => x.UnmergedAt, now), ct),
                _ => await candidates.ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, status).SetProperty(x => x.DecidedBy, reader.Account)
                    .SetProperty(x => x.DecidedOrganisation, reader.Organisation).SetProperty(x => x.DecidedAt, now), ct),
            };
            if (changed == 0)
            {
                return new Result(Outcome.NotOpen, c.Status, null);
            }
            var detail = outcome switch
            {
                Outcome.AwaitingSecondConfirmation => $"merge: first confirmation; records of {left.Owner} and {right.Owner} need a second person",
                Outcome.Confirmed when c.FirstConfirmedBy is not null => $"merge: second confirmation (first by {c.FirstConfirmedBy})",
                Outcome.Confirmed => "merge: confirmed",
                Outcome.Rejected => "reject",
                _ => "unmerge",
            };
            await new AuditLog(clock).AppendAsync(db, AuditRecord.By(reader, AuditAction.Combination,
                $"link_candidate:{c.Id} subject:{c.LeftSubjectId} subject:{c.RightSubjectId}", detail: $"{c.Kind}: {detail}"), ct);
            await tx.CommitAsync(ct);
            var entities = await ResolvedEntities.LoadAsync(db, ct);
            return new Result(outcome, status, entities.EntityOf(c.LeftSubjectId));
        }
    }
}
