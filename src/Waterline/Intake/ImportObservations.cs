using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Waterline.Audit;
using Waterline.Geography;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Intake;

/// <summary>Where an import stands; reported after every batch.</summary>
public sealed record ImportProgress(int RowsRead, int Accepted, int AlreadyPresent, int Rejected, long BytesRead, long? TotalBytes);

/// <summary>Imports a CSV or JSON stream of one kind of observation: validates every row, writes the good
/// ones in batches through <see cref="ObservationWriter"/>, counts those already present, and keeps a report.
/// The whole import is one transaction: a crash leaves no partial batch, only a Failed ImportBatch.</summary>
public static class ImportObservations
{
    public sealed record Request(ObservationKind Kind, Stream Content, ImportFormat Format, string FileName)
    {
        /// <summary>Size of the content when known, for progress.</summary>
        public long? TotalBytes { get; init; }
        public IProgress<ImportProgress>? Progress { get; init; }
    }

    /// <summary>The report. <see cref="FileError"/> is set when the file as a whole was refused; then nothing was kept.</summary>
    public sealed record Result(long ImportBatchId, ImportStatus Status, int RowsRead, int Accepted, int AlreadyPresent,
        int RejectedRows, IReadOnlyList<RowRejection> Rejections, string? FileError)
    {
        public bool Refused => FileError is not null;
    }

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        /// <summary>Rows validated and written per round trip; one "already present" query per batch.</summary>
        public int BatchSize { get; init; } = 5_000;

        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var startedAt = clock.GetUtcNow().UtcDateTime;
            var places = new PlaceLookup(await db.Places.AsNoTracking().ToListAsync(ct));
            var organisations = await db.Organisations.AsNoTracking().ToListAsync(ct);
            var groups = await db.ReleasabilitySets.AsNoTracking().Where(s => s.Kind == Access.ReleasabilityKind.Group).Select(s => s.Name).ToListAsync(ct);
            var submitter = db.Reader is { IsSystem: false } person ? person.Organisation : null;
            var reader = new ObservationRowReader(request.Kind, places, organisations, startedAt, groups, submitter);
            await using var stream = new IntakeStream(request.Content);
            var run = new Run(reader, request, stream);
            var batch = new ImportBatch
            {
                Kind = request.Kind, FileName = request.FileName, ContentHash = "", StartedAt = startedAt, Status = ImportStatus.Running,
            };
            Result completed;
            try
            {
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    db.ImportBatches.Add(batch);
                    await db.SaveChangesAsync(ct);
                    await using var writer = ObservationWriter.Begin(db);
                    await PipelineAsync(run, reader, writer, batch.Id, ct);
                    await writer.CompleteAsync(ct);

                    batch.ContentHash = stream.Hash();
                    batch.Status = ImportStatus.Completed;
                    batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
                    Count(batch, run);
                    batch.Rejections = [.. run.Rejections.Select(r => new ImportRejection { Row = r.Row, Field = r.Field, Reason = r.Reason })];
                    await db.SaveChangesAsync(ct);
                    // LED art. 25 collection, in the import's transaction (kept last: on PostgreSQL the log's lock lasts to commit).
                    await new AuditLog(clock).AppendAsync(db, AuditRecord.By(db.Reader ?? Access.Reader.System, AuditAction.Collection,
                        $"import_batch:{batch.Id}", detail: JsonSerializer.Serialize(new
                        {
                            kind = request.Kind.ToString(), file = request.FileName, sha256 = batch.ContentHash, rowsRead = run.RowsRead,
                            accepted = run.Accepted, alreadyPresent = run.AlreadyPresent, rejected = run.RejectedRows,
                        })), ct);
                    await tx.CommitAsync(ct);
                }
                completed = new Result(batch.Id, ImportStatus.Completed, run.RowsRead, run.Accepted, run.AlreadyPresent, run.RejectedRows,
                    run.Rejections, null);
            }
            catch (IntakeFileException e)
            {
                var failed = await RecordFailureAsync(request, startedAt, stream, run, e.Message);
                return new Result(failed, ImportStatus.Failed, run.RowsRead, 0, 0, 0, [], e.Message);
            }
            catch (Exception e)
            {
                try
                {
                    await RecordFailureAsync(request, startedAt, stream, run, e.Message);
                }
                catch (Exception recording)
                {
                    // Keep the original cause visible when even the failure record cannot be written.
                    throw new AggregateException(e, recording);
                }
                throw;
            }
            // After the commit, outside the try: the batch stands whatever the watches find (docs/displacement.md).
            if (completed.Accepted > 0)
                await new Displacement.CheckDisplacementWatches.Handler(db, clock).HandleAsync(new(), ct);
            return completed;
        }

        /// <summary>Reading and validating (CPU) run beside the already-present checks and writes (database), joined by a
        /// bounded queue of batches: on two cores each side gets one. The writer keeps one COPY open across batches while
        /// nothing else needs the connection, so the server stores a batch while the next one is read. A failure on either side stops the other, and the
        /// caller rolls the whole transaction back.</summary>
        private async Task PipelineAsync(Run run, ObservationRowReader reader, ObservationWriter writer, long batchId, CancellationToken ct)
        {
            var batches = Channel.CreateBounded<List<Observation>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var producer = Task.Run(() => ReadBatchesAsync(run, reader, batches.Writer, stop.Token), CancellationToken.None);
            try
            {
                await foreach (var pending in batches.Reader.ReadAllAsync(ct))
                {
                    await FlushAsync(run, pending, writer, batchId, ct);
                }
            }
            finally
            {
                await stop.CancelAsync();
                await producer;
            }
        }

        private async Task ReadBatchesAsync(Run run, ObservationRowReader reader, ChannelWriter<List<Observation>> output, CancellationToken ct)
        {
            try
            {
                await foreach (var source in IntakeSources.ReadAsync(run.Request.Format, run.Stream, reader, run.Values, ct))
                {
                    run.Take(source);
                    if (run.Pending.Count >= BatchSize)
                    {
                        await output.WriteAsync(run.TakePending(), ct);
                    }
                }
                // The last batch may be empty: its flush still reports the final progress.
                await output.WriteAsync(run.TakePending(), ct);
                output.Complete();
            }
            catch (Exception e)
            {
                // The consumer rethrows it (a refused file, a cancellation) from its read loop.
                output.Complete(e);
            }
        }

        private async Task FlushAsync(Run run, List<Observation> pending, ObservationWriter writer, long batchId, CancellationToken ct)
        {
            if (pending.Count > 0)
            {
                var present = await ExistingKeysAsync(run, pending, writer, ct);
                var fresh = new List<Observation>(pending.Count);
                foreach (var o in pending)
                {
                    if (present.Contains((o.SourceOrganisation, o.ExternalId)))
                    {
                        run.AlreadyPresent++;
                        continue;
                    }
                    o.ImportBatchId = batchId;
                    fresh.Add(o);
                }
                await writer.StreamAsync(fresh, ct);
                run.Accepted += fresh.Count;
            }
            run.Request.Progress?.Report(new ImportProgress(run.RowsRead, run.Accepted, run.AlreadyPresent, run.RejectedRows,
                run.Stream.BytesRead, run.Request.TotalBytes));
        }

        /// <summary>One query per batch and source, on the unique (source_organisation, external_id) index. The ids travel
        /// as one array parameter (PostgreSQL ANY, SQLite json_each), so the SQL text is the same for every batch.
        /// Rows this import adds are already de-duplicated in memory, so only sources that had rows before the import
        /// are looked up: this also keeps PostgreSQL off plans made from statistics that cannot see this transaction's rows.</summary>
        private async Task<HashSet<(string, string)>> ExistingKeysAsync(Run run, List<Observation> pending, ObservationWriter writer, CancellationToken ct)
        {
            var present = new HashSet<(string, string)>();
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            foreach (var group in pending.GroupBy(o => o.SourceOrganisation))
            {
                if (!run.SourcesSeen.TryGetValue(group.Key, out var hadRows))
                {
                    // A statement cannot run inside the writer's open COPY: it ends it first (what it streamed is stored).
                    await writer.PauseAsync(ct);
                    // First batch naming this source: nothing of this import is written for it yet.
                    // Idempotency looks at every record, whatever the importer may read: it reveals only "already present".
                    hadRows = await db.Observations.IgnoreQueryFilters().AnyAsync(o => o.SourceOrganisation == group.Key, ct);
                    run.SourcesSeen[group.Key] = hadRows;
                }
                if (!hadRows)
                {
                    continue;
                }
                await writer.PauseAsync(ct);
                var ids = group.Select(o => o.ExternalId).ToArray();
                command.Parameters.Clear();
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    command.CommandText = "SELECT external_id FROM observations WHERE source_organisation = @source AND external_id = ANY(@ids)";
                    command.Parameters.Add(new NpgsqlParameter<string>("source", group.Key));
                    command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
                }
                else
                {
                    command.CommandText = "SELECT external_id FROM observations WHERE source_organisation = $source " +
                        "AND external_id IN (SELECT value FROM json_each($ids))";
                    command.Parameters.Add(new SqliteParameter("$source", group.Key));
                    command.Parameters.Add(new SqliteParameter("$ids", JsonSerializer.Serialize(ids)));
                }
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    present.Add((group.Key, reader.GetString(0)));
                }
            }
            return present;
        }

        /// <summary>After the rollback, in a fresh transaction, so the failure itself is on record.</summary>
        private async Task<long> RecordFailureAsync(Request request, DateTime startedAt, IntakeStream stream, Run run, string message)
        {
            db.ChangeTracker.Clear();
            var failed = new ImportBatch
            {
                Kind = request.Kind, FileName = request.FileName, ContentHash = stream.Hash(), StartedAt = startedAt,
                FinishedAt = clock.GetUtcNow().UtcDateTime, Status = ImportStatus.Failed, Failure = message, RowsRead = run.RowsRead,
            };
            db.ImportBatches.Add(failed);
            // Not the request's token: a cancelled import must still be recorded as failed.
            await db.SaveChangesAsync(CancellationToken.None);
            return failed.Id;
        }

        private static void Count(ImportBatch batch, Run run)
        {
            batch.RowsRead = run.RowsRead;
            batch.RowsAccepted = run.Accepted;
            batch.RowsAlreadyPresent = run.AlreadyPresent;
            batch.RowsRejected = run.RejectedRows;
        }
    }

    /// <summary>The state of one import as it streams.</summary>
    private sealed class Run(ObservationRowReader reader, Request request, IntakeStream stream)
    {
        // Earlier row of each (source, external id) in this file: a later repeat is rejected.
        private readonly Dictionary<(string, string), int> _seen = [];

        public Request Request { get; } = request;
        public IntakeStream Stream { get; } = stream;
        public string?[] Values { get; } = new string?[reader.Fields.Count];
        /// <summary>Validated rows not yet handed to the writer (touched by the reading side only).</summary>
        public List<Observation> Pending { get; private set; } = [];
        /// <summary>Source organisation: whether it had observations before this import.</summary>
        public Dictionary<string, bool> SourcesSeen { get; } = [];
        public List<RowRejection> Rejections { get; } = [];
        public int RowsRead { get; private set; }
        public int RejectedRows { get; private set; }
        public int Accepted { get; set; }
        public int AlreadyPresent { get; set; }

        public List<Observation> TakePending()
        {
            var taken = Pending;
            Pending = [];
            return taken;
        }

        public void Take(SourceRow source)
        {
            RowsRead++;
            if (source.Problem is not null)
            {
                Rejections.Add(new RowRejection(source.Row, RowField.Whole, source.Problem));
                RejectedRows++;
                return;
            }
            var observation = reader.Read(source.Row, Values, Rejections);
            if (observation is null)
            {
                RejectedRows++;
                return;
            }
            if (!_seen.TryAdd((observation.SourceOrganisation, observation.ExternalId), source.Row))
            {
                var earlier = _seen[(observation.SourceOrganisation, observation.ExternalId)];
                Rejections.Add(new RowRejection(source.Row, IntakeFields.ExternalId,
                    $"'{observation.ExternalId}' from {observation.SourceOrganisation} already appears in row {earlier} of this file"));
                RejectedRows++;
                return;
            }
            Pending.Add(observation);
        }
    }
}
