using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Intake;

public enum RecordOutcome
{
    Created,
    AlreadyPresent,
    Rejected,
}

/// <summary>Records one observation sent as a JSON object (the API's single POST). It goes through the same
/// validation and write path as a file import: a one-row <see cref="ImportObservations"/>.</summary>
public static class RecordObservation
{
    public sealed record Request(ObservationKind Kind, JsonElement Observation);

    public sealed record Result(RecordOutcome Outcome, long? ObservationId, long ImportBatchId, IReadOnlyList<RowRejection> Rejections);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Observation.ValueKind != JsonValueKind.Object)
            {
                return new Result(RecordOutcome.Rejected, null, 0,
                    [new RowRejection(1, RowField.Whole, "expected one JSON object; post an array to the /batch endpoint")]);
            }
            var json = JsonSerializer.SerializeToUtf8Bytes(new[] { request.Observation });
            await using var content = new MemoryStream(json);
            var import = await new ImportObservations.Handler(db, clock)
                .HandleAsync(new ImportObservations.Request(request.Kind, content, ImportFormat.Json, "api"), ct);
            if (import.Refused)
            {
                return new Result(RecordOutcome.Rejected, null, import.ImportBatchId, [new RowRejection(1, RowField.Whole, import.FileError!)]);
            }
            if (import.RejectedRows > 0)
            {
                return new Result(RecordOutcome.Rejected, null, import.ImportBatchId, import.Rejections);
            }
            var externalId = Text(request.Observation.GetProperty(IntakeFields.ExternalId));
            var source = Text(request.Observation.GetProperty(IntakeFields.SourceOrganisation));
            // The id of what was just written (or was already there) under the submitted source: the caller named it.
            var matches = await db.Observations.IgnoreQueryFilters().AsNoTracking()
                .Where(o => o.ExternalId == externalId)
                .Select(o => new { o.Id, o.SourceOrganisation })
                .ToListAsync(ct);
            var id = matches.Single(m => m.SourceOrganisation.Equals(source, StringComparison.OrdinalIgnoreCase)).Id;
            return new Result(import.Accepted == 1 ? RecordOutcome.Created : RecordOutcome.AlreadyPresent, id, import.ImportBatchId, []);
        }

        // The same reading of a value as the import's (a number is kept as written, spaces trimmed).
        private static string Text(JsonElement value) =>
            (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()).Trim();
    }
}
