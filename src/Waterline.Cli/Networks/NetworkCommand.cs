using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Waterline.Networks;

namespace Waterline.Cli.Networks;

/// <summary><c>waterline network metrics</c>: every measure of docs/networks.md on an edge-list or adjacency-matrix CSV,
/// written as JSON (per node, graph level, communities, key players). No database needed. Exit code 2 when the file is
/// refused (the message names the row and column).</summary>
public static class NetworkCommand
{
    public const int Refused = 2;

    /// <summary>snake_case names, like networkx's function names; nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new FiniteOrNull() },
    };

    public static Command Create()
    {
        var edges = new Option<FileInfo>("--edges") { Required = true, Description = "Edge list CSV (source,target[,weight]) or square adjacency matrix CSV with labels." };
        var directed = new Option<bool>("--directed") { Description = "Keep directions (default: undirected; both directions' weights summed)." };
        var weighted = new Option<bool>("--weighted") { Description = "Use weights: as lengths in path measures, as strengths in degree-type measures." };
        var k = new Option<int>("--k") { Description = "Key players: size of the set and of the sequential removals (0: none).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed for Leiden, Louvain, sampling and the greedy key-player search.", DefaultValueFactory = _ => 1 };
        var sources = new Option<int?>("--sources") { Description = "Sample this many betweenness sources (default: exact up to 20,000 nodes)." };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The JSON file to write." };
        var metrics = new Command("metrics", "Per-node and graph measures, communities and key players of one network (docs/networks.md).");
        foreach (var option in new Option[] { edges, directed, weighted, k, seed, sources, output })
            metrics.Options.Add(option);
        metrics.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(edges)!.FullName, parse.GetValue(directed), parse.GetValue(weighted),
            parse.GetValue(k), parse.GetValue(seed), parse.GetValue(sources), parse.GetValue(output)!.FullName, Console.Error, ct));
        var network = new Command("network", "Criminal network analysis on a CSV file.");
        network.Subcommands.Add(metrics);
        return network;
    }

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(string path, bool directed, bool weighted, int k, int seed, int? sources, string outputPath,
        TextWriter log, CancellationToken ct)
    {
        Network network;
        try
        {
            network = NetworkFile.Read(path, directed, weighted);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or ArgumentException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        var clock = Stopwatch.StartNew();
        var result = MeasureNetwork.Handle(new MeasureNetwork.Request(network, weighted, k, seed, sources));
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{network.Format}: {result.Graph.Nodes} nodes, {result.Graph.Edges} edges, {result.Graph.Components} components; Leiden {result.Communities[0].Count} communities, modularity {result.Communities[0].Modularity:0.0000}; {clock.Elapsed.TotalSeconds:0.00} s"));
        foreach (var note in result.Notes)
            await log.WriteLineAsync(note);
        await using (var stream = File.Create(outputPath))
            await JsonSerializer.SerializeAsync(stream, result, Json, ct);
        await log.WriteLineAsync($"wrote {outputPath}");
        return 0;
    }
}
