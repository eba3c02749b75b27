using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class LinkerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void EM_on_a_histogram_of_vectors_gives_the_same_model_as_EM_on_the_pairs()
    {
        // Three binary fields, vectors repeated: grouping by hand must not change what EM learns.
        byte[][] levels = [[2, 2, 1, 2, 1, 1, 2, 2], [2, 2, 1, 1, 1, 2, 2, 1], [2, 1, 1, 2, 1, 1, 2, 2]];
        var start = new FellegiSunterModel(0.3, [[0, 0.4, 0.6], [0, 0.4, 0.6], [0, 0.4, 0.6]], [[0, 0.6, 0.4], [0, 0.6, 0.4], [0, 0.6, 0.4]]);
        var onPairs = ExpectationMaximisation.Train(levels, start);
        var histogram = new Dictionary<(byte, byte, byte), double>();
        for (var p = 0; p < 8; p++)
        {
            var key = (levels[0][p], levels[1][p], levels[2][p]);
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
        }
        var patterns = histogram.Keys.SelectMany(k => new[] { k.Item1, k.Item2, k.Item3 }).ToArray();
        var onHistogram = ExpectationMaximisation.TrainOnDistinct(patterns, histogram.Values.ToArray(), start);
        Assert.Equal(onPairs.Iterations, onHistogram.Iterations);
        Assert.Equal(onPairs.Model.Prior, onHistogram.Model.Prior, 12);
        for (var f = 0; f < 3; f++)
        {
            for (var level = 1; level < 3; level++)
            {
                Assert.Equal(onPairs.Model.M(f, level), onHistogram.Model.M(f, level), 12);
                Assert.Equal(onPairs.Model.U(f, level), onHistogram.Model.U(f, level), 12);
            }
        }
    }

    [Fact]
    public void M_and_u_from_labels_are_the_level_shares_among_labelled_matches_and_non_matches()
    {
        // Hand count: matches have levels 2, 2, 1 (m = 1/3, 2/3); non-matches 1, 1, 1, 2 (u = 3/4, 1/4); λ = 3/7.
        byte[][] levels = [[2, 2, 1, 1, 1, 1, 2]];
        bool[] isMatch = [true, true, true, false, false, false, false];
        var model = LabelledEstimation.FromLabels(levels, isMatch, [3]);
        Assert.Equal(1.0 / 3, model.M(0, 1), 12);
        Assert.Equal(2.0 / 3, model.M(0, 2), 12);
        Assert.Equal(3.0 / 4, model.U(0, 1), 12);
        Assert.Equal(1.0 / 4, model.U(0, 2), 12);
        Assert.Equal(3.0 / 7, model.Prior, 12);
        Assert.Throws<ArgumentException>(() => LabelledEstimation.FromLabels(levels, [true, true, true, true, true, true, true], [3]));
    }

    [Fact]
    public void The_prior_from_a_deterministic_rule_is_its_pairs_over_recall_over_all_pairs()
    {
        // Five records, 10 possible pairs; the rule's keys pair records 0 and 1 only: 1 / 0.5 / 10 = 0.2.
        string?[] keys = ["x", "x", "y", "z", null];
        Assert.Equal(0.2, LabelledEstimation.PriorFromDeterministicRules([keys], recall: 0.5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelledEstimation.PriorFromDeterministicRules([keys], recall: 0));
    }

    [Fact]
    public void Agreeing_on_a_rare_surname_weighs_more_than_agreeing_on_a_common_one()
    {
        // 50 Smiths, 2 Zyxes and 48 others; with term frequencies on, exact agreement gains log2(u_exact / tf(value)).
        var surnames = Enumerable.Repeat("smith", 50).Concat(["zyx", "zyx"]).Concat(Enumerable.Range(0, 48).Select(i => $"name{i:D2}")).ToArray();
        var fields = new[] { new FieldComparison("surname", ComparisonKind.Name, TermFrequency: true) };
        var records = LinkageRecords.Encode(fields, [surnames]);
        var model = new FellegiSunterModel(0.01, [[0, 0.1, 0.1, 0.1, 0.1, 0.6]], [[0, 0.9, 0.04, 0.03, 0.02, 0.01]]);
        var linker = new Linker(records, new LinkageSettings(fields, [BlockingRule.Parse("surname")], Model: model));
        var common = linker.Explain(0, 1).Fields[0];
        var rare = linker.Explain(50, 51).Fields[0];
        Assert.Equal(Math.Log2(0.01 / (50 / 100.0)), common.TermFrequencyWeight, 12);
        Assert.Equal(Math.Log2(0.01 / (2 / 100.0)), rare.TermFrequencyWeight, 12);
        Assert.Equal(common.Weight, rare.Weight);
        Assert.True(linker.Explain(50, 51).MatchWeight > linker.Explain(0, 1).MatchWeight);
    }

    [Fact]
    public void A_pair_explanation_adds_up_to_the_match_weight_it_was_scored_with()
    {
        var (fields, columns) = Febrl1Columns();
        var records = LinkageRecords.Encode(fields, columns);
        var linker = new Linker(records, new LinkageSettings(fields, new[] { "surname:3", "postcode", "date_of_birth" }.Select(BlockingRule.Parse).ToArray()));
        var result = linker.Run();
        Assert.True(result.Left.Length > 400);
        for (var k = 0; k < result.Left.Length; k++)
        {
            var explanation = linker.Explain(result.Left[k], result.Right[k]);
            var sum = explanation.PriorWeight + explanation.Fields.Sum(f => f.Weight + f.TermFrequencyWeight);
            Assert.Equal(result.MatchWeight[k], sum, 9);
            Assert.Equal(result.MatchWeight[k], explanation.MatchWeight, 9);
        }
    }

    [Fact]
    public void The_union_of_rules_scores_each_candidate_pair_once()
    {
        var (fields, columns) = Febrl1Columns();
        var records = LinkageRecords.Encode(fields, columns);
        var rules = new[] { "surname:3", "postcode", "date_of_birth" }.Select(BlockingRule.Parse).ToArray();
        var result = new Linker(records, new LinkageSettings(fields, rules, Threshold: 0.9, KeepAbove: 0)).Run();
        var expected = Blocking.CountUnion(rules.Select(r => (IReadOnlyList<string?>)r.Keys(records)).ToArray());
        Assert.Equal(expected, result.Figures.CandidatePairs);
        Assert.Equal(expected, result.Left.Length);
        Assert.Equal(result.Left.Length, result.Left.Zip(result.Right).Distinct().Count());
        Assert.All(result.Left.Zip(result.Right), p => Assert.True(p.First < p.Second));
    }

    [Fact]
    public void Link_mode_compares_only_records_of_different_sources()
    {
        string?[] names = ["jan", "jan", "jan", "jan", "piet"];
        string?[] sources = ["a", "a", "b", "b", "b"];
        var fields = new[] { new FieldComparison("name", ComparisonKind.Name) };
        var records = LinkageRecords.Encode(fields, [names], sources);
        var model = new FellegiSunterModel(0.5, [[0, 0.1, 0.1, 0.1, 0.1, 0.6]], [[0, 0.6, 0.1, 0.1, 0.1, 0.1]]);
        var result = new Linker(records, new LinkageSettings(fields, [BlockingRule.Parse("name")], KeepAbove: 0, LinkOnly: true, Model: model)).Run();
        // jan-a × jan-b: 2 × 2 = 4 pairs; the two pairs inside a source are not compared.
        Assert.Equal(4, result.Left.Length);
        Assert.All(result.Left.Zip(result.Right), p => Assert.NotEqual(sources[p.First], sources[p.Second]));
    }

    [Fact]
    public void Fields_whose_agreement_another_implies_are_found_among_random_pairs()
    {
        // Town follows postcode exactly (20 postcodes, each with its own town); surname, year and given name are
        // independent. (Five fields: a random pair agreeing on more than half of them is taken for a true match.)
        var random = new Random(4);
        var postcode = Enumerable.Range(0, 2000).Select(_ => random.Next(20)).ToArray();
        var town = postcode.Select(p => p + 100).ToArray();
        var surname = Enumerable.Range(0, 2000).Select(_ => random.Next(500)).ToArray();
        var year = Enumerable.Range(0, 2000).Select(_ => random.Next(60)).ToArray();
        var given = Enumerable.Range(0, 2000).Select(_ => random.Next(100)).ToArray();
        var left = Enumerable.Range(0, 20000).Select(_ => random.Next(2000)).ToArray();
        var right = left.Select(l => (l + 1 + random.Next(1999)) % 2000).ToArray();
        var implied = AgreementDependence.Implied([postcode, town, surname, year, given], left, right);
        Assert.True(implied[0][1]);
        Assert.True(implied[1][0]);
        Assert.False(implied[0][2]);
        Assert.False(implied[2][0]);
    }

    [Fact]
    public void A_blocking_rule_that_does_not_parse_names_the_bad_term()
    {
        var rule = BlockingRule.Parse("surname:3 & postcode");
        Assert.Equal([new BlockingTerm("surname", 3), new BlockingTerm("postcode")], rule.Terms);
        Assert.Equal("surname:3 & postcode", rule.ToString());
        var error = Assert.Throws<FormatException>(() => BlockingRule.Parse("surname:x & postcode"));
        Assert.Contains("'surname:x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_inference_reads_columns_by_their_names_and_leaves_out_the_ground_truth()
    {
        var path = Path.Combine(SharedData.Folder(), "linkage", "splink", "fake_1000.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var columns = header.Select((h, c) => (h, (IReadOnlyList<string?>)rows.Select(r => r[c].Length == 0 ? null : r[c]).ToArray()))
            .Where(x => x.h != "unique_id").ToList();
        var inferred = SettingsInference.Infer(columns);
        var kinds = inferred.Fields.ToDictionary(f => f.Column, f => f.Kind);
        Assert.Equal(ComparisonKind.GivenName, kinds["first_name"]);
        Assert.Equal(ComparisonKind.Name, kinds["surname"]);
        Assert.Equal(ComparisonKind.Date, kinds["dob"]);
        Assert.False(kinds.ContainsKey("cluster"));
        Assert.Contains(inferred.Reasons, r => r.StartsWith("cluster: left out", StringComparison.Ordinal));
        Assert.NotEmpty(inferred.Blocking);
        Assert.All(inferred.Blocking, rule => Assert.Contains(inferred.Reasons, r => r.StartsWith($"blocking on {rule}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_model_trained_from_clerical_labels_scores_fake_1000_about_as_well_as_EM()
    {
        // Splink's fake_1000 with its clerical labels (fake_1000_labels.csv: 2,031 pairs at 1.0, 1,145 at 0.0): m and u
        // from the labelled pairs' levels, the prior from the EM run; the clusters must be as good as EM's (measured:
        // EM precision 0.9823 recall 0.8178; labels 0.9971 / 0.8577 on 2026-11-23).
        var folder = Path.Combine(SharedData.Folder(), "linkage", "splink");
        var settingsFile = Waterline.Tests.Linkage.LinkageBenchmarkTests.Samples("fake_1000.json");
        var em = await Waterline.Linkage.LinkCsvFile.RunAsync(new(Path.Combine(folder, "fake_1000.csv"), "unique_id", settingsFile), null, CancellationToken.None);
        var index = em.Ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var labels = File.ReadAllLines(Path.Combine(folder, "fake_1000_labels.csv")).Skip(1).Select(l => l.Split(','))
            .Select(p => (Left: index[p[0]], Right: index[p[2]], Match: double.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture) >= 0.5)).ToArray();
        var fieldCount = em.Linkage.Model.FieldCount;
        var levels = Enumerable.Range(0, fieldCount).Select(_ => new byte[labels.Length]).ToArray();
        for (var k = 0; k < labels.Length; k++)
        {
            var explanation = em.Linker.Explain(labels[k].Left, labels[k].Right);
            for (var f = 0; f < fieldCount; f++)
                levels[f][k] = explanation.Fields[f].Level;
        }
        var fromLabels = LabelledEstimation.FromLabels(levels, labels.Select(l => l.Match).ToArray(),
            Enumerable.Range(0, fieldCount).Select(em.Linkage.Model.LevelCount).ToArray(), prior: em.Linkage.Model.Prior);
        var settings = em.Settings.ToSettings() with { Model = fromLabels };
        var truth = Waterline.Tests.Linkage.LinkageBenchmarkTests.ReadTruth(Path.Combine(folder, "fake_1000.csv"), "unique_id", "cluster", em.Ids);
        var emQuality = LinkageQuality.Pairwise(em.Linkage.ClusterIds, truth);
        var columns = ReadColumns(Path.Combine(folder, "fake_1000.csv"), settings.Fields.Select(f => f.Column).ToArray());
        var labelled = new Linker(LinkageRecords.Encode(settings.Fields, columns), settings).Run();
        var labelledQuality = LinkageQuality.Pairwise(labelled.ClusterIds, truth);
        output.WriteLine($"EM {emQuality.Precision:0.0000} / {emQuality.Recall:0.0000}; labels {labelledQuality.Precision:0.0000} / {labelledQuality.Recall:0.0000}");
        Assert.True(labelledQuality.F1 >= emQuality.F1 - 0.01, $"labels F1 {labelledQuality.F1:0.0000}, EM F1 {emQuality.F1:0.0000}");
        Assert.True(labelledQuality.Precision >= 0.98, $"labels precision {labelledQuality.Precision:0.0000}");
    }

    private static IReadOnlyList<string?>[] ReadColumns(string path, string[] names)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return names.Select(n => Array.IndexOf(header, n)).Select(c => (IReadOnlyList<string?>)rows.Select(r => r[c].Length == 0 ? null : r[c]).ToArray()).ToArray();
    }

    private static (FieldComparison[] Fields, IReadOnlyList<string?>[] Columns) Febrl1Columns()
    {
        var data = FebrlDataset1.Read();
        var fields = new[]
        {
            new FieldComparison("given_name", ComparisonKind.GivenName, TermFrequency: true),
            new FieldComparison("surname", ComparisonKind.Name, TermFrequency: true),
            new FieldComparison("postcode", ComparisonKind.Code, TermFrequency: true),
            new FieldComparison("date_of_birth", ComparisonKind.Date),
            new FieldComparison("soc_sec_id", ComparisonKind.Code),
        };
        return (fields, fields.Select(f => (IReadOnlyList<string?>)data[f.Column].Select(v => v.Length == 0 ? null : v).ToArray()).ToArray());
    }
}
