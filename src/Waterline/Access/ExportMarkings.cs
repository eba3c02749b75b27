using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Access;

/// <summary>The markings an export must carry: the most restrictive TLP among its contents and every handling code in
/// it, with the owners whose records went in. Derived from the markings of the cells or records exported.</summary>
public sealed record ExportMarkings(Tlp? HighestTlp, IReadOnlyList<HandlingCode> Handling, IReadOnlyList<string> Owners)
{
    public string Text => HighestTlp is null
        ? "Waterline export: no records"
        : $"Waterline export: TLP:{TlpText(HighestTlp.Value)}; handling {string.Join(' ', Handling)}; sources {string.Join(' ', Owners)}";

    public static string TlpText(Tlp tlp) => tlp switch
    {
        Tlp.AmberStrict => "AMBER+STRICT",
        _ => tlp.ToString().ToUpperInvariant(),
    };

    public static async Task<ExportMarkings> OfAsync(WaterlineDbContext db, IReadOnlyCollection<int> markingIds, CancellationToken ct)
    {
        var ids = markingIds.ToArray();
        var markings = await db.Markings.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Owner, m.Handling, m.Tlp }).ToListAsync(ct);
        return new ExportMarkings(
            markings.Count == 0 ? null : markings.Max(m => m.Tlp),
            [.. markings.Select(m => m.Handling).Distinct().Order()],
            [.. markings.Select(m => m.Owner).Distinct().Order(StringComparer.Ordinal)]);
    }
}
