using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Analytics.Linkage;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Linkage;

/// <summary>Finds pairs of subjects that may be the same: per kind, blocking, field comparison and Fellegi-Sunter
/// scoring (<see cref="LinkScoring"/>); pairs at or above the threshold go to the review queue. Runs as the application
/// (it must see every subject to find pairs across organisations; people only ever see the pairs they may read).
/// Idempotent: a pair already stored, whatever its status, is left as it is, and pairs already within one resolved
/// entity are not proposed.</summary>
public static class FindLinkCandidates
{
    /// <summary>Probability 0.5, 1:1 odds: more likely the same than not.</summary>
    public const double DefaultThreshold = 0.0;

    /// <param name="MinimumMatchWeight">Pairs scoring below this (bits) are not stored.</param>
    /// <param name="Kinds">The kinds to run; all when null.</param>
    public sealed record Request(double MinimumMatchWeight = DefaultThreshold, IReadOnlyList<SubjectKind>? Kinds = null);

    /// <param name="Kind">Subject kind.</param>
    /// <param name="Subjects">Subjects compared.</param>
    /// <param name="Compared">Candidate pairs from blocking.</param>
    /// <param name="AboveThreshold">Pairs scoring at or above the threshold.</param>
    /// <param name="Added">Of those, new in the queue.</param>
    public sealed record KindResult(SubjectKind Kind, int Subjects, int Compared, int AboveThreshold, int Added);

    public sealed record Result(IReadOnlyList<KindResult> Kinds, TimeSpan Elapsed)
    {
        public int Added => Kinds.Sum(k => k.Added);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (db.Reader is not { IsSystem: true })
            {
                throw new InvalidOperationException("FindLinkCandidates runs as the application (ActAsSystem): it must compare every subject.");
            }
            var watch = Stopwatch.StartNew();
            var entities = await ResolvedEntities.LoadAsync(db, ct);
            var results = new List<KindResult>();
            foreach (var kind in request.Kinds ?? Enum.GetValues<SubjectKind>())
            {
                results.Add(await FindAsync(kind, request.MinimumMatchWeight, entities, ct));
            }
            return new Result(results, watch.Elapsed);
        }

        private async Task<KindResult> FindAsync(SubjectKind kind, double minimumWeight, ResolvedEntities entities, CancellationToken ct)
        {
            var records = await db.Subjects.AsNoTracking().Where(s => s.Kind == kind).OrderBy(s => s.Id)
                .Select(s => new SubjectRecord(s.Id, s.ObservationId, s.Kind, s.Name, s.BirthDate, s.Identifier, s.Address, s.Country))
                .ToListAsync(ct);
            if (records.Count < 2)
            {
                return new KindResult(kind, records.Count, 0, 0, 0);
            }
            var scoring = LinkScoring.Preset(kind);
            var prepared = records.Select(scoring.Prepare).ToList();
            var pairs = Blocking.Union(scoring.BlockingKeys(prepared));
            var levels = scoring.Levels(prepared, pairs);
            var weights = new double[pairs.Count];
            scoring.Model.ScoreWeights(levels, weights);

            var existing = (await db.Set<LinkCandidate>().AsNoTracking().Where(c => c.Kind == kind)
                .Select(c => new { c.LeftSubjectId, c.RightSubjectId }).ToListAsync(ct))
                .Select(c => (c.LeftSubjectId, c.RightSubjectId)).ToHashSet();
            var now = clock.GetUtcNow().UtcDateTime;
            var above = 0;
            var added = new List<LinkCandidate>();
            for (var k = 0; k < pairs.Count; k++)
            {
                if (!(weights[k] >= minimumWeight))
                {
                    continue;
                }
                var (a, b) = (records[pairs.Left[k]], records[pairs.Right[k]]);
                // One record naming two people: two subjects of the same observation are not the same subject.
                if (a.ObservationId == b.ObservationId)
                {
                    continue;
                }
                above++;
                if (existing.Contains((a.Id, b.Id)) || entities.EntityOf(a.Id) == entities.EntityOf(b.Id))
                {
                    continue;
                }
                var explanation = scoring.Explain(levels, k);
                added.Add(new LinkCandidate
                {
                    Kind = kind, LeftSubjectId = a.Id, RightSubjectId = b.Id, MatchWeight = weights[k],
                    MatchProbability = FellegiSunterModel.ToProbability(weights[k]),
                    Explanation = JsonSerializer.Serialize(explanation, Json), Status = LinkStatus.Pending, FoundAt = now,
                });
            }
            if (added.Count > 0)
            {
                db.Set<LinkCandidate>().AddRange(added);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            return new KindResult(kind, records.Count, pairs.Count, above, added.Count);
        }
    }
}
