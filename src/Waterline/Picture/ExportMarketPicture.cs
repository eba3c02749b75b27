using System.Globalization;
using CsvHelper;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>The market picture's table as CSV: the same request gives exactly the rows the user sees, in the same
/// order, with the measure's id (and so its unit, e.g. quantity_kg) as the value column's name.</summary>
public static class ExportMarketPicture
{
    public sealed record Request(GetMarketPicture.Request Picture);

    /// <summary>Rows written, the value column's name, and the markings line the file starts with.</summary>
    public sealed record Result(int Rows, string ValueColumn, string Markings);

    public sealed class Handler(WaterlineDbContext db, PictureCubeCache? cubes = null)
    {
        public async Task<Result> HandleAsync(Request request, TextWriter output, CancellationToken ct)
        {
            var picture = await new GetMarketPicture.Handler(db, cubes).HandleAsync(request.Picture, ct);
            var markings = await ExportMarkings.OfAsync(db, picture.MarkingIds, ct);
            var columns = request.Picture.GroupBy;
            // The file carries the markings of what it contains, on its first line (a comment for CSV readers).
            await output.WriteLineAsync($"# {markings.Text}");
            await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var column in columns)
            {
                foreach (var header in Headers(column))
                {
                    csv.WriteField(header);
                }
            }
            csv.WriteField(picture.Measure.Id);
            await csv.NextRecordAsync();
            foreach (var row in picture.Rows)
            {
                foreach (var column in columns)
                {
                    if (column == PictureColumn.Region)
                    {
                        csv.WriteField(row.RegionCode);
                        csv.WriteField(row.RegionName);
                    }
                    else
                    {
                        csv.WriteField(GetMarketPicture.Cell(row, column));
                    }
                }
                csv.WriteField(ValueText(row.Value));
                await csv.NextRecordAsync();
            }
            await csv.FlushAsync();
            if (db.Reader is { IsSystem: false } reader)
            {
                await new AuditLog(TimeProvider.System).AppendAsync(db, AuditRecord.By(reader, AuditAction.Export, "market_picture",
                    detail: $"{picture.Rows.Count} rows; {markings.Text}"), ct);
            }
            return new Result(picture.Rows.Count, picture.Measure.Id, markings.Text);
        }
    }

    private static IEnumerable<string> Headers(PictureColumn column) => column switch
    {
        PictureColumn.Region => ["region_code", "region_name"],
        PictureColumn.Source => ["source_organisation"],
        _ => [PictureVocabulary.Token(column)],
    };

    /// <summary>Invariant, rounded to 6 decimals so that summation order (which differs between databases) does
    /// not show; empty when there is no value (a mean over no measurement). The table shows the same text.</summary>
    public static string ValueText(double? value) =>
        value is { } v ? Math.Round(v, 6).ToString(CultureInfo.InvariantCulture) : "";
}
