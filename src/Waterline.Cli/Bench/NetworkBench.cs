using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Waterline.Analytics.Networks;

namespace Waterline.Cli.Bench;

/// <summary><c>waterline bench network</c>: times graph building and the measures analysts run on big graphs, on a
/// generated graph (100k nodes, 1M edges by default), on all cores and on one core (the same command re-run under
/// <c>taskset -c 0</c>), side by side with igraph's C core on the same graph and the same sampled sources when gcc and
/// libigraph-dev are present (scripts/reference/igraph_network_bench.c). Prints figures; asserts nothing.</summary>
internal static class NetworkBench
{
    private static readonly string[] Stages = ["build", "components", "pagerank", "betweenness_sampled", "leiden"];

    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes of the generated graph.", DefaultValueFactory = _ => 100_000 };
        var edges = new Option<int>("--edges") { Description = "Edges of the generated graph.", DefaultValueFactory = _ => 1_000_000 };
        var sampled = new Option<int>("--sources") { Description = "Sampled sources for betweenness.", DefaultValueFactory = _ => 256 };
        var childEdges = new Option<FileInfo?>("--child-edges") { Hidden = true };
        var childSources = new Option<FileInfo?>("--child-sources") { Hidden = true };
        var command = new Command("network", "Measure graph building, components, PageRank, sampled betweenness and Leiden; beside igraph's C core when available.");
        foreach (var option in new Option[] { nodes, edges, sampled, childEdges, childSources })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(childEdges) is { } edgeFile && parse.GetValue(childSources) is { } sourceFile)
            {
                // The one-core run: same measurement, figures as one JSON line for the parent.
                var (n, s, t) = ReadEdges(edgeFile.FullName);
                WarmUp();
                Console.WriteLine(JsonSerializer.Serialize(Measure(n, s, t, ReadInts(sourceFile.FullName)[1..])));
                return 0;
            }
            await RunAsync(parse.GetValue(nodes), parse.GetValue(edges), parse.GetValue(sampled), ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(int nodeCount, int edgeCount, int sourceCount, CancellationToken ct)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"waterline bench network on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        var clock = Stopwatch.StartNew();
        var (sources, targets) = SyntheticNetwork.Generate(nodeCount, edgeCount, seed: 5);
        var sampledSources = Betweenness.SampleSources(nodeCount, sourceCount, seed: 6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {nodeCount:N0} nodes, {edgeCount:N0} edges (communities of 20-200, 80 % of edges inside) in {clock.Elapsed.TotalSeconds:0.0} s; {sampledSources.Length} sampled sources"));
        var directory = Directory.CreateTempSubdirectory("waterline-network-bench-");
        try
        {
            var edgeFile = Path.Combine(directory.FullName, "edges.bin");
            var sourceFile = Path.Combine(directory.FullName, "sources.bin");
            WriteInts(edgeFile, [nodeCount, edgeCount, .. Interleave(sources, targets)]);
            WriteInts(sourceFile, [sampledSources.Length, .. sampledSources]);

            WarmUp();

            var all = Measure(nodeCount, sources, targets, sampledSources);
            var one = await RunOneCoreAsync(edgeFile, sourceFile, ct);
            var igraph = await RunIgraphAsync(directory.FullName, edgeFile, sourceFile, ct);
            Print(all, one, igraph);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Leiden modularity: ours {all["leiden_modularity"]:0.0000} ({all["leiden_communities"]:0} communities), igraph {(igraph?.GetValueOrDefault("leiden_modularity") is { } q ? q.ToString("0.0000", CultureInfo.InvariantCulture) : "-")}"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // JIT and tiering on a small graph first, so the figures are of the algorithms, not of compilation.
    private static void WarmUp()
    {
        var (sources, targets) = SyntheticNetwork.Generate(2_000, 20_000, seed: 1);
        Measure(2_000, sources, targets, Betweenness.SampleSources(2_000, 16, seed: 2));
    }

    private static Dictionary<string, double> Measure(int n, int[] sources, int[] targets, int[] sampledSources)
    {
        var seconds = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var graph = Graph.FromEdges(n, sources, targets, [], directed: false);
        seconds["build"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var components = Components.Find(graph);
        seconds["components"] = clock.Elapsed.TotalSeconds;
        seconds["components_count"] = components.Count;

        clock.Restart();
        Centrality.PageRank(graph);
        seconds["pagerank"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        Betweenness.FromSources(graph, sampledSources, useWeights: false, normalised: false);
        seconds["betweenness_sampled"] = clock.Elapsed.TotalSeconds;

        // Two iterations on both sides (igraph's default in its Python and R bindings): the same work, compared. With
        // n_iterations = -1 igraph 0.10.2 stopped after one iteration on this graph, while ours iterates until no node moves.
        clock.Restart();
        var leiden = Leiden.Find(graph, seed: 42, iterations: 2);
        seconds["leiden"] = clock.Elapsed.TotalSeconds;
        seconds["leiden_modularity"] = leiden.Modularity;
        seconds["leiden_communities"] = leiden.Count;
        return seconds;
    }

    private static async Task<Dictionary<string, double>?> RunOneCoreAsync(string edgeFile, string sourceFile, CancellationToken ct)
    {
        var self = Environment.ProcessPath;
        if (self is null || !OnPath("taskset"))
        {
            Console.WriteLine("one core: left out (taskset not found)");
            return null;
        }
        // Run through `dotnet Waterline.Cli.dll` when this process is the dotnet host rather than the app host.
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? $"\"{self}\" \"{Environment.GetCommandLineArgs()[0]}\"" : $"\"{self}\"";
        var output = await ExecuteAsync("taskset", $"-c 0 {prefix} bench network --child-edges \"{edgeFile}\" --child-sources \"{sourceFile}\"", ct);
        return output is null ? null : Parse(output);
    }

    private static async Task<Dictionary<string, double>?> RunIgraphAsync(string directory, string edgeFile, string sourceFile, CancellationToken ct)
    {
        var program = Path.Combine(LinkBench.RepositoryRoot() ?? ".", "scripts", "reference", "igraph_network_bench.c");
        if (!File.Exists(program) || !OnPath("gcc") || await ExecuteAsync("pkg-config", "--cflags --libs igraph", ct) is not { } flags)
        {
            Console.WriteLine("igraph: left out (needs gcc, pkg-config and libigraph-dev: apt-get install libigraph-dev)");
            return null;
        }
        var binary = Path.Combine(directory, "igraph_network_bench");
        if (await ExecuteAsync("gcc", $"-O2 -o \"{binary}\" \"{program}\" {flags.Trim()}", ct) is null)
            return null;
        // Pinned to one core like our one-core run (igraph is single-threaded anyway).
        var output = await ExecuteAsync("taskset", $"-c 0 \"{binary}\" \"{edgeFile}\" \"{sourceFile}\"", ct);
        if (output is null)
            return null;
        using var document = JsonDocument.Parse(output);
        Console.WriteLine($"igraph C core {document.RootElement.GetProperty("igraph").GetString()} (libigraph, Debian), Leiden modularity " +
            document.RootElement.GetProperty("leiden_modularity").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture));
        return document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    private static void Print(Dictionary<string, double> all, Dictionary<string, double>? one, Dictionary<string, double>? igraph)
    {
        Console.WriteLine($"{"stage",-22}{$"ours, {Environment.ProcessorCount} cores",16}{"ours, 1 core",16}{"igraph C, 1 core",18}{"igraph / ours 1 core",22}");
        foreach (var stage in Stages)
        {
            if (!all.ContainsKey(stage) && igraph?.ContainsKey(stage) != true)
                continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stage,-22}{Cell(all, stage),16}{Cell(one, stage),16}{Cell(igraph, stage),18}{Ratio(igraph, one, stage),22}"));
        }
    }

    private static string Cell(Dictionary<string, double>? figures, string stage) =>
        figures is not null && figures.TryGetValue(stage, out var s) ? string.Create(CultureInfo.InvariantCulture, $"{s:0.000} s") : "-";

    private static string Ratio(Dictionary<string, double>? igraph, Dictionary<string, double>? ours, string stage) =>
        igraph is not null && ours is not null && igraph.TryGetValue(stage, out var i) && ours.TryGetValue(stage, out var o) && o > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{i / o:0.00}x")
            : "-";

    private static Dictionary<string, double> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json.Trim().Split('\n')[^1]) ?? [];

    private static IEnumerable<int> Interleave(int[] sources, int[] targets)
    {
        for (var k = 0; k < sources.Length; k++)
        {
            yield return sources[k];
            yield return targets[k];
        }
    }

    private static void WriteInts(string path, int[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    private static int[] ReadInts(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new int[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }

    private static (int Nodes, int[] Sources, int[] Targets) ReadEdges(string path)
    {
        var values = ReadInts(path);
        var m = values[1];
        var sources = new int[m];
        var targets = new int[m];
        for (var k = 0; k < m; k++)
        {
            sources[k] = values[2 + 2 * k];
            targets[k] = values[3 + 2 * k];
        }
        return (values[0], sources, targets);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));

    // Runs a program and returns its standard output, or null (with the reason printed) when it fails.
    private static async Task<string?> ExecuteAsync(string program, string arguments, CancellationToken ct)
    {
        if (!OnPath(program))
            return null;
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode == 0)
            return await output;
        Console.WriteLine($"{program} {arguments}: exit {process.ExitCode}: {(await error).Trim()}");
        return null;
    }
}
