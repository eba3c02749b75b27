using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterline.Analytics.Hotspots;
using Waterline.Hotspots;

namespace Waterline.Cli.Hotspots;

/// <summary><c>waterline hotspots</c>: global Moran's I, local Moran's I and Getis-Ord Gi* per area of a GeoJSON file, with
/// z-scores, normal and permutation p-values, Benjamini-Hochberg adjusted p-values and a hotspot / coldspot class; no
/// database needed (docs/hotspots.md, "The commands"). Exit code 0 on success, 2 when the input is refused (the message
/// names the feature and property, the GAL line, or the option).</summary>
public static class HotspotsCommand
{
    public const int Refused = 2;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var areas = new Option<FileInfo>("--areas") { Required = true, Description = "GeoJSON FeatureCollection of Polygon/MultiPolygon areas." };
        var value = new Option<string>("--value") { Required = true, Description = "The numeric property to analyse (counts or rates, >= 0 for Gi*)." };
        var id = new Option<string?>("--id") { Description = "The property holding area ids (default: the features' id, else 1, 2, 3...)." };
        var weights = new Option<string>("--weights") { Description = "queen, rook or a GAL file (ids as --id).", DefaultValueFactory = _ => "queen" };
        var permutations = new Option<int>("--permutations") { Description = "Conditional permutations for pseudo p-values (0: none).", DefaultValueFactory = _ => 999 };
        var seed = new Option<int>("--seed") { Description = "Seed of the permutations.", DefaultValueFactory = _ => 1 };
        var fdr = new Option<double>("--fdr") { Description = "False discovery rate for the hotspot classes (Benjamini-Hochberg).", DefaultValueFactory = _ => 0.05 };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The JSON file to write." };
        var command = new Command("hotspots", "Moran's I, local Moran's I and Gi* hotspots for areas in a GeoJSON file (docs/hotspots.md).");
        foreach (var option in new Option[] { areas, value, id, weights, permutations, seed, fdr, output })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) => await RunAsync(new Request(parse.GetValue(areas)!.FullName, parse.GetValue(value)!, parse.GetValue(id),
            parse.GetValue(weights)!, parse.GetValue(permutations), parse.GetValue(seed), parse.GetValue(fdr), parse.GetValue(output)!.FullName), Console.Error, ct));
        return command;
    }

    public sealed record Request(string AreasPath, string Value, string? Id, string Weights, int Permutations, int Seed, double Fdr, string OutputPath);

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(Request request, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        JsonObject document;
        try
        {
            if (request.Permutations is < 0 or > 99_999)
                throw new FormatException($"--permutations: {request.Permutations} is not between 0 and 99999");
            if (!(request.Fdr > 0 && request.Fdr < 1))
                throw new FormatException($"--fdr: {request.Fdr.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1");
            var set = AreasFile.Read(request.AreasPath, request.Value, request.Id);
            var binary = request.Weights.ToLowerInvariant() switch
            {
                "queen" => SpatialWeights.Contiguity(set.Polygons, ContiguityRule.Queen),
                "rook" => SpatialWeights.Contiguity(set.Polygons, ContiguityRule.Rook),
                _ => File.Exists(request.Weights) ? ReadGal(request.Weights, set.Ids)
                    : throw new FormatException($"--weights: '{request.Weights}' is neither queen, rook nor an existing GAL file"),
            };
            document = Analyse(request, set, binary);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or ArgumentException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        var summary = document["summary"]!.AsObject();
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{summary["areas"]} areas, {summary["links"]} links; Moran's I {document["global_moran"]!["i"]}; {summary["hotspots"]} hotspots, {summary["coldspots"]} coldspots (FDR {request.Fdr})"));
        await File.WriteAllTextAsync(request.OutputPath, document.ToJsonString(Json), ct);
        await log.WriteLineAsync($"wrote {request.OutputPath}");
        return 0;
    }

    private static SpatialWeights ReadGal(string path, string[] ids)
    {
        try
        {
            return GalFile.Read(path).ToWeights(ids);
        }
        catch (FormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static JsonObject Analyse(Request request, AreaSet set, SpatialWeights binary)
    {
        foreach (var (v, k) in set.Values.Select((v, k) => (v, k)))
        {
            if (v < 0)
                throw new FormatException($"{request.AreasPath}, feature {k + 1}, property '{request.Value}': {v.ToString(CultureInfo.InvariantCulture)} is negative (Gi* needs counts or rates)");
        }
        var weights = binary.RowStandardised();
        var global = Moran.Global(set.Values, weights, request.Permutations, request.Seed);
        var local = Moran.Local(set.Values, weights, LocalMoranVariance.Randomisation, request.Permutations, request.Seed);
        var gi = GetisOrd.Gi(set.Values, weights, star: true, request.Permutations, request.Seed);
        // The classes use the normal p-values (as spdep localG and ArcGIS Hot Spot Analysis): with P permutations no pseudo
        // p-value is below 1/(P+1), which over many areas cannot pass Benjamini-Hochberg (999 permutations, 10k areas: none).
        var localFdr = FalseDiscoveryRate.Adjust(local.PValue);
        var giFdr = FalseDiscoveryRate.Adjust(gi.PValue);
        var localPseudoFdr = local.PseudoPValue is null ? null : FalseDiscoveryRate.Adjust(local.PseudoPValue);
        var giPseudoFdr = gi.PseudoPValue is null ? null : FalseDiscoveryRate.Adjust(gi.PseudoPValue);
        var mean = set.Values.Average();
        var lag = weights.Lag(set.Values);
        var rows = new JsonArray();
        int hot = 0, cold = 0;
        for (var i = 0; i < set.Ids.Length; i++)
        {
            var significant = giFdr[i] <= request.Fdr;
            var kind = !significant ? "not significant" : gi.ZScore[i] > 0 ? "hotspot" : "coldspot";
            hot += kind == "hotspot" ? 1 : 0;
            cold += kind == "coldspot" ? 1 : 0;
            rows.Add(new JsonObject
            {
                ["id"] = set.Ids[i],
                ["value"] = set.Values[i],
                ["neighbours"] = binary.Neighbours(i).Length,
                ["class"] = kind,
                ["gi_star"] = Local(gi, i, giFdr[i], giPseudoFdr?[i]),
                ["local_moran"] = Local(local, i, localFdr[i], localPseudoFdr?[i]),
                ["local_moran_quadrant"] = binary.Neighbours(i).Length == 0 ? null
                    : $"{(set.Values[i] >= mean ? "high" : "low")}-{(lag[i] >= mean ? "high" : "low")}",
            });
        }
        return new JsonObject
        {
            ["areas_file"] = Path.GetFileName(request.AreasPath),
            ["value"] = request.Value,
            ["weights"] = File.Exists(request.Weights) ? Path.GetFileName(request.Weights) : request.Weights.ToLowerInvariant(),
            ["style"] = "row-standardised (spdep W); Gi* includes each area itself",
            ["permutations"] = request.Permutations,
            ["seed"] = request.Seed,
            ["fdr"] = request.Fdr,
            ["class_rule"] = "Gi* p_fdr <= fdr: hotspot when z > 0, coldspot when z < 0",
            ["summary"] = new JsonObject
            {
                ["areas"] = set.Ids.Length,
                ["links"] = binary.LinkCount,
                ["without_neighbours"] = Enumerable.Range(0, binary.Count).Count(i => binary.Neighbours(i).Length == 0),
                ["hotspots"] = hot,
                ["coldspots"] = cold,
            },
            ["global_moran"] = new JsonObject
            {
                ["i"] = Number(global.I),
                ["expected"] = Number(global.Expected),
                ["variance_normality"] = Number(global.VarianceNormality),
                ["variance_randomisation"] = Number(global.VarianceRandomisation),
                ["z_normality"] = Number(global.ZNormality),
                ["z_randomisation"] = Number(global.ZRandomisation),
                ["p_normality"] = Number(global.PNormality),
                ["p_randomisation"] = Number(global.PRandomisation),
                ["pseudo_p"] = global.PseudoPValue is { } pp ? Number(pp) : null,
            },
            ["areas"] = rows,
        };
    }

    private static JsonObject Local(LocalStatistics s, int i, double fdr, double? pseudoFdr) => new()
    {
        ["statistic"] = Number(s.Statistic[i]),
        ["expected"] = Number(s.Expected[i]),
        ["variance"] = Number(s.Variance[i]),
        ["z"] = Number(s.ZScore[i]),
        ["p"] = Number(s.PValue[i]),
        ["pseudo_p"] = s.PseudoPValue is { } pseudo ? Number(pseudo[i]) : null,
        ["p_fdr"] = Number(fdr),
        ["pseudo_p_fdr"] = pseudoFdr is { } f ? Number(f) : null,
    };

    /// <summary>NaN (an area without neighbours) as JSON null.</summary>
    internal static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
