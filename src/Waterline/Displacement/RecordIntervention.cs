using Waterline.Access;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Records a dated intervention under the recording organisation's marking (handling code and TLP as given; a
/// public event such as a law change is TLP:CLEAR, which every organisation on the platform reads).</summary>
public static class RecordIntervention
{
    /// <remarks>
    /// <para>Owner: The recording organisation when the context acts as the system (seeding); otherwise the reader's.</para>
    /// </remarks>
    public sealed record Request(DateOnly Date, string Title, string? Description = null, AreaDimension? Dimension = null, string? Area = null,
        Market? Market = null, HandlingCode Handling = HandlingCode.H0, Tlp Tlp = Tlp.Amber, string? Owner = null);

    /// <summary>Id set when recorded; otherwise Field and Problem say what is wrong.</summary>
    public sealed record Result(long? Id, string? Field, string? Problem);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(request);
            var reader = db.Reader ?? throw new AccessRefusedException("reader", "No reader: sign in to record an intervention.");
            var owner = reader.IsSystem ? request.Owner : reader.Organisation;
            if (string.IsNullOrWhiteSpace(owner))
                return new Result(null, "owner", "the system records on behalf of an organisation: name it");
            if (reader.Role is not (Role.Analyst or Role.Investigator or Role.Administrator))
                return new Result(null, "role", "only analysts, investigators and administrators record interventions");
            var title = request.Title?.Trim() ?? "";
            if (title.Length is 0 or > 200)
                return new Result(null, "title", "give a title of 1 to 200 characters");
            if (request.Description is { Length: > 4000 })
                return new Result(null, "description", "at most 4000 characters");
            if (request.Date.Year is < 1990 or > 2100)
                return new Result(null, "date", $"{request.Date:yyyy-MM-dd} is outside 1990-2100");
            string? area = null;
            if (!string.IsNullOrWhiteSpace(request.Area))
            {
                if (request.Dimension is not { } dimension)
                    return new Result(null, "dimension", "an area needs its dimension (country, province, port, transport_mode)");
                area = DisplacementSelection.CanonicalArea(dimension, request.Area, out var problem);
                if (area is null)
                    return new Result(null, "area", problem);
            }
            var marking = await new MarkingCatalogue(db).ResolveAsync(owner, request.Handling, request.Tlp, [], ct);
            var intervention = new Intervention
            {
                Date = request.Date, Title = title, Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
                Dimension = area is null ? null : request.Dimension, Area = area, Market = request.Market, Owner = owner, Handling = request.Handling,
                Tlp = request.Tlp, MarkingId = marking, RecordedBy = reader.Account, RecordedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Add(intervention);
            await db.SaveChangesAsync(ct);
            return new Result(intervention.Id, null, null);
        }
    }
}
