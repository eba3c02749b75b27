using Microsoft.EntityFrameworkCore;
using Waterline.Storage;

namespace Waterline.Observations;

/// <summary>Search-as-you-type on the source's external id: only records the reader may read are ever suggested
/// (MISP leaked existence through exactly this kind of feature; here the same query filter applies).</summary>
public static class SuggestObservations
{
    public sealed record Request(string Text, int Limit = 10);

    public sealed record Suggestion(long Id, string ExternalId, ObservationKind Kind, string SourceOrganisation, DateTime OccurredAt);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<IReadOnlyList<Suggestion>> HandleAsync(Request request, CancellationToken ct)
        {
            var text = request.Text.Trim();
            if (text.Length == 0)
            {
                return [];
            }
            return await db.Observations.AsNoTracking()
                .Where(o => o.ExternalId.StartsWith(text))
                .OrderBy(o => o.ExternalId)
                .Take(Math.Clamp(request.Limit, 1, 50))
                .Select(o => new Suggestion(o.Id, o.ExternalId, o.Kind, o.SourceOrganisation, o.OccurredAt))
                .ToListAsync(ct);
        }
    }
}
