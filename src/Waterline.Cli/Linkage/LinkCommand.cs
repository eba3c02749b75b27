using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Waterline.Analytics.Linkage;
using Waterline.Linkage;

namespace Waterline.Cli.Linkage;

/// <summary><c>waterline link dedupe|pairs</c>: entity resolution on a CSV file, no database needed. What was chosen
/// and the figures go to stderr; the output file gets clusters (dedupe) or scored pairs with their waterfall (pairs).
/// Exit code 0 on success, 2 when the input or settings are refused (the message names the row, column or field).</summary>
public static class LinkCommand
{
    public const int Refused = 2;

    public static Command Create()
    {
        var link = new Command("link", "Entity resolution on a CSV file: deduplicate records or score record pairs (docs/linkage.md).");
        link.Subcommands.Add(Build("dedupe", "Write record_id,cluster_id for every input row.", pairs: false));
        link.Subcommands.Add(Build("pairs", "Write scored pairs with per-field levels and weights.", pairs: true));
        return link;
    }

    private static Command Build(string name, string description, bool pairs)
    {
        var input = new Option<FileInfo>("--input") { Required = true, Description = "The CSV file (header row)." };
        var id = new Option<string>("--id") { Required = true, Description = "The column with each record's unique id." };
        var settings = new Option<FileInfo?>("--settings") { Description = "A settings file (JSON); without it, fields and blocking are inferred." };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The CSV file to write." };
        var source = new Option<string?>("--source") { Description = "A column naming each record's source: compare only across sources." };
        var exclude = new Option<string[]>("--exclude") { Description = "Columns never to compare.", AllowMultipleArgumentsPerToken = true };
        var threshold = new Option<double?>("--threshold") { Description = "Match probability that links two records (default 0.9)." };
        var minimum = new Option<double>("--min-probability") { Description = "Pairs: lowest probability written.", DefaultValueFactory = _ => 0.5 };
        var writeSettings = new Option<FileInfo?>("--write-settings") { Description = "Save the settings used (inferred or given) as JSON for reuse." };
        var cores = new Option<int?>("--cores") { Description = "Cores to use (default: all)." };
        var previous = new Option<FileInfo?>("--previous") { Description = "Dedupe: an earlier record_id,cluster_id output; clusters keep their ids." };
        var command = new Command(name, description);
        foreach (var option in new Option[] { input, id, settings, output, source, exclude, threshold, writeSettings, cores })
            command.Options.Add(option);
        if (pairs)
            command.Options.Add(minimum);
        else
            command.Options.Add(previous);
        command.SetAction(async (parse, ct) =>
        {
            var request = new LinkCsvFile.Request(parse.GetValue(input)!.FullName, parse.GetValue(id)!, parse.GetValue(settings)?.FullName,
                parse.GetValue(source), parse.GetValue(exclude), parse.GetValue(threshold), parse.GetValue(cores), pairs ? null : parse.GetValue(previous)?.FullName);
            return await RunAsync(request, parse.GetValue(output)!.FullName, pairs ? parse.GetValue(minimum) : null,
                parse.GetValue(writeSettings)?.FullName, Console.Error, ct);
        });
        return command;
    }

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(LinkCsvFile.Request request, string outputPath, double? pairsAbove, string? settingsOut, TextWriter log, CancellationToken ct)
    {
        LinkCsvFile.Result result;
        try
        {
            result = await LinkCsvFile.RunAsync(request, new ConsoleProgress(log), ct);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or FileNotFoundException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        foreach (var note in result.Notes)
            await log.WriteLineAsync(note);
        Report(result, log);
        if (settingsOut is not null)
            await File.WriteAllTextAsync(settingsOut, JsonSerializer.Serialize(result.Settings, LinkageSettingsDocument.Json), ct);
        await using (var writer = new StreamWriter(outputPath))
        {
            if (pairsAbove is { } minimum)
                await LinkCsvFile.WritePairsAsync(result, writer, minimum, ct);
            else
                await LinkCsvFile.WriteClustersAsync(result, writer, ct);
        }
        await log.WriteLineAsync($"wrote {outputPath}");
        return 0;
    }

    public static void Report(LinkCsvFile.Result result, TextWriter log)
    {
        var f = result.Linkage.Figures;
        var model = result.Linkage.Model;
        var clusters = result.Linkage.ClusterIds.Distinct().Count();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Ids.Length:N0} records, {f.CandidatePairs:N0} candidate pairs, {result.Linkage.Left.Length:N0} kept, {clusters:N0} clusters at {result.Settings.Threshold}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prior λ = {model.Prior:G4} ({f.CandidateMatchShare:P2} of candidates are matches); EM {f.EmIterations} iterations over {f.DistinctVectors} distinct vectors{(f.EmConverged ? "" : ", not converged")}"));
        for (var field = 0; field < model.FieldCount; field++)
        {
            var comparison = result.Settings.Fields[field];
            var fc = new FieldComparison(comparison.Column, comparison.Kind, comparison.TermFrequency, comparison.Tolerance);
            var levels = Enumerable.Range(1, model.LevelCount(field) - 1).Reverse()
                .Select(l => string.Create(CultureInfo.InvariantCulture, $"{fc.LevelLabel(l)} m={model.M(field, l):0.###} u={model.U(field, l):G3}"));
            log.WriteLine($"  {comparison.Column}: {string.Join("; ", levels)}");
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time: read {result.Reading.TotalSeconds:0.00} s, encode {result.Encoding.TotalSeconds:0.00} s, block {f.Blocking.TotalSeconds:0.00} s, u {f.SamplingU.TotalSeconds:0.00} s, compare {f.Comparing.TotalSeconds:0.00} s, train {f.Training.TotalSeconds:0.00} s, score {f.Scoring.TotalSeconds:0.00} s, cluster {f.Clustering.TotalSeconds:0.00} s on {f.Cores} cores"));
    }

    // Progress on stderr, at most about once a second per stage.
    private sealed class ConsoleProgress(TextWriter log) : IProgress<LinkageProgress>
    {
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private string stage = "";
        private TimeSpan last;

        public void Report(LinkageProgress value)
        {
            lock (clock)
            {
                if (value.Stage == stage && clock.Elapsed - last < TimeSpan.FromSeconds(1))
                    return;
                stage = value.Stage;
                last = clock.Elapsed;
                log.WriteLine(value.Total > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"  {value.Stage}: {value.Done:N0} of at most {value.Total:N0}")
                    : $"  {value.Stage}");
            }
        }
    }
}
