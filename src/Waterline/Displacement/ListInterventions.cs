using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>The interventions the reader may read, by date.</summary>
public static class ListInterventions
{
    public sealed record Row(long Id, string Date, string Title, string? Description, string? Dimension, string? Area, string? Market,
        string Owner, string Handling, string Tlp, string RecordedBy, DateTime RecordedAt);

    public sealed class Handler(WaterlineDbContext db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken ct)
        {
            var rows = await db.Set<Intervention>().AsNoTracking().OrderBy(i => i.Date).ThenBy(i => i.Id).ToListAsync(ct);
            return [.. rows.Select(i => new Row(i.Id, i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.Title, i.Description,
                i.Dimension is { } d ? PictureVocabulary.Token(d) : null, i.Area, i.Market?.ToString(), i.Owner, i.Handling.ToString(), i.Tlp.ToString(),
                i.RecordedBy, i.RecordedAt))];
        }
    }
}
