using System.Text.Json;
using Waterline.Networks;

namespace Waterline.Tests.Analytics.Networks;

/// <summary>
/// The networkx reference values of Reference/networkx_measures.json, made by
/// <c>/usr/bin/python3 scripts/reference/networks_measures.py</c> with Debian's python3-networkx 2.8.8 (the file records
/// the command and version) from the networks of ../shared/data/networks, built with Waterline's conventions.
/// </summary>
public static class NetworkxReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Waterline.Tests", "Analytics", "Networks",
            "Reference", "networkx_measures.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>(network file, variant) for every graph in the reference file.</summary>
    public static TheoryData<string, string> Graphs()
    {
        var data = new TheoryData<string, string>();
        foreach (var network in Root.GetProperty("networks").EnumerateObject())
        {
            foreach (var variant in network.Value.EnumerateObject())
            {
                if (variant.Name != "labels")
                    data.Add(network.Name, variant.Name);
            }
        }
        return data;
    }

    /// <summary>Reads the network with the variant's direction and weighting and checks its labels match the reference's.</summary>
    public static (Network Network, JsonElement Measures, JsonElement GraphLevel) Load(string file, string variant)
    {
        var entry = Root.GetProperty("networks").GetProperty(file);
        var path = Path.Combine(SharedData.Folder(), "networks", file);
        Assert.True(File.Exists(path), $"{path} is missing; the network tests need ../shared/data beside the clone.");
        var network = NetworkFile.Read(path, directed: variant.StartsWith("directed", StringComparison.Ordinal),
            weighted: variant.EndsWith("_weighted", StringComparison.Ordinal));
        var labels = entry.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        Assert.Equal(labels, network.Labels);
        var reference = entry.GetProperty(variant);
        Assert.Equal(reference.GetProperty("graph").GetProperty("edges").GetInt32(), network.Graph.EdgeCount);
        return (network, reference.GetProperty("measures"), reference.GetProperty("graph"));
    }

    /// <summary>Per-node values; null (networkx's NaN, or a node outside the measured component) reads as NaN.</summary>
    public static double[] Values(JsonElement measures, string name) =>
        measures.GetProperty(name).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.NaN : x.GetDouble()).ToArray();

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Waterline.slnx")))
            directory = directory.Parent;
        Assert.True(directory is not null, "Waterline.slnx not found above " + AppContext.BaseDirectory);
        return directory.FullName;
    }
}
