using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Observations;

/// <summary>Adds the persons, companies, phones, vehicles... an observation names. Only someone who can read the
/// observation can add to it; the subjects take its marking.</summary>
public static class RecordSubjects
{
    public sealed record NewSubject(SubjectKind Kind, SubjectRole Role, string? Name = null, DateOnly? BirthDate = null,
        string? Identifier = null, string? Address = null, string? Country = null);

    public sealed record Request(long ObservationId, IReadOnlyList<NewSubject> Subjects);

    public sealed class Handler(WaterlineDbContext db)
    {
        /// <summary>The new subjects' ids, or null when the observation is not found (or not readable).</summary>
        public async Task<IReadOnlyList<long>?> HandleAsync(Request request, CancellationToken ct)
        {
            var marking = await db.Observations.Where(o => o.Id == request.ObservationId).Select(o => (int?)o.MarkingId).SingleOrDefaultAsync(ct);
            if (marking is null)
            {
                return null;
            }
            foreach (var s in request.Subjects)
            {
                if (s.Name is null && s.Identifier is null && s.Address is null)
                {
                    throw new ArgumentException("subjects: each subject needs a name, an identifier or an address.");
                }
            }
            var added = request.Subjects.Select(s => new Subject
            {
                ObservationId = request.ObservationId, MarkingId = marking.Value, Kind = s.Kind, Role = s.Role, Name = s.Name,
                BirthDate = s.BirthDate, Identifier = s.Identifier, Address = s.Address, Country = s.Country,
            }).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Subjects.AddRange(added);
            await db.SaveChangesAsync(ct);
            // Collecting personal data is logged like any collection (LED art. 25), with the record it hangs on.
            await new AuditLog(TimeProvider.System).AppendAsync(db, AuditRecord.By(db.Reader ?? Reader.System, AuditAction.Collection,
                $"observation:{request.ObservationId}", detail: $"{added.Count} subject(s): {string.Join(", ", added.Select(s => s.Kind).Distinct())}"), ct);
            await tx.CommitAsync(ct);
            return [.. added.Select(s => s.Id)];
        }
    }
}
