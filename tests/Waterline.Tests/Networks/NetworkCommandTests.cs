using System.Text.Json;
using Waterline.Cli.Networks;
using Waterline.Tests.Analytics.Networks;

namespace Waterline.Tests.Networks;

public sealed class NetworkCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("waterline-network-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Shared(string file) => Path.Combine(SharedData.Folder(), "networks", file);

    private async Task<(int Code, string Log, JsonElement Output)> RunAsync(string file, bool directed = false, bool weighted = false, int k = 0)
    {
        var output = Path.Combine(_folder, "out.json");
        var log = new StringWriter();
        var code = await NetworkCommand.RunAsync(Shared(file), directed, weighted, k, seed: 1, sources: null, output, log, CancellationToken.None);
        return (code, log.ToString(), code == 0 ? JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement : default);
    }

    [Fact]
    public async Task Metrics_on_a_CAVIAR_phase_write_per_node_measures_equal_to_networkx()
    {
        var (code, _, output) = await RunAsync("caviar/phase6.csv");

        Assert.Equal(0, code);
        // Expected values: Reference/networkx_measures.json (networkx 2.8.8, scripts/reference/networks_measures.py).
        var reference = NetworkxReference.Root.GetProperty("networks").GetProperty("caviar/phase6.csv");
        var labels = reference.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var measures = reference.GetProperty("undirected").GetProperty("measures");
        var nodes = output.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("label").GetString()!);
        Assert.Equal(labels.Length, nodes.Count);
        foreach (var (name, json) in new[] { ("betweenness", "betweenness"), ("closeness", "closeness"), ("pagerank", "pagerank"), ("core_number", "core_number") })
        {
            var expected = NetworkxReference.Values(measures, name);
            for (var v = 0; v < labels.Length; v++)
                Assert.Equal(expected[v], nodes[labels[v]].GetProperty(json).GetDouble(), 1e-6);
        }
        Assert.Equal(27, output.GetProperty("graph").GetProperty("nodes").GetInt32());
        Assert.Equal("exact (Brandes 2001)", output.GetProperty("betweenness").GetProperty("method").GetString());
        var leiden = output.GetProperty("communities")[0];
        Assert.StartsWith("leiden", leiden.GetProperty("method").GetString(), StringComparison.Ordinal);
        Assert.InRange(leiden.GetProperty("modularity").GetDouble(), 0.2, 1);
    }

    [Fact]
    public async Task Metrics_with_k_report_the_key_player_set_and_four_removal_curves()
    {
        var (code, _, output) = await RunAsync("caviar/phase6.csv", k: 3);

        Assert.Equal(0, code);
        var keyPlayers = output.GetProperty("key_players");
        Assert.Equal(3, keyPlayers.GetProperty("set").GetArrayLength());
        Assert.True(keyPlayers.GetProperty("exhaustive").GetBoolean()); // C(27,3) = 2,925 sets: searched exhaustively
        // N1 coordinates phase 6 (Morselli 2009): removing the best set must include him.
        Assert.Contains("1", keyPlayers.GetProperty("set").EnumerateArray().Select(x => x.GetString()));
        var removals = keyPlayers.GetProperty("removals").EnumerateArray().ToList();
        Assert.Equal(4, removals.Count);
        foreach (var removal in removals)
        {
            var steps = removal.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("largest_component").GetInt32()).ToList();
            Assert.Equal(27, steps[0]);
            Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second <= p.First), "the largest component never grows as actors are removed");
        }
    }

    [Fact]
    public async Task Metrics_write_undefined_measures_as_null_rather_than_failing()
    {
        // Drugnet has isolates: their constraint and effective size are undefined (networkx: NaN).
        var (code, log, output) = await RunAsync("drugnet/drugnet.csv", directed: true);

        Assert.Equal(0, code);
        Assert.Contains("folded to undirected", log, StringComparison.Ordinal);
        Assert.Contains(output.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("constraint").ValueKind == JsonValueKind.Null);
        Assert.True(output.GetProperty("graph").GetProperty("directed").GetBoolean());
    }

    [Fact]
    public async Task Metrics_refuse_a_two_mode_matrix_and_say_what_it_is()
    {
        var (code, log, _) = await RunAsync("ndrangheta/infinito_summits_2mode.csv");

        Assert.Equal(NetworkCommand.Refused, code);
        Assert.Contains("156 rows and 47 columns", log, StringComparison.Ordinal);
        Assert.Contains("two-mode", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_refuse_an_edge_list_with_a_bad_weight_naming_its_row()
    {
        var file = Path.Combine(_folder, "edges.csv");
        await File.WriteAllTextAsync(file, "source,target,weight\nA,B,2\nB,C,lots\n");
        var log = new StringWriter();

        var code = await NetworkCommand.RunAsync(file, false, true, 0, 1, null, Path.Combine(_folder, "x.json"), log, CancellationToken.None);

        Assert.Equal(NetworkCommand.Refused, code);
        Assert.Contains("row 3, column 'weight': 'lots' is not a number", log.ToString(), StringComparison.Ordinal);
    }
}
