using Waterline.Cli.Linkage;
using Waterline.Linkage;

namespace Waterline.Tests.Linkage;

public sealed class LinkCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("waterline-link-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Febrl1 => Path.Combine(SharedData.Folder(), "linkage", "febrl", "dataset1.csv");

    [Fact]
    public async Task Link_dedupe_without_settings_writes_a_cluster_for_every_row_and_says_what_it_chose()
    {
        var output = Path.Combine(folder, "clusters.csv");
        var log = new StringWriter();
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "rec_id"), output, null, null, log, CancellationToken.None);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal("record_id,cluster_id", lines[0]);
        Assert.Equal(1000, lines.Length - 1);
        Assert.Contains("given_name: givenname", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("blocking on ", log.ToString(), StringComparison.Ordinal);
        // FEBRL 1 holds 500 people with one duplicate each (rec-N-org / rec-N-dup-0): count the pairs found.
        var clusters = lines.Skip(1).Select(l => l.Split(',')).GroupBy(p => p[1]).Select(g => g.Select(p => p[0].Split('-')[1]).ToArray()).ToArray();
        var truePairs = clusters.Count(c => c.Length == 2 && c[0] == c[1]);
        Assert.True(truePairs >= 495, $"{truePairs} of 500 duplicate pairs clustered");
        Assert.DoesNotContain(clusters, c => c.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Link_pairs_writes_each_fields_level_and_weight_and_the_settings_it_used_can_be_reused()
    {
        var output = Path.Combine(folder, "pairs.csv");
        var settings = Path.Combine(folder, "settings.json");
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "rec_id"), output, 0.5, settings, TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        Assert.Equal(["left_id", "right_id", "match_weight", "match_probability"], header[..4]);
        Assert.Contains("surname_level", header);
        Assert.Contains("surname_weight", header);
        Assert.True(lines.Length > 400);
        Assert.All(lines.Skip(1), l => Assert.True(double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture) >= 0.5));

        var again = Path.Combine(folder, "again.csv");
        Assert.Equal(0, await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "rec_id", settings), again, 0.5, null, TextWriter.Null, CancellationToken.None));
        Assert.Equal(lines, File.ReadAllLines(again));
    }

    [Fact]
    public async Task Link_refuses_an_unknown_id_column_and_names_it()
    {
        var log = new StringWriter();
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "record"), Path.Combine(folder, "x.csv"), null, null, log, CancellationToken.None);
        Assert.Equal(LinkCommand.Refused, code);
        Assert.Contains("--id: column 'record' is not in the file", log.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "x.csv")));
    }

    [Fact]
    public async Task Link_refuses_a_repeated_id_and_names_both_rows()
    {
        var input = Path.Combine(folder, "people.csv");
        await File.WriteAllLinesAsync(input, ["id,name", "a,Jan Peeters", "b,Jan Peters", "a,Piet Maes"]);
        var log = new StringWriter();
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(input, "id"), Path.Combine(folder, "x.csv"), null, null, log, CancellationToken.None);
        Assert.Equal(LinkCommand.Refused, code);
        Assert.Contains("row 4: id 'a' in column 'id' already appears on row 2", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settings_file_with_a_bad_blocking_rule_is_refused_with_the_rule_named()
    {
        var settings = Path.Combine(folder, "bad.json");
        await File.WriteAllTextAsync(settings, """{ "fields": [ { "column": "surname", "kind": "name" } ], "blocking": ["surname:0"] }""");
        var log = new StringWriter();
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "rec_id", settings), Path.Combine(folder, "x.csv"), null, null, log, CancellationToken.None);
        Assert.Equal(LinkCommand.Refused, code);
        Assert.Contains("'surname:0'", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_with_the_previous_clusters_keeps_the_ids_of_clusters_that_kept_their_records()
    {
        // The first 900 FEBRL 1 rows, then all 1,000: a record's cluster id may change only if its cluster changed.
        var part = Path.Combine(folder, "part.csv");
        await File.WriteAllLinesAsync(part, File.ReadAllLines(Febrl1).Where(l => l.Length > 0).Take(901));
        var first = Path.Combine(folder, "first.csv");
        var second = Path.Combine(folder, "second.csv");
        Assert.Equal(0, await LinkCommand.RunAsync(new LinkCsvFile.Request(part, "rec_id"), first, null, null, TextWriter.Null, CancellationToken.None));
        // Renumber the first run's clusters so the test proves ids come from the file, not from record order.
        var renamed = File.ReadAllLines(first).Skip(1).Select(l => l.Split(',')).Select(p => $"{p[0]},entity-{p[1]}").Prepend("record_id,cluster_id");
        await File.WriteAllLinesAsync(first, renamed);
        var log = new StringWriter();
        Assert.Equal(0, await LinkCommand.RunAsync(new LinkCsvFile.Request(Febrl1, "rec_id", PreviousClustersPath: first), second, null, null, log, CancellationToken.None));
        Assert.Contains("cluster ids kept from", log.ToString(), StringComparison.Ordinal);
        var before = File.ReadAllLines(first).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        var after = File.ReadAllLines(second).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(1000, after.Count);
        // Every earlier cluster is either kept whole under its id, or (merged) its records now share one earlier id.
        foreach (var group in before.GroupBy(kv => kv.Value))
        {
            var now = group.Select(kv => after[kv.Key]).Distinct().ToArray();
            Assert.Single(now);
            Assert.StartsWith("entity-", now[0], StringComparison.Ordinal);
        }
        Assert.All(after.Where(kv => !before.ContainsKey(kv.Key)), kv => Assert.False(string.IsNullOrEmpty(kv.Value)));
    }

    [Fact]
    public async Task A_users_alias_file_makes_its_names_agree_and_a_bad_line_is_refused_with_its_number()
    {
        // "Sjef" is not in the built-in table; the user's file adds it to Jozef's class.
        var input = Path.Combine(folder, "people.csv");
        await File.WriteAllLinesAsync(input, ["id,given_name,surname", "1,Sjef,Peeters", "2,Jozef,Peeters", "3,Anna,Maes", "4,Anna,Maes"]);
        var aliases = Path.Combine(folder, "aliases.txt");
        await File.WriteAllLinesAsync(aliases, ["# Flemish short forms", "jozef, sjef, jef"]);
        var settings = Path.Combine(folder, "settings.json");
        await File.WriteAllTextAsync(settings, """
            { "fields": [ { "column": "given_name", "kind": "givenName" }, { "column": "surname", "kind": "name" } ],
              "blocking": ["surname"], "aliases": "aliases.txt" }
            """);
        var with = await LinkCsvFile.RunAsync(new LinkCsvFile.Request(input, "id", settings), null, CancellationToken.None);
        Assert.Equal("alias or Jaro-Winkler ≥ 0.92", with.Linker.Explain(0, 1).Fields[0].LevelLabel);
        Assert.Contains(with.Notes, n => n.StartsWith("aliases: the built-in table and ", StringComparison.Ordinal));

        await File.WriteAllLinesAsync(aliases, ["jozef, sjef", "jef"]);
        var log = new StringWriter();
        var code = await LinkCommand.RunAsync(new LinkCsvFile.Request(input, "id", settings), Path.Combine(folder, "x.csv"), null, null, log, CancellationToken.None);
        Assert.Equal(LinkCommand.Refused, code);
        Assert.Contains("aliases.txt, line 2", log.ToString(), StringComparison.Ordinal);
    }
}
