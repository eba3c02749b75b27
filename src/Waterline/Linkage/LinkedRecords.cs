using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>A subject as the review queue and the entity page show it: its fields, the record it comes from and that
/// record's marking.</summary>
public sealed record LinkedRecord(long SubjectId, long ObservationId, SubjectKind Kind, string? Name, DateOnly? BirthDate,
    string? Identifier, string? Address, string? Country, string SourceOrganisation, string ExternalId, string Owner,
    HandlingCode Handling, Tlp Tlp);

/// <summary>How the linkage module reads subjects: only through the subjects' query filter (the one access policy), so a
/// pair or an entity never shows a record its reader may not read; personal kinds only with a stated purpose.</summary>
internal static class LinkedRecords
{
    /// <summary>Candidates both of whose subjects the context's reader may read.</summary>
    public static IQueryable<LinkCandidate> Readable(WaterlineDbContext db) => db.Set<LinkCandidate>().AsNoTracking()
        .Where(c => db.Subjects.Any(s => s.Id == c.LeftSubjectId) && db.Subjects.Any(s => s.Id == c.RightSubjectId));

    /// <summary>The readable ones among <paramref name="subjectIds"/>, by subject id.</summary>
    public static async Task<Dictionary<long, LinkedRecord>> LoadAsync(WaterlineDbContext db, IReadOnlyCollection<long> subjectIds, CancellationToken ct)
    {
        var ids = subjectIds.Distinct().ToList();
        var rows = await (
            from s in db.Subjects.AsNoTracking()
            where ids.Contains(s.Id)
            join o in db.Observations.AsNoTracking() on s.ObservationId equals o.Id
            join m in db.Markings.AsNoTracking() on s.MarkingId equals m.Id
            select new LinkedRecord(s.Id, s.ObservationId, s.Kind, s.Name, s.BirthDate, s.Identifier, s.Address, s.Country,
                o.SourceOrganisation, o.ExternalId, m.Owner, m.Handling, m.Tlp)).ToListAsync(ct);
        return rows.ToDictionary(r => r.SubjectId);
    }

    public static Reader ReaderOf(WaterlineDbContext db, string useCase) =>
        db.Reader ?? throw new InvalidOperationException($"{useCase} needs a context acting for a reader.");

    /// <summary>LED art. 4(1)(b): personal data only for a stated purpose.</summary>
    public static void RequirePurpose(Reader reader, SubjectKind kind)
    {
        if (Subject.IsPersonal(kind) && string.IsNullOrWhiteSpace(reader.Purpose))
        {
            throw new PurposeRequiredException();
        }
    }

    /// <summary>LED art. 25: the consultation of personal data, with its justification.</summary>
    public static Task AuditConsultationAsync(WaterlineDbContext db, TimeProvider clock, Reader reader, string what, int personal, CancellationToken ct) =>
        personal == 0 || reader.IsSystem
            ? Task.CompletedTask
            : new AuditLog(clock).AppendAsync(db, AuditRecord.By(reader, AuditAction.Consultation, what, detail: $"{personal} personal subject(s)"), ct);
}
