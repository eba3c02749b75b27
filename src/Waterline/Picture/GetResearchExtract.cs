using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>What a researcher receives, as DISMARK recommends opening police data to academics: counts per year, country,
/// province, market and kind only; no record, no id, no source organisation (pseudonymised by aggregation), and every
/// cell counting fewer than <see cref="Request.SuppressBelow"/> observations suppressed (value withheld, flagged).</summary>
public static class GetResearchExtract
{
    /// <summary>Whole years, both ends inclusive. Cells with fewer than SuppressBelow observations are withheld
    /// (configuration Research:SuppressBelow, default 5). Cells are whole years, so two extracts over different ranges
    /// hold the same cells and cannot be differenced to reveal a suppressed one.</summary>
    public sealed record Request(int? FromYear = null, int? ToYear = null, int SuppressBelow = 5);

    /// <summary>Observations and kilograms are null when suppressed.</summary>
    public sealed record Row(int Year, string Country, string RegionCode, Market Market, ObservationKind Kind, long? Observations,
        double? QuantityKg, bool Suppressed);

    public sealed record Result(int SuppressBelow, int SuppressedCells, IReadOnlyList<Row> Rows);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var reader = db.Reader ?? throw new InvalidOperationException("GetResearchExtract needs a context acting for a reader.");
            if (request.SuppressBelow < 1)
            {
                throw new ArgumentException("suppress_below: must be at least 1.");
            }
            // The researcher's own aggregate rule (AccessPolicy); the records themselves stay out of reach.
            var markings = await db.Markings.AsNoTracking().Where(AccessPolicy.CanAggregateForResearch(reader)).Select(m => m.Id).ToListAsync(ct);
            var cells = db.PictureCells.IgnoreQueryFilters().AsNoTracking().Where(c => markings.Contains(c.MarkingId));
            if (request.FromYear is { } from)
            {
                cells = cells.Where(c => c.Month >= from * 100);
            }
            if (request.ToYear is { } to)
            {
                cells = cells.Where(c => c.Month <= (to * 100) + 12);
            }
            var groups = await cells
                .GroupBy(c => new { Year = c.Month / 100, c.Country, c.RegionCode, c.Market, c.Kind })
                .Select(g => new { g.Key, Observations = g.Sum(c => c.Observations), QuantityKg = g.Sum(c => c.QuantityKg) })
                .ToListAsync(ct);
            var rows = groups
                .Select(g => g.Observations < request.SuppressBelow
                    ? new Row(g.Key.Year, g.Key.Country, g.Key.RegionCode, g.Key.Market, g.Key.Kind, null, null, true)
                    : new Row(g.Key.Year, g.Key.Country, g.Key.RegionCode, g.Key.Market, g.Key.Kind, g.Observations, Math.Round(g.QuantityKg, 3), false))
                .OrderBy(r => r.Year).ThenBy(r => r.Country, StringComparer.Ordinal).ThenBy(r => r.RegionCode, StringComparer.Ordinal)
                .ThenBy(r => r.Market).ThenBy(r => r.Kind)
                .ToList();
            // Handing data to a researcher is a disclosure, aggregated or not (LED art. 25).
            await new AuditLog(TimeProvider.System).AppendAsync(db, AuditRecord.By(reader, AuditAction.Disclosure, "research_extract",
                reader.Organisation, $"years {request.FromYear}-{request.ToYear}; {rows.Count} cells, {rows.Count(r => r.Suppressed)} suppressed below {request.SuppressBelow}"), ct);
            return new Result(request.SuppressBelow, rows.Count(r => r.Suppressed), rows);
        }
    }
}
