using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Waterline.Analytics.Linkage;
using Waterline.Linkage;

namespace Waterline.Cli.Bench;

/// <summary><c>waterline bench link</c>: entity-resolution throughput, end-to-end time and peak memory on
/// historical_50k (Splink's benchmark) and on a generated population with known truth. Prints figures; asserts nothing.</summary>
internal static class LinkBench
{
    public static Command Create()
    {
        var historical = new Option<FileInfo?>("--historical") { Description = "historical_50k.csv (default: ../shared/data/linkage/splink/ from the repository)." };
        var records = new Option<int>("--records") { Description = "Records in the generated set.", DefaultValueFactory = _ => 1_000_000 };
        var cores = new Option<int?>("--cores") { Description = "Cores to use (default: all)." };
        var keep = new Option<FileInfo?>("--keep-generated") { Description = "Keep the generated CSV at this path (to rerun with waterline link)." };
        var command = new Command("link", "Measure entity resolution: scored pairs per second per core, end-to-end time, peak memory.");
        command.Options.Add(historical);
        command.Options.Add(records);
        command.Options.Add(cores);
        command.Options.Add(keep);
        command.SetAction(async (parse, ct) =>
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"waterline bench link on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            var path = parse.GetValue(historical)?.FullName ?? FindHistorical();
            if (path is null)
                Console.WriteLine("historical_50k: left out (file not found; give --historical)");
            else
                await RunAsync("historical_50k", new LinkCsvFile.Request(path, "unique_id", HistoricalSettings(), Exclude: ["cluster"], Cores: parse.GetValue(cores)), "cluster", ct);

            var kept = parse.GetValue(keep)?.FullName;
            var generated = kept ?? Path.Combine(Path.GetTempPath(), $"waterline-people-{Guid.NewGuid():N}.csv");
            try
            {
                var n = parse.GetValue(records);
                var clock = Stopwatch.StartNew();
                await SyntheticPeople.WriteAsync(generated, n, seed: 4, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {n:N0} records in {clock.Elapsed.TotalSeconds:0.0} s"));
                await RunAsync($"generated {n:N0}", new LinkCsvFile.Request(generated, "id", Exclude: ["cluster"], Cores: parse.GetValue(cores)), "cluster", ct);
            }
            finally
            {
                if (kept is null)
                    File.Delete(generated);
            }
        });
        return command;
    }

    // The settings for historical_50k: docs/linkage.md's accuracy table uses the same file.
    private static string? HistoricalSettings()
    {
        var file = Path.Combine(RepositoryRoot() ?? ".", "samples", "linkage", "historical_50k.json");
        return File.Exists(file) ? file : null;
    }

    private static async Task RunAsync(string name, LinkCsvFile.Request request, string truthColumn, CancellationToken ct)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var result = await LinkCsvFile.RunAsync(request, null, ct);
        var total = clock.Elapsed;
        var output = Path.Combine(Path.GetTempPath(), $"waterline-clusters-{Guid.NewGuid():N}.csv");
        clock.Restart();
        await using (var writer = new StreamWriter(output))
            await LinkCsvFile.WriteClustersAsync(result, writer, ct);
        File.Delete(output);
        total += clock.Elapsed;
        var f = result.Linkage.Figures;
        var truth = await ReadTruthAsync(request.InputPath, request.IdColumn, truthColumn, result.Ids, ct);
        var quality = LinkageQuality.Pairwise(result.Linkage.ClusterIds, truth);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024);
        var comparePasses = f.Comparing + f.Scoring;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {result.Ids.Length:N0} records, {f.CandidatePairs:N0} candidate pairs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  scoring pass: {f.CandidatePairs / f.Scoring.TotalSeconds / f.Cores:N0} scored pairs/s per core ({f.Scoring.TotalSeconds:0.00} s on {f.Cores} cores)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  all passes over pairs (training histogram + scoring): {2.0 * f.CandidatePairs / comparePasses.TotalSeconds / f.Cores:N0} pairs/s per core"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  end to end (read, infer, encode, block, u, EM, score, cluster, write): {total.TotalSeconds:0.0} s; peak working set {peak:0.00} GiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stages: read {result.Reading.TotalSeconds:0.0} s, encode {result.Encoding.TotalSeconds:0.0} s, block {f.Blocking.TotalSeconds:0.0} s, u {f.SamplingU.TotalSeconds:0.0} s, compare {f.Comparing.TotalSeconds:0.0} s, train {f.Training.TotalSeconds:0.0} s, score {f.Scoring.TotalSeconds:0.0} s, cluster {f.Clustering.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  accuracy against the truth: pairwise precision {quality.Precision:0.0000}, recall {quality.Recall:0.0000}, F1 {quality.F1:0.0000}"));
        Console.WriteLine($"  blocking: {string.Join("; ", result.Settings.Blocking)}");
    }

    private static async Task<int[]> ReadTruthAsync(string path, string idColumn, string truthColumn, string[] ids, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        await csv.ReadAsync();
        csv.ReadHeader();
        var truthById = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await csv.ReadAsync())
            truthById[csv.GetField(idColumn)!] = csv.GetField(truthColumn)!;
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        return ids.Select(id => CodeOf(codes, truthById[id])).ToArray();
    }

    private static int CodeOf(Dictionary<string, int> codes, string key)
    {
        if (!codes.TryGetValue(key, out var code))
            codes.Add(key, code = codes.Count);
        return code;
    }

    private static string? FindHistorical()
    {
        var root = RepositoryRoot();
        var file = root is null ? null : Path.Combine(root, "..", "shared", "data", "linkage", "splink", "historical_50k.csv");
        return file is not null && File.Exists(file) ? Path.GetFullPath(file) : null;
    }

    /// <summary>The checkout this command runs in (the folder with Waterline.slnx), found upwards from the working directory.</summary>
    internal static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Waterline.slnx")))
                return dir.FullName;
        }
        return null;
    }
}
