using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Sharing;

/// <summary>Passes a record on to another organisation: the record is released to it (its marking gains the recipient),
/// so from then on the recipient reads it through the same policy as everything else. The markings decide first:
/// <list type="bullet">
/// <item>TLP:RED never leaves its named recipients: the recipient must already be named on the record.</item>
/// <item>Handling code H2 or H3, or TLP:AMBER+STRICT: anyone but the owner needs the owner's recorded consent (RecordConsent).</item>
/// </list></summary>
public static class ForwardObservation
{
    public sealed record Request(long ObservationId, string Recipient, string? Reason);

    public enum Outcome
    {
        NotFound,
        Forwarded,
        AlreadyReleased,
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Outcome> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = db.Reader ?? throw new InvalidOperationException("ForwardObservation needs a context acting for a reader.");
            var recipient = request.Recipient.Trim().ToUpperInvariant();
            if (!await db.Organisations.AnyAsync(o => o.Code == recipient, ct))
            {
                throw new ArgumentException($"recipient: '{request.Recipient}' is not a known organisation code");
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var observation = await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.ObservationId, ct);
            if (observation is null)
            {
                return Outcome.NotFound;
            }
            var marking = await db.Markings.AsNoTracking().Include(m => m.Releases).ThenInclude(r => r.Set).ThenInclude(s => s.Members)
                .SingleAsync(m => m.Id == observation.MarkingId, ct);
            var sets = marking.Releases.Select(r => r.Set).ToList();
            var named = sets.Where(s => s.Kind == ReleasabilityKind.Named).SelectMany(s => s.Members).Select(m => m.Organisation).ToHashSet();
            var reached = sets.SelectMany(s => s.Members).Select(m => m.Organisation).ToHashSet();

            if (marking.Tlp == Tlp.Red && !named.Contains(recipient) && recipient != marking.Owner)
            {
                throw new AccessRefusedException("recipient", $"TLP:RED: this record may only reach the organisations named on it, and {recipient} is not one of them");
            }
            var restricted = marking.Handling is HandlingCode.H2 or HandlingCode.H3 || marking.Tlp == Tlp.AmberStrict;
            if (restricted && !reader.IsSystem && reader.Organisation != marking.Owner
                && !await db.Set<ForwardingConsent>().AnyAsync(c => c.ObservationId == observation.Id && c.Recipient == recipient, ct))
            {
                throw new AccessRefusedException("recipient",
                    $"{(marking.Tlp == Tlp.AmberStrict ? "TLP:AMBER+STRICT" : marking.Handling.ToString())}: forwarding to {recipient} needs the consent of the owner ({marking.Owner}) first");
            }
            if (recipient == marking.Owner || reached.Contains(recipient))
            {
                return Outcome.AlreadyReleased;
            }

            // The record keeps every release it had and gains the recipient among its named organisations.
            IReadOnlyList<string> releasableTo = [.. sets.Where(s => s.Kind == ReleasabilityKind.Group).Select(s => s.Name), .. named, recipient];
            var writer = ObservationWriter.Begin(db);
            var newMarking = await new MarkingCatalogue(db).ResolveAsync(marking.Owner, marking.Handling, marking.Tlp, releasableTo, ct);
            await writer.RemarkAsync(observation, newMarking, ct);
            await writer.CompleteAsync(ct);
            await new AuditLog(clock).AppendAsync(db, AuditRecord.By(reader, AuditAction.Disclosure, $"observation:{observation.Id}",
                recipient, request.Reason), ct);
            await tx.CommitAsync(ct);
            // Markings changed: what this context may read is worked out again.
            await db.ActAsAsync(reader, ct);
            return Outcome.Forwarded;
        }
    }
}
