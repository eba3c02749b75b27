using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Sharing;

/// <summary>The owner organisation consents to one of its records being forwarded to one recipient organisation.</summary>
public static class RecordConsent
{
    public sealed record Request(long ObservationId, string Recipient, string? Reason);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        /// <returns>false when the record is not found (or not readable).</returns>
        public async Task<bool> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = db.Reader ?? throw new InvalidOperationException("RecordConsent needs a context acting for a reader.");
            var owner = await db.Observations.Where(o => o.Id == request.ObservationId).Select(o => o.SourceOrganisation).SingleOrDefaultAsync(ct);
            if (owner is null)
            {
                return false;
            }
            if (!reader.IsSystem && owner != reader.Organisation)
            {
                throw new AccessRefusedException("observation", $"only the owner ({owner}) can consent to forwarding this record");
            }
            var recipient = request.Recipient.Trim().ToUpperInvariant();
            if (!await db.Organisations.AnyAsync(o => o.Code == recipient, ct))
            {
                throw new ArgumentException($"recipient: '{request.Recipient}' is not a known organisation code");
            }
            if (!await db.Set<ForwardingConsent>().AnyAsync(c => c.ObservationId == request.ObservationId && c.Recipient == recipient, ct))
            {
                db.Add(new ForwardingConsent
                {
                    ObservationId = request.ObservationId, Recipient = recipient, GivenBy = reader.Account,
                    GivenByOrganisation = reader.Organisation, GivenAt = clock.GetUtcNow().UtcDateTime, Reason = request.Reason,
                });
                await db.SaveChangesAsync(ct);
                await new AuditLog(clock).AppendAsync(db, AuditRecord.By(reader, AuditAction.Consent, $"observation:{request.ObservationId}",
                    recipient, request.Reason), ct);
            }
            return true;
        }
    }
}
