using System.Globalization;
using System.Text;
using CsvHelper;
using Waterline.Analytics.Linkage;
using Waterline.Linkage;
using Xunit.Abstractions;

namespace Waterline.Tests.Linkage;

/// <summary>
/// The accuracy table of docs/linkage.md: each labelled benchmark in ../shared/data/linkage (SOURCES.md there names
/// the origin and the truth column) deduplicated or linked with the settings file in samples/linkage, and scored
/// against its truth. The floors are the figures measured on 2026-11-23 (runs are deterministic: fixed seeds, sorted
/// output) rounded down to two decimals; a change that loses accuracy fails here.
/// </summary>
public sealed class LinkageBenchmarkTests(ITestOutputHelper output)
{
    public static TheoryData<string, double, double> Benchmarks => new()
    {
        // name, precision floor, recall floor (measured precision / recall in the comment)
        { "febrl1", 0.99, 0.99 },          // 1.0000 / 1.0000
        { "febrl2", 0.99, 0.99 },          // 1.0000 / 1.0000
        { "febrl3", 0.99, 0.99 },          // 1.0000 / 0.9998
        { "febrl4", 0.99, 0.99 },          // 1.0000 / 1.0000 (two files linked)
        { "fake_1000", 0.98, 0.81 },       // 0.9823 / 0.8178
        { "historical_50k", 0.92, 0.77 },  // 0.9275 / 0.7751
        { "rldata500", 0.99, 0.94 },       // 1.0000 / 0.9400
        { "rldata10000", 0.98, 0.82 },     // 0.9868 / 0.8250
        { "ncvr_ocp0", 0.89, 0.99 },       // 0.8961 / 1.0000 (five sources)
        { "ncvr_ocp20", 0.91, 0.96 },      // 0.9123 / 0.9630
        { "ncvr_ocp40", 0.92, 0.92 },      // 0.9287 / 0.9285
        { "dblp_acm", 0.98, 0.92 },        // 0.9879 / 0.9213 (two files linked)
        { "chicago", 0.75, 0.91 },         // 0.7583 / 0.9127 (nine source lists)
        { "patstat_nl", 0.99, 0.90 },      // 0.9970 / 0.9002 (company and person names of patent holders)
    };

    [Theory, MemberData(nameof(Benchmarks))]
    public async Task A_labelled_benchmark_is_resolved_at_least_as_well_as_measured(string name, double precisionFloor, double recallFloor)
    {
        var (input, id, settings, truthColumn, cleanup) = Prepare(name);
        try
        {
            var result = await LinkCsvFile.RunAsync(new LinkCsvFile.Request(input, id, settings), null, CancellationToken.None);
            var truth = ReadTruth(input, id, truthColumn, result.Ids);
            var pairwise = LinkageQuality.Pairwise(result.Linkage.ClusterIds, truth);
            var bcubed = LinkageQuality.BCubed(result.Linkage.ClusterIds, truth);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {result.Ids.Length:N0} | {result.Linkage.Figures.CandidatePairs:N0} | {pairwise.Precision:0.0000} | {pairwise.Recall:0.0000} | {pairwise.F1:0.0000} | {bcubed.F1:0.0000} | {LinkageQuality.AdjustedRandIndex(result.Linkage.ClusterIds, truth):0.0000} |"));
            Assert.True(pairwise.Precision >= precisionFloor, $"{name}: precision {pairwise.Precision:0.0000} < {precisionFloor}");
            Assert.True(pairwise.Recall >= recallFloor, $"{name}: recall {pairwise.Recall:0.0000} < {recallFloor}");
        }
        finally
        {
            cleanup();
        }
    }

