using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Hotspots;

/// <summary>What the hotspot analyses count.</summary>
public enum HotspotSource
{
    /// <summary>Violence incidents (shootings, explosions, arson, intimidation).</summary>
    Violence,
    /// <summary>Retail-echelon observations that are events at a place: seizures, sites, dumpings, partner signals and lab
    /// findings at street level. Wastewater loads are measurements at a treatment plant, not events, and stay out.</summary>
    Retail,
}

/// <summary>Which observations the hotspot analyses count; the same filters on the map, the near-repeat table and the
/// tracked areas.</summary>
/// <param name="Source">Violence incidents or retail-echelon observations.</param>
/// <param name="Market">Only this market; null: every market.</param>
/// <param name="IncidentType">Only this kind of violence (with <see cref="HotspotSource.Violence"/>); null: every kind.</param>
/// <param name="Country">BE or NL; null: both.</param>
/// <param name="RegionCode">Province code (NIS for Belgium, 04000 for Brussels-Capital; CBS PVxx for the Netherlands); null: all.</param>
/// <param name="From">First day (inclusive); null: no lower bound.</param>
/// <param name="To">Last day (inclusive); null: no upper bound.</param>
public sealed record HotspotFilter(HotspotSource Source = HotspotSource.Violence, Market? Market = null, IncidentType? IncidentType = null,
    string? Country = null, string? RegionCode = null, DateOnly? From = null, DateOnly? To = null)
{
    /// <summary>The first problem with the filter, as "field: reason"; null when it is valid.</summary>
    public string? Problem() =>
        Country is not (null or "BE" or "NL") ? $"country: must be BE or NL (was {Country})."
        : RegionCode is { Length: 0 or > 12 } ? "region: must be a province code of at most 12 characters."
        : IncidentType is not null && Source != HotspotSource.Violence ? "incidentType: applies only to violence incidents."
        : From is { } f && To is { } t && t < f ? $"to: must not be before from ({f:yyyy-MM-dd})."
        : null;
}

/// <summary>One readable event: where and when.</summary>
internal readonly record struct HotspotEvent(double Latitude, double Longitude, DateTime OccurredAt, string? MunicipalityCode, string Country);

internal static class HotspotEvents
{
    /// <summary>The events the context's reader may read (the query filters apply the one access policy, so a record the
    /// reader may not read is neither counted nor placed), in one query. Events without coordinates are left out when
    /// <paramref name="needCoordinates"/>; otherwise they come with NaN coordinates.</summary>
    public static async Task<List<HotspotEvent>> LoadAsync(WaterlineDbContext db, HotspotFilter filter, bool needCoordinates, CancellationToken ct)
    {
        _ = db.Reader ?? throw new InvalidOperationException("The hotspot analyses need a context acting for a reader.");
        IQueryable<Observation> events;
        if (filter.Source == HotspotSource.Violence)
        {
            var incidents = db.Set<ViolenceIncident>().AsNoTracking();
            if (filter.IncidentType is { } type)
            {
                incidents = incidents.Where(v => v.IncidentType == type);
            }
            events = incidents;
        }
        else
        {
            events = db.Observations.AsNoTracking().Where(o => o.Echelon == Echelon.Retail && (o.Kind == ObservationKind.Seizure
                || o.Kind == ObservationKind.ProductionSite || o.Kind == ObservationKind.DumpingSite || o.Kind == ObservationKind.PartnerSignal
                || o.Kind == ObservationKind.LabFinding));
        }
        if (filter.Market is { } market)
        {
            events = events.Where(o => o.Market == market);
        }
        if (filter.Country is { } country)
        {
            events = events.Where(o => o.Country == country);
        }
        if (filter.RegionCode is { } region)
        {
            events = events.Where(o => o.RegionCode == region);
        }
        if (needCoordinates)
        {
            events = events.Where(o => o.Latitude != null && o.Longitude != null);
        }
        var rows = await events.Within(filter.From, filter.To)
            .OrderBy(o => o.OccurredAt).ThenBy(o => o.Id)
            .Select(o => new { o.Latitude, o.Longitude, o.OccurredAt, o.MunicipalityCode, o.Country })
            .ToListAsync(ct);
        return [.. rows.Select(r => new HotspotEvent(r.Latitude ?? double.NaN, r.Longitude ?? double.NaN,
            DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc), r.MunicipalityCode, r.Country))];
    }
}

/// <summary>Equirectangular projection about a reference point: x = R·cos φ₀·(λ − λ₀), y = R·(φ − φ₀), in metres (R the
/// mean Earth radius, 6 371 008.8 m). Within a country the size of Belgium the east-west scale is off by under 2% at the
/// edges, which moves no distance band or grid cell that matters; being linear in degrees, a square metre grid is a
/// rectangle grid in longitude and latitude, so cells draw exactly on the map.</summary>
internal readonly record struct LocalProjection(double Latitude0, double Longitude0)
{
    private const double EarthRadius = 6_371_008.8;
    private const double Radians = Math.PI / 180;

    private double MetresPerDegreeY => EarthRadius * Radians;
    private double MetresPerDegreeX => EarthRadius * Radians * Math.Cos(Latitude0 * Radians);

    /// <summary>About the middle of the events' extent (or the given fallback when there are none).</summary>
    public static LocalProjection Around(IReadOnlyCollection<HotspotEvent> events, double latitude = 50.85, double longitude = 4.35)
    {
        var placed = events.Where(e => !double.IsNaN(e.Latitude)).ToList();
        return placed.Count == 0
            ? new LocalProjection(latitude, longitude)
            : new LocalProjection((placed.Min(e => e.Latitude) + placed.Max(e => e.Latitude)) / 2,
                (placed.Min(e => e.Longitude) + placed.Max(e => e.Longitude)) / 2);
    }

    public double X(double longitude) => (longitude - Longitude0) * MetresPerDegreeX;
    public double Y(double latitude) => (latitude - Latitude0) * MetresPerDegreeY;
    public double Longitude(double x) => Longitude0 + (x / MetresPerDegreeX);
    public double Latitude(double y) => Latitude0 + (y / MetresPerDegreeY);

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"equirectangular about {Latitude0:0.0000} N, {Longitude0:0.0000} E (metres)");
}
