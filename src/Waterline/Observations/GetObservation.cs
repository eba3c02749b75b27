using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Observations;

/// <summary>One observation with its markings and the subjects it names. A record the reader may not read is answered
/// exactly like one that does not exist (null). Personal subjects come only with a stated purpose.</summary>
public static class GetObservation
{
    public sealed record Request(long Id, bool IncludePersonalData = false);

    public sealed record SubjectView(long Id, SubjectKind Kind, SubjectRole Role, string? Name, DateOnly? BirthDate,
        string? Identifier, string? Address, string? Country);

    public sealed record MarkingView(string Owner, HandlingCode Handling, Tlp Tlp, IReadOnlyList<string> ReleasableTo);

    /// <summary><see cref="Subjects"/> holds the non-personal subjects, plus the personal ones when they were asked for
    /// with a purpose; <see cref="PersonalSubjects"/> says how many personal ones the record names either way.</summary>
    public sealed record Result(long Id, ObservationKind Kind, Market Market, Echelon Echelon, DateTime OccurredAt, string Country,
        string? RegionCode, string? MunicipalityCode, string SourceOrganisation, string ExternalId, MarkingView Marking,
        SourceGrade SourceGrade, InformationGrade InformationGrade, LegalRegime LegalRegime, string? Notes,
        int PersonalSubjects, IReadOnlyList<SubjectView> Subjects);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result?> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = db.Reader ?? throw new InvalidOperationException("GetObservation needs a context acting for a reader.");
            if (request.IncludePersonalData && string.IsNullOrWhiteSpace(reader.Purpose))
            {
                throw new PurposeRequiredException();
            }
            // The query filter applies: an unreadable record is simply not found.
            var o = await db.Observations.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.Id, ct);
            if (o is null)
            {
                return null;
            }
            var marking = await db.Markings.AsNoTracking().Where(m => m.Id == o.MarkingId)
                .Select(m => new { m.Owner, m.Handling, m.Tlp, Sets = m.Releases.Select(r => r.Set.Name).ToList() }).SingleAsync(ct);
            var subjects = await db.Subjects.AsNoTracking().Where(s => s.ObservationId == o.Id).OrderBy(s => s.Id).ToListAsync(ct);
            var personal = subjects.Count(s => s.IsPersonalData);
            if (request.IncludePersonalData && personal > 0)
            {
                // LED art. 25: the consultation of personal data, with its justification.
                await new AuditLog(clock).AppendAsync(db, AuditRecord.By(reader, AuditAction.Consultation, $"observation:{o.Id}",
                    detail: $"{personal} personal subject(s)"), ct);
            }
            var shown = subjects.Where(s => !s.IsPersonalData || request.IncludePersonalData)
                .Select(s => new SubjectView(s.Id, s.Kind, s.Role, s.Name, s.BirthDate, s.Identifier, s.Address, s.Country)).ToList();
            return new Result(o.Id, o.Kind, o.Market, o.Echelon, o.OccurredAt, o.Country, o.RegionCode, o.MunicipalityCode,
                o.SourceOrganisation, o.ExternalId, new MarkingView(marking.Owner, marking.Handling, marking.Tlp, [.. marking.Sets.Order()]),
                o.SourceGrade, o.InformationGrade, o.LegalRegime, o.Notes, personal, shown);
        }
    }
}
