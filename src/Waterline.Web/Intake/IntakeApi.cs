using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Waterline.Intake;
using Waterline.Storage;
using Waterline.Web.Access;

namespace Waterline.Web.Intake;

/// <summary>One rejected row in a report.</summary>
public sealed record RejectionDto(int Row, string Field, string Reason);

/// <summary>The report of an import: what was accepted, already present, and rejected (row, field, reason).</summary>
public sealed record ImportReport(long ImportBatchId, int RowsRead, int Accepted, int AlreadyPresent, int RejectedRows,
    IReadOnlyList<RejectionDto> Rejected)
{
    public static ImportReport From(ImportObservations.Result r) => new(r.ImportBatchId, r.RowsRead, r.Accepted, r.AlreadyPresent,
        r.RejectedRows, [.. r.Rejections.Select(x => new RejectionDto(x.Row, x.Field, x.Reason))]);
}

public sealed record RecordedObservation(long Id, long ImportBatchId, string Outcome);

public sealed record ImportJobView(Guid Id, string Kind, string FileName, string Status, ImportProgress? Progress,
    ImportReport? Report, string? Error);

public static class IntakeApi
{
    private const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<ImportJobs>();
        services.AddHostedService<ImportWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var observations = app.MapGroup("/api/observations").WithTags("Intake");
        observations.MapPost("/{kind}", RecordAsync)
            .WithName("RecordObservation")
            .WithSummary("Record one observation of a kind (seizure, production-site, ...); idempotent on source_organisation + external_id.")
            .Accepts<JsonElement>("application/json")
            .Produces<RecordedObservation>(StatusCodes.Status201Created)
            .Produces<RecordedObservation>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        observations.MapPost("/{kind}/batch", RecordBatchAsync)
            .WithName("RecordObservationBatch")
            .WithSummary("Record a JSON array of observations; bad rows are reported and never abort the good ones.")
            .Accepts<JsonElement[]>("application/json")
            // The body streams into the import, so its size is not held in memory.
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        var imports = app.MapGroup("/api/imports").WithTags("Intake");
        imports.MapPost("/", UploadAsync)
            .WithName("UploadImport")
            .WithSummary("Upload a CSV or JSON file (multipart: file, kind); the import runs in the background.")
            .DisableAntiforgery()
            // Partner files can be large; the upload is copied to a temporary file, never held in memory.
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxUploadBytes)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportJobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        imports.MapGet("/{id:guid}", (Guid id, ImportJobs jobs, HttpContext http) => jobs.Find(id) is { } job && job.IsFollowedBy(http.User.GetReader())
                ? Results.Ok(View(job))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such import job", detail: $"Import job {id} is not known."))
            .WithName("GetImportJob")
            .WithSummary("Status (queued, running, completed, failed), progress and, when done, the report of an upload.")
            .Produces<ImportJobView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        imports.MapGet("/template/{kind}.csv", (string kind) => IntakeFields.TryParseKind(kind, out var k)
                ? Results.File(Encoding.UTF8.GetBytes(IntakeTemplates.Csv(k)), "text/csv", $"{IntakeFields.KindName(k)}.csv")
                : UnknownKind(kind))
            .WithName("GetImportTemplate")
            .WithSummary("A CSV template for a kind: the header and one example row.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> RecordAsync(string kind, HttpRequest request, WaterlineDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!IntakeFields.TryParseKind(kind, out var k))
        {
            return UnknownKind(kind);
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            var empty = e.BytePositionInLine == 0 && e.LineNumber == 0;
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON",
                detail: empty ? "The body is empty; expected one JSON object." : $"The body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var result = await new RecordObservation.Handler(db, clock).HandleAsync(new RecordObservation.Request(k, document.RootElement), ct);
            return result.Outcome switch
            {
                RecordOutcome.Created => Results.Created((string?)null, new RecordedObservation(result.ObservationId!.Value, result.ImportBatchId, "created")),
                RecordOutcome.AlreadyPresent => Results.Ok(new RecordedObservation(result.ObservationId!.Value, result.ImportBatchId, "already-present")),
                _ => RowProblem(result.Rejections),
            };
        }
    }

    private static async Task<IResult> RecordBatchAsync(string kind, HttpRequest request, WaterlineDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!IntakeFields.TryParseKind(kind, out var k))
        {
            return UnknownKind(kind);
        }
        var result = await new ImportObservations.Handler(db, clock)
            .HandleAsync(new ImportObservations.Request(k, request.Body, ImportFormat.Json, "api batch"), ct);
        return result.Refused
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The batch was refused; nothing was kept", detail: result.FileError)
            : Results.Ok(ImportReport.From(result));
    }

    private static async Task<IResult> UploadAsync([FromForm] IFormFile? file, [FromForm] string? kind, ImportJobs jobs, HttpContext http, CancellationToken ct)
    {
        if (!IntakeFields.TryParseKind(kind, out var k))
        {
            return UnknownKind(kind);
        }
        if (file is null || file.Length == 0)
        {
            return Results.Problem(Hosting.FieldProblem("file", "is required: choose a non-empty CSV or JSON file"));
        }
        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
        {
            return Results.Problem(Hosting.FieldProblem("file", $"'{file.FileName}' is neither a .csv nor a .json file"));
        }
        var temp = Path.Combine(Path.GetTempPath(), $"waterline-upload-{Guid.NewGuid():N}{extension}");
        await using (var target = File.Create(temp))
        {
            await file.CopyToAsync(target, ct);
        }
        var job = new ImportJob(Guid.NewGuid(), k, Path.GetFileName(file.FileName), temp, file.Length) { Submitter = http.User.GetReader() };
        await jobs.EnqueueAsync(job, ct);
        return Results.Accepted($"/api/imports/{job.Id}", View(job));
    }

    private static ImportJobView View(ImportJob job) => new(job.Id, IntakeFields.KindName(job.Kind), job.FileName,
        job.Status.ToString().ToLowerInvariant(), job.Progress, job.Result is { Refused: false } r ? ImportReport.From(r) : null, job.Error);

    private static IResult UnknownKind(string? kind) => Results.Problem(Hosting.FieldProblem("kind",
        $"'{kind}' is not a kind of observation; expected one of {string.Join(", ", IntakeFields.KindNames)}"));

    private static IResult RowProblem(IReadOnlyList<RowRejection> rejections) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid observation",
        detail: string.Join("; ", rejections.Select(r => $"{r.Field}: {r.Reason}")),
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = rejections.Select(r => new RejectionDto(r.Row, r.Field, r.Reason)).ToList(),
        });
}
