using System.Text.Json;
using Waterline.Cli.Bench;
using Waterline.Cli.Hotspots;
using Waterline.Tests.Analytics.Hotspots;

namespace Waterline.Tests.Hotspots;

/// <summary><c>waterline hotspots</c> and <c>waterline knox</c> in-process on the shared Columbus and imdepi data; figures
/// against spdep 1.2-7 and R as recorded by scripts/reference/hotspots_reference.R.</summary>
public sealed class HotspotsCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("waterline-hotspots-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Temp(string name) => Path.Combine(_folder.FullName, name);

    private static string Data(string path) => Path.Combine(SharedData.Folder(), "stats", path);

    private async Task<(int Code, string Log, JsonElement? Json)> HotspotsAsync(string areas, string value, string? id = "POLYID", string weights = "queen",
        int permutations = 99, double fdr = 0.05)
    {
        var output = Temp("out.json");
        File.Delete(output);
        var log = new StringWriter();
        var code = await HotspotsCommand.RunAsync(new HotspotsCommand.Request(areas, value, id, weights, permutations, 1, fdr, output), log, CancellationToken.None);
        return (code, log.ToString(), File.Exists(output) ? JsonDocument.Parse(File.ReadAllText(output)).RootElement : null);
    }

    [Fact]
    public async Task Hotspots_on_Columbus_crime_writes_spdeps_Moran_and_Gi_star_per_area()
    {
        var (code, _, json) = await HotspotsAsync(Data("spatial/columbus.geojson"), "CRIME");
        Assert.Equal(0, code);
        var reference = HotspotsReference.Root.GetProperty("columbus").GetProperty("weights").GetProperty("queen").GetProperty("W");
        var root = json!.Value;
        HotspotsReference.Close(reference.GetProperty("moran").GetProperty("randomisation").Number("I"), root.GetProperty("global_moran").Number("i"), 1e-9, "I");
        var z = reference.GetProperty("gi_star").GetProperty("z").Doubles();
        var areas = root.GetProperty("areas").EnumerateArray().ToArray();
        Assert.Equal(49, areas.Length);
        for (var i = 0; i < areas.Length; i++)
        {
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), areas[i].GetProperty("id").GetString());
            HotspotsReference.Close(z[i], areas[i].GetProperty("gi_star").Number("z"), 1e-9, $"Gi* z[{i}]");
            var significant = areas[i].GetProperty("gi_star").Number("p_fdr") <= 0.05;
            var expectedClass = !significant ? "not significant" : z[i] > 0 ? "hotspot" : "coldspot";
            Assert.Equal(expectedClass, areas[i].GetProperty("class").GetString());
        }
        Assert.Contains(areas, a => a.GetProperty("class").GetString() == "hotspot");
    }

    [Fact]
    public async Task Hotspots_with_the_shipped_rook_GAL_file_equals_rook_contiguity_built_from_the_polygons()
    {
        var (_, _, fromGal) = await HotspotsAsync(Data("spatial/columbus.geojson"), "CRIME", weights: Data("spatial/columbus_rook.gal"));
        var galZ = fromGal!.Value.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("gi_star").Number("z")).ToArray();
        var (_, _, built) = await HotspotsAsync(Data("spatial/columbus.geojson"), "CRIME", weights: "rook");
        var builtZ = built!.Value.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("gi_star").Number("z")).ToArray();
        Assert.Equal(builtZ, galZ);
    }

    [Fact]
    public async Task A_feature_without_the_value_property_is_refused_with_exit_code_2_naming_feature_and_property()
    {
        var areas = Temp("areas.geojson");
        await File.WriteAllTextAsync(areas, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"name":"a","count":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
             {"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}
            """);
        var (code, log, json) = await HotspotsAsync(areas, "count", id: "name");
        Assert.Equal(HotspotsCommand.Refused, code);
        Assert.Contains("feature 2, property 'count'", log, StringComparison.Ordinal);
        Assert.Null(json);
    }

    [Fact]
    public async Task A_GAL_file_naming_an_unknown_area_is_refused_with_exit_code_2()
    {
        var gal = Temp("bad.gal");
        await File.WriteAllTextAsync(gal, "2\n1 1\n99\n99 1\n1\n");
        var (code, log, _) = await HotspotsAsync(Data("spatial/columbus.geojson"), "CRIME", weights: gal);
        Assert.Equal(HotspotsCommand.Refused, code);
        Assert.Contains("bad.gal", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knox_on_the_imdepi_events_writes_Rs_pair_counts_and_the_near_repeat_table()
    {
        var output = Temp("knox.json");
        var log = new StringWriter();
        var code = await KnoxCommand.RunAsync(new KnoxCommand.Request(Data("knox/imdepi_events.csv"), 25, 7, 99, 1, "10,25,50,100", "7,14,30,60", output),
            log, CancellationToken.None);
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        var reference = HotspotsReference.Root.GetProperty("knox")[0];
        Assert.Equal(reference.GetProperty("close_both").GetInt64(), root.GetProperty("knox").GetProperty("close_both").GetInt64());
        Assert.Equal(reference.GetProperty("neither").GetInt64(), root.GetProperty("knox").GetProperty("neither").GetInt64());
        var observed = HotspotsReference.Root.GetProperty("near_repeat").GetProperty("observed").EnumerateArray().SelectMany(r => r.Doubles()).ToArray();
        var cells = root.GetProperty("near_repeat").GetProperty("cells").EnumerateArray().Select(c => (double)c.GetProperty("observed").GetInt64()).ToArray();
        Assert.Equal(observed, cells);
    }

    [Fact]
    public async Task Knox_accepts_dates_and_refuses_a_bad_time_naming_the_row_and_field()
    {
        var events = Temp("events.csv");
        await File.WriteAllTextAsync(events, "id,x,y,time\n1,0,0,2024-01-01\n2,10,0,2024-01-03\n3,5000,0,2024-01-02\n");
        var output = Temp("knox.json");
        var code = await KnoxCommand.RunAsync(new KnoxCommand.Request(events, 100, 3, 0, 1, null, null, output), new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("knox").GetProperty("close_both").GetInt64());

        await File.WriteAllTextAsync(events, "id,x,y,time\n1,0,0,2024-01-01\n2,10,0,yesterday\n");
        var log = new StringWriter();
        code = await KnoxCommand.RunAsync(new KnoxCommand.Request(events, 100, 3, 0, 1, null, null, output), log, CancellationToken.None);
        Assert.Equal(KnoxCommand.Refused, code);
        Assert.Contains("row 3, field 'time'", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bench_code_path_runs_on_a_small_lattice_and_finds_the_planted_cluster()
    {
        var output = new StringWriter();
        HotspotsBench.Run(side: 20, eventCount: 1000, permutations: 49, output);
        var text = output.ToString();
        Assert.Contains("planted cluster 36/36 hot", text, StringComparison.Ordinal);
        Assert.Contains("Knox: 1,000 events", text, StringComparison.Ordinal);
    }
}
