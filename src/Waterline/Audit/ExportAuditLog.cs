using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Audit;

/// <summary>The entries a search selects, as CSV in sequence order (oldest first), streamed a page at a time. The export
/// is recorded first (action Export, with the filter, the recipient and the reader's purpose), and covers the entries
/// before that record: the file is reproducible from the log. With no filter the file holds the whole chain, hashes
/// included, so a recipient can verify it without access to the database.</summary>
public static class ExportAuditLog
{
    public static readonly string[] Header =
        ["sequence", "occurred_at", "actor", "organisation", "action", "what", "purpose", "recipient", "detail", "previous_hash", "hash"];

    public sealed record Request(Reader Reader, AuditFilter Filter, string? Recipient = null);

    public sealed record Result(long Rows, long RecordedAs);

    public sealed class Handler(WaterlineDbContext db, AuditLog log)
    {
        public int PageSize { get; init; } = 1_000;

        public async Task<Result> HandleAsync(Request request, TextWriter output, CancellationToken ct)
        {
            var own = await log.AppendAsync(db, AuditRecord.By(request.Reader, AuditAction.Export, "audit_log",
                request.Recipient, request.Filter.Describe()), ct);
            await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var h in Header)
            {
                csv.WriteField(h);
            }
            await csv.NextRecordAsync();
            var rows = 0L;
            var after = 0L;
            while (true)
            {
                var page = await SearchAuditLog.Project(request.Filter.Apply(db.Set<AuditEntry>().AsNoTracking())
                        .Where(e => e.Sequence > after && e.Sequence < own.Sequence)
                        .OrderBy(e => e.Sequence)
                        .Take(PageSize))
                    .ToListAsync(ct);
                foreach (var e in page)
                {
                    csv.WriteField(e.Sequence);
                    csv.WriteField(AuditHash.TimeText(e.OccurredAt));
                    csv.WriteField(e.Actor);
                    csv.WriteField(e.Organisation);
                    csv.WriteField(e.Action.ToString());
                    csv.WriteField(e.What);
                    csv.WriteField(e.Purpose);
                    csv.WriteField(e.Recipient);
                    csv.WriteField(e.Detail);
                    csv.WriteField(e.PreviousHash);
                    csv.WriteField(e.Hash);
                    await csv.NextRecordAsync();
                }
                rows += page.Count;
                if (page.Count < PageSize)
                {
                    break;
                }
                after = page[^1].Sequence;
                await csv.FlushAsync();
            }
            await csv.FlushAsync();
            return new Result(rows, own.Sequence);
        }
    }
}
