using System.Collections.Concurrent;
using System.Threading.Channels;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Web.Intake;

public enum ImportJobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>An uploaded file waiting for, or going through, the import; its live progress and, at the end, its report.</summary>
public sealed class ImportJob(Guid id, ObservationKind kind, string fileName, string tempPath, long totalBytes)
{
    public Guid Id { get; } = id;
    /// <summary>Who uploaded it: the import runs, and is audited, as them.</summary>
    public Waterline.Access.Reader? Submitter { get; init; }
    public ObservationKind Kind { get; } = kind;
    public string FileName { get; } = fileName;
    public string TempPath { get; } = tempPath;
    public long TotalBytes { get; } = totalBytes;
    // Volatile: the worker sets Result and Error before Status, and a reader that sees Completed must see them.
    private volatile ImportJobStatus _status = ImportJobStatus.Queued;

    public ImportJobStatus Status { get => _status; set => _status = value; }
    public ImportProgress? Progress { get; set; }
    public ImportObservations.Result? Result { get; set; }
    public string? Error { get; set; }
    /// <summary>When the worker finished with it; finished jobs are forgotten an hour later (their ImportBatch stays).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Only the uploader follows an upload: its report names rows and values of their file.</summary>
    public bool IsFollowedBy(Waterline.Access.Reader reader) => Submitter is null || Submitter.Account == reader.Account;
}

/// <summary>The registry of upload jobs (in memory: a finished job is kept an hour for its uploader to read the report;
/// its ImportBatch stays in the database) and the queue the worker reads.</summary>
public sealed class ImportJobs(TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ImportJob> Queue => _queue.Reader;

    public async Task EnqueueAsync(ImportJob job, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, old) in _jobs)
        {
            if (old.FinishedAt is { } finished && now - finished > Kept)
            {
                _jobs.TryRemove(id, out _);
            }
        }
        _jobs[job.Id] = job;
        await _queue.Writer.WriteAsync(job, ct);
    }

    public ImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}

/// <summary>Runs queued uploads one at a time, each in its own scope (DbContext), through the same
/// <see cref="ImportObservations"/> handler as the CLI and the API.</summary>
internal sealed partial class ImportWorker(ImportJobs jobs, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken ct)
    {
        job.Status = ImportJobStatus.Running;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>();
            if (job.Submitter is { } submitter)
            {
                await db.ActAsAsync(submitter, ct);
            }
            var format = Path.GetExtension(job.FileName).Equals(".json", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Json : ImportFormat.Csv;
            await using var content = File.OpenRead(job.TempPath);
            var result = await new ImportObservations.Handler(db, clock).HandleAsync(
                new ImportObservations.Request(job.Kind, content, format, job.FileName)
                {
                    TotalBytes = job.TotalBytes,
                    Progress = new JobProgress(job),
                }, ct);
            job.Result = result;
            job.Error = result.FileError;
            job.Status = result.Refused ? ImportJobStatus.Failed : ImportJobStatus.Completed;
        }
        catch (Exception e)
        {
            LogFailed(logger, e, job.Id, job.FileName);
            job.Error = $"The import failed and nothing was kept: {e.Message}";
            job.Status = ImportJobStatus.Failed;
        }
        finally
        {
            job.FinishedAt = clock.GetUtcNow();
            File.Delete(job.TempPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import job {JobId} ({FileName}) failed")]
    private static partial void LogFailed(ILogger logger, Exception e, Guid jobId, string fileName);

    private sealed class JobProgress(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress = value;
    }
}