    [Fact]
    public async Task Inferred_settings_leave_out_composite_name_columns_and_resolve_historical_50k()
    {
        // No settings file: the kinds, the blocking and what is left out are inferred. historical_50k has full_name and
        // first_and_surname beside first_name and surname; counted as well they chained clusters (precision 0.10).
        // Measured 2026-11-23: precision 0.8660, recall 0.8998.
        var input = Path.Combine(Data, "splink", "historical_50k.csv");
        var result = await LinkCsvFile.RunAsync(new LinkCsvFile.Request(input, "unique_id"), null, CancellationToken.None);
        Assert.Contains(result.Notes, n => n.StartsWith("full_name: left out (its words hold first_name and surname", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("first_and_surname: left out", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("cluster: left out", StringComparison.Ordinal));
        var quality = LinkageQuality.Pairwise(result.Linkage.ClusterIds, ReadTruth(input, "unique_id", "cluster", result.Ids));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"historical_50k inferred: {quality.Precision:0.0000} / {quality.Recall:0.0000}"));
        Assert.True(quality.Precision >= 0.86, $"precision {quality.Precision:0.0000}");
        Assert.True(quality.Recall >= 0.89, $"recall {quality.Recall:0.0000}");
    }

    [Fact]
    public async Task Every_input_row_gets_a_cluster_and_two_runs_give_the_same_clusters()
    {
        var (input, id, settings, _, _) = Prepare("febrl3");
        var first = await LinkCsvFile.RunAsync(new LinkCsvFile.Request(input, id, settings, Cores: 1), null, CancellationToken.None);
        var second = await LinkCsvFile.RunAsync(new LinkCsvFile.Request(input, id, settings, Cores: 2), null, CancellationToken.None);
        Assert.Equal(5000, first.Ids.Length);
        Assert.Equal(first.Linkage.ClusterIds, second.Linkage.ClusterIds);
        Assert.Equal(first.Linkage.Left, second.Linkage.Left);
        Assert.Equal(first.Linkage.MatchWeight, second.Linkage.MatchWeight);
    }

    private static string Data => Path.Combine(SharedData.Folder(), "linkage");

    internal static string Samples(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Waterline.slnx")))
            directory = directory.Parent;
        return Path.Combine(directory!.FullName, "samples", "linkage", file);
    }

    private static (string Input, string Id, string Settings, string Truth, Action Cleanup) Prepare(string name)
    {
        static void Nothing() { }
        switch (name)
        {
            case "febrl1" or "febrl2" or "febrl3":
                var febrl = Combine(("", Path.Combine(Data, "febrl", $"dataset{name[^1]}.csv")));
                return (febrl, "rec_id", Samples("febrl.json"), "entity", () => File.Delete(febrl));
            case "febrl4":
                var four = Combine(("a", Path.Combine(Data, "febrl", "dataset4a.csv")), ("b", Path.Combine(Data, "febrl", "dataset4b.csv")));
                return (four, "rec_id", Samples("febrl.json").Replace("febrl.json", "febrl4.json", StringComparison.Ordinal), "entity", () => File.Delete(four));
            case "fake_1000":
                return (Path.Combine(Data, "splink", "fake_1000.csv"), "unique_id", Samples("fake_1000.json"), "cluster", Nothing);
            case "historical_50k":
                return (Path.Combine(Data, "splink", "historical_50k.csv"), "unique_id", Samples("historical_50k.json"), "cluster", Nothing);
            case "rldata500" or "rldata10000":
                return (Path.Combine(Data, "rldata", name == "rldata500" ? "RLdata500.csv" : "RLdata10000.csv"), "rec_id", Samples("rldata.json"), "ent_id", Nothing);
            case "ncvr_ocp0" or "ncvr_ocp20" or "ncvr_ocp40":
                var ocp = name["ncvr_ocp".Length..];
                var ncvr = Ncvr(ocp);
                return (ncvr, "id", Samples("ncvr.json"), "recid", () => File.Delete(ncvr));
            case "dblp_acm":
                var dblp = DblpAcm();
                return (dblp, "id", Samples("dblp_acm.json"), "entity", () => File.Delete(dblp));
            case "patstat_nl":
                var patstat = Patstat();
                return (patstat, "person_id", Samples("patstat_nl.json"), "entity", () => File.Delete(patstat));
            case "chicago":
                return (Path.Combine(Data, "chicago_early_childhood", "csv_example_input_with_true_ids.csv"), "Id", Samples("chicago.json"), "True Id", Nothing);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown benchmark");
        }
    }

