using System.CommandLine;
using Waterline.Intake;
using Waterline.Storage;

namespace Waterline.Cli.Intake;

/// <summary><c>waterline import FILE --kind KIND [--format csv|json]</c>: progress on stderr, the report on stdout.
/// Exit code 0: nothing rejected; 1: some rows rejected (the rest imported); 2: the file was refused or the import failed.</summary>
public static class ImportCommand
{
    public const int AllAccepted = 0;
    public const int SomeRejected = 1;
    public const int FileFailed = 2;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV or JSON file to import." };
        var kind = new Option<string>("--kind")
        {
            Required = true,
            Description = $"Kind of observation: {string.Join(", ", IntakeFields.KindNames)}.",
        };
        var format = new Option<string?>("--format") { Description = "csv or json; by default from the file extension." };
        var command = new Command("import", "Import observations of one kind from a CSV or JSON file (idempotent: re-importing adds nothing).");
        command.Arguments.Add(file);
        command.Options.Add(kind);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            return await RunAsync(db, parse.GetValue(file)!.FullName, parse.GetValue(kind)!, parse.GetValue(format),
                Console.Out, Console.Error, ct);
        });
        return command;
    }

    /// <summary>The command's work, callable in-process (tests) on any database.</summary>
    public static async Task<int> RunAsync(WaterlineDbContext db, string path, string kindName, string? formatName,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!IntakeFields.TryParseKind(kindName, out var kind))
        {
            await stderr.WriteLineAsync($"--kind: '{kindName}' is not a kind; expected one of {string.Join(", ", IntakeFields.KindNames)}.");
            return FileFailed;
        }
        var format = (formatName ?? Path.GetExtension(path).TrimStart('.')).ToLowerInvariant() switch
        {
            "csv" => ImportFormat.Csv,
            "json" => ImportFormat.Json,
            _ => (ImportFormat?)null,
        };
        if (format is null)
        {
            await stderr.WriteLineAsync($"--format: cannot tell the format of '{Path.GetFileName(path)}'; give --format csv or --format json.");
            return FileFailed;
        }
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"{path}: no such file.");
            return FileFailed;
        }
        await using var content = File.OpenRead(path);
        var progress = new SynchronousProgress(p => stderr.WriteLine(
            $"read {p.RowsRead:N0} rows ({Percent(p)}): {p.Accepted:N0} accepted, {p.AlreadyPresent:N0} already present, {p.Rejected:N0} rejected"));
        ImportObservations.Result result;
        try
        {
            result = await new ImportObservations.Handler(db, TimeProvider.System).HandleAsync(
                new ImportObservations.Request(kind, content, format.Value, Path.GetFileName(path))
                {
                    TotalBytes = content.Length,
                    Progress = progress,
                }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"The import failed and nothing was kept: {e.Message}");
            return FileFailed;
        }
        if (result.Refused)
        {
            await stderr.WriteLineAsync($"The file was refused and nothing was kept: {result.FileError}");
            return FileFailed;
        }
        await stdout.WriteLineAsync($"import batch {result.ImportBatchId}: {result.RowsRead} rows read");
        await stdout.WriteLineAsync($"accepted: {result.Accepted}");
        await stdout.WriteLineAsync($"already present: {result.AlreadyPresent}");
        await stdout.WriteLineAsync($"rejected: {result.RejectedRows}");
        foreach (var r in result.Rejections)
        {
            await stdout.WriteLineAsync($"row {r.Row}, field {r.Field}: {r.Reason}");
        }
        return result.RejectedRows == 0 ? AllAccepted : SomeRejected;
    }

    private static string Percent(ImportProgress p) =>
        p.TotalBytes is > 0 ? $"{100.0 * Math.Min(p.BytesRead, p.TotalBytes.Value) / p.TotalBytes.Value:F0}%" : $"{p.BytesRead:N0} bytes";

    /// <summary>Progress{T} posts to the thread pool and may print after the report; this prints in order.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