    // FEBRL files (a space after each comma) with a source column and the entity N of rec-N-org / rec-N-dup-k.
    private static string Combine(params (string Source, string Path)[] files)
    {
        var path = System.IO.Path.GetTempFileName();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var headerWritten = false;
        foreach (var (source, file) in files)
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
            if (!headerWritten)
            {
                writer.WriteLine("source," + string.Join(',', lines[0].Split(',').Select(h => h.Trim())) + ",entity");
                headerWritten = true;
            }
            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split(',').Select(f => f.Trim()).ToArray();
                writer.WriteLine($"{source},{string.Join(',', fields)},{fields[0].Split('-')[1]}");
            }
        }
        return path;
    }

    // The five NCVR samples of one corruption level as one file with the source (party) as a column.
    private static string Ncvr(string ocp)
    {
        var path = Path.GetTempFileName();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("id,source,recid,givenname,surname,suburb,postcode");
        for (var party = 0; party < 5; party++)
        {
            var file = Path.Combine(Data, "ncvoter_5party", $"ocp{ocp}", $"ncvr_numrec_5000_modrec_2_ocp_{ocp}_myp_{party}_nump_5.csv");
            var row = 0;
            foreach (var line in File.ReadLines(file).Skip(1))
                writer.WriteLine($"{party}-{row++},{party},{line}");
        }
        return path;
    }

    // DBLP and ACM in one file; a DBLP record's entity is the ACM id it maps to (DBLP-ACM_perfectMapping.csv).
    private static string DblpAcm()
    {
        var mapping = ReadRows(Path.Combine(Data, "dblp_acm", "DBLP-ACM_perfectMapping.csv")).ToDictionary(r => r["idDBLP"], r => r["idACM"]);
        var path = Path.GetTempFileName();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in new[] { "id", "source", "title", "authors", "venue", "year", "entity" })
            csv.WriteField(column);
        csv.NextRecord();
        foreach (var (source, file) in new[] { ("acm", "ACM.csv"), ("dblp", "DBLP2.csv") })
        {
            foreach (var r in ReadRows(Path.Combine(Data, "dblp_acm", file)))
            {
                var entity = source == "acm" ? "acm" + r["id"] : mapping.TryGetValue(r["id"], out var acm) ? "acm" + acm : "dblp" + r["id"];
                foreach (var value in new[] { source + r["id"], source, r["title"], r["authors"], r["venue"], r["year"], entity })
                    csv.WriteField(value);
                csv.NextRecord();
            }
        }
        return path;
    }

    // PATSTAT NL input with each holder's hand-checked KU Leuven id (patstat_reference.csv, joined on person_id).
    private static string Patstat()
    {
        var reference = ReadRows(Path.Combine(Data, "patstat_nl", "patstat_reference.csv")).ToDictionary(r => r["person_id"], r => r["leuven_id"]);
        var path = Path.GetTempFileName();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in new[] { "person_id", "Name", "Coauthor", "Class", "entity" })
            csv.WriteField(column);
        csv.NextRecord();
        foreach (var r in ReadRows(Path.Combine(Data, "patstat_nl", "patstat_input.csv")))
        {
            foreach (var value in new[] { r["person_id"], r["Name"], r["Coauthor"], r["Class"], reference[r["person_id"]] })
                csv.WriteField(value);
            csv.NextRecord();
        }
        return path;
    }

    private static List<Dictionary<string, string>> ReadRows(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Select(r => ((IDictionary<string, object>)r).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "")).ToList();
    }

    internal static int[] ReadTruth(string path, string idColumn, string truthColumn, string[] ids)
    {
        var byId = ReadRows(path).ToDictionary(r => r[idColumn].Trim(), r => r[truthColumn].Trim());
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        return ids.Select(id =>
        {
            var key = byId[id];
            if (!codes.TryGetValue(key, out var code))
                codes.Add(key, code = codes.Count);
            return code;
        }).ToArray();
    }
}
