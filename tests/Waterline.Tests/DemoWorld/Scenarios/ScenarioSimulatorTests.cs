using System.Globalization;
using System.Text;
using Waterline.Analytics.Displacement;
using Waterline.Analytics.Estimation;
using Waterline.Cli.DemoWorld;
using Waterline.DemoWorld.Scenarios;
using Waterline.Displacement;
using Xunit.Abstractions;

namespace Waterline.Tests.DemoWorld.Scenarios;

/// <summary>The simulator against its own planted truth (the scenario files in src/Waterline/DemoWorld/Scenarios): the
/// classification of every labelled window, its accuracy over many seeds (the table in docs/displacement.md, "Scenarios with
/// known truth"), the waterbed difference in differences, the dark number, determinism and refused files.</summary>
public class ScenarioSimulatorTests(ITestOutputHelper output)
{
    private const int FixedSeed = 1;
    private const int Seeds = 100;

    [Fact]
    public void At_least_eight_scenarios_ship_and_each_loads_with_labelled_windows_and_a_description()
    {
        Assert.True(ScenarioFile.BuiltIn.Count >= 8, string.Join(", ", ScenarioFile.BuiltIn));
        foreach (var name in ScenarioFile.BuiltIn)
        {
            var scenario = ScenarioFile.Load(name);
            Assert.Equal(name, scenario.Name);
            Assert.NotEmpty(scenario.Episodes ?? []);
            Assert.True(scenario.Description.Length > 200, $"{name}: the description should state the assumptions behind the sizes");
        }
    }

    [Theory, MemberData(nameof(ScenarioWorlds.Names), MemberType = typeof(ScenarioWorlds))]
    public void Each_labelled_window_is_classified_as_planted_at_a_fixed_seed(string name)
    {
        var scenario = ScenarioFile.Load(name);
        var world = ScenarioSimulator.Simulate(scenario, FixedSeed);
        foreach (var (episode, verdict) in ScenarioWorlds.Classify(world, scenario.AnalystHasEffort))
        {
            output.WriteLine($"{episode.From}:{episode.To} truth {episode.Class}: {ScenarioWorlds.ClassName(verdict.Class)} " +
                $"from [{string.Join(",", verdict.From)}] to [{string.Join(",", verdict.To)}]. {verdict.Reason}");
            Assert.True(ScenarioWorlds.AsPlanted(episode, verdict),
                $"{name} {episode.From}:{episode.To}: truth {episode.Class} [{string.Join(",", episode.FromAreas ?? [])}]->[{string.Join(",", episode.ToAreas ?? [])}], " +
                $"verdict {verdict.Class} [{string.Join(",", verdict.From)}]->[{string.Join(",", verdict.To)}]: {verdict.Reason}");
        }
    }

    /// <summary>Floors per (scenario, window, effort given): the share classified as planted (class and areas) over
    /// <see cref="Seeds"/> seeds must reach it. Set a little below what was measured with the multiplicity gate and seasonal adjustment (docs/displacement.md).</summary>
    private static readonly Dictionary<string, int> Floors = new()
    {
        ["cannabis-cultivation-expansion 2005:2016"] = 85,
        ["cannabis-retail-shift 2006:2011"] = 90,
        ["cannabis-retail-shift 2006:2019"] = 85,
        ["cocaine-middle-market-expansion 2010:2021"] = 85,
        ["cocaine-retail-shift 2015-01:2020-12"] = 78,
        ["effort-only-nl-decline 2012:2023"] = 88,
        ["no-change 2010:2021"] = 88,
        ["synthetic-production-expansion 2010:2021"] = 78,
        ["waterbed-port-crackdown 2017-01:2019-12"] = 84,
        ["waterbed-port-crackdown 2017-01:2022-12"] = 70,
    };

    [Fact]
    public void Over_a_hundred_seeds_per_scenario_most_labelled_windows_are_classified_as_planted()
    {
        var classes = new[] { "shift", "expansion", "contraction", "stable", "cannot-tell" };
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Classified over {Seeds} seeds per scenario (seeds 1-{Seeds}), α = 0.05:");
        table.AppendLine();
        table.AppendLine("| scenario | window | effort given | truth | as planted | " + string.Join(" | ", classes) + " |");
        table.AppendLine("|---|---|---|---|---|" + string.Concat(classes.Select(_ => "---|")));
        var failures = new List<string>();
        foreach (var name in ScenarioFile.BuiltIn)
        {
            var scenario = ScenarioFile.Load(name);
            // Scenarios whose analyst has the effort series are also read without it: what ignoring effort costs.
            foreach (var withEffort in scenario.AnalystHasEffort ? new[] { true, false } : [false])
            {
                var episodes = scenario.Episodes!;
                var planted = new int[episodes.Length];
                var tally = episodes.Select(_ => classes.ToDictionary(c => c, _ => 0)).ToArray();
                // Seeds are independent and the classifier is pure: run them on all cores, tally in seed order.
                var verdicts = new (ScenarioEpisode Episode, DisplacementClassification Verdict)[Seeds][];
                Parallel.For(1, Seeds + 1, seed => verdicts[seed - 1] = ScenarioWorlds.Classify(ScenarioSimulator.Simulate(scenario, seed), withEffort));
                foreach (var run in verdicts)
                {
                    for (var e = 0; e < episodes.Length; e++)
                    {
                        tally[e][ScenarioWorlds.ClassName(run[e].Verdict.Class)]++;
                        if (ScenarioWorlds.AsPlanted(episodes[e], run[e].Verdict))
                            planted[e]++;
                    }
                }
                for (var e = 0; e < episodes.Length; e++)
                {
                    var ep = episodes[e];
                    var truth = ep.Class + (ep.FromAreas is { Length: > 0 } || ep.ToAreas is { Length: > 0 }
                        ? $" {string.Join("+", ep.FromAreas ?? [])}→{string.Join("+", ep.ToAreas ?? [])}" : "");
                    table.AppendLine(CultureInfo.InvariantCulture,
                        $"| {name} | {ep.From}:{ep.To} | {(withEffort ? "yes" : "no")} | {truth} | {planted[e]} | {string.Join(" | ", classes.Select(c => tally[e][c]))} |");
                    if (withEffort == scenario.AnalystHasEffort && Floors.TryGetValue($"{name} {ep.From}:{ep.To}", out var floor) && planted[e] < floor)
                        failures.Add($"{name} {ep.From}:{ep.To}: {planted[e]} of {Seeds} as planted, floor {floor}");
                    if (withEffort == scenario.AnalystHasEffort && !Floors.ContainsKey($"{name} {ep.From}:{ep.To}"))
                        failures.Add($"{name} {ep.From}:{ep.To}: no floor set");
                }
            }
        }
        output.WriteLine(table.ToString());
        Assert.Empty(failures);
    }

    [Fact]
    public void Where_effort_alone_halves_the_Dutch_counts_the_window_is_stable_with_the_effort_series_and_not_without()
    {
        var world = ScenarioSimulator.Simulate(ScenarioFile.Load("effort-only-nl-decline"), FixedSeed);
        var nl = Array.IndexOf(world.Areas, "NL");
        Assert.True(world.Observed[nl][^1] < 0.6 * world.Observed[nl][0], "the Dutch counts should fall by about half");
        Assert.InRange(world.TrueSize[nl][^1] / (double)world.TrueSize[nl][0], 0.85, 1.15);
        var with = ScenarioWorlds.Classify(world, withEffort: true).Single().Verdict;
        var without = ScenarioWorlds.Classify(world, withEffort: false).Single().Verdict;
        output.WriteLine($"with effort: {with.Class}; without: {without.Class} ({without.Reason})");
        Assert.Equal(DisplacementClass.Stable, with.Class);
        Assert.NotEqual(DisplacementClass.Stable, without.Class);
    }

    [Fact]
    public void Difference_in_differences_finds_the_planted_waterbed_rise_in_Antwerp_with_an_interval_covering_the_truth_in_most_seeds()
    {
        var scenario = ScenarioFile.Load("waterbed-port-crackdown");
        var crackdown = scenario.Events!.Single();
        SeriesPeriod.TryParseDate(crackdown.From, out var date);
        var runs = new (double Truth, LogRateEffect Effect)[Seeds];
        Parallel.For(1, Seeds + 1, seed =>
        {
            var world = ScenarioSimulator.Simulate(scenario, seed);
            int antwerp = Array.IndexOf(world.Areas, "BEANR"), vlissingen = Array.IndexOf(world.Areas, "NLVLI");
            // The planted rise: Antwerp's expected size after the crackdown against before, relative to Vlissingen's.
            double Ratio(int a) => world.Periods.Select((p, i) => (p, i)).Where(x => x.p.Time >= date).Average(x => world.Expected[a][x.i])
                / world.Periods.Select((p, i) => (p, i)).Where(x => x.p.Time < date).Average(x => world.Expected[a][x.i]);
            var result = ClassifySeries.Handle(new ClassifySeries.Request(world.Series(), world.EffortSeries(), [], date));
            runs[seed - 1] = (Math.Log(Ratio(antwerp) / Ratio(vlissingen)),
                result.Windows[0].Intervention!.Differences.Single(d => d.Treated == "BEANR" && d.Comparison == "NLVLI").Effect.Effect);
        });
        var truth = runs[0].Truth;
        var sum = runs.Sum(r => r.Effect.Estimate);
        var significant = runs.Count(r => r.Effect.PValue < 0.05 && r.Effect.Estimate > 0);
        var covered = runs.Count(r => r.Effect.Lower <= r.Truth && r.Truth <= r.Effect.Upper);
        output.WriteLine($"planted log ratio {truth:F4} (ratio {Math.Exp(truth):F3}, displaced fraction {crackdown.Displace!.Fraction}); " +
            $"mean estimate {sum / Seeds:F4}; significant rise in {significant}/{Seeds}; 95 % interval covers the truth in {covered}/{Seeds}");
        Assert.Equal(Math.Log(1.3), truth, 1e-9);
        // Measured on the branch: significant in 81, covered in 95 (Vlissingen, the comparison, sees about 8 a month).
        Assert.True(significant >= 70, $"significant in {significant}");
        Assert.True(covered >= 85, $"covered in {covered}");
    }

    private (double Coverage, double MeanTotal, double Truth) DarkNumber(Scenario scenario, int runs)
    {
        int covered = 0;
        double sum = 0, truth = 0;
        for (var seed = 1; seed <= runs; seed++)
        {
            var world = ScenarioSimulator.Simulate(scenario, seed);
            var nl = Array.IndexOf(world.Areas, "NL");
            var fit = LogLinearModel.Independence.Fit(world.Captures(nl, 0));
            Assert.True(fit.HasEstimate, fit.Reason);
            sum += fit.Total;
            truth += world.TrueSize[nl][0];
            if (fit.Interval!.Lower <= world.TrueSize[nl][0] && world.TrueSize[nl][0] <= fit.Interval.Upper)
                covered++;
        }
        return (covered / (double)runs, sum / runs, truth / runs);
    }

    [Fact]
    public void The_capture_histories_give_dark_number_intervals_that_cover_the_true_size_near_nominally_with_independent_sources()
    {
        // Three independent sources (police, grid operator, precursor reports), Dutch labs in 2010: about 400.
        var scenario = ScenarioFile.Load("synthetic-production-expansion");
        var (coverage, mean, truth) = DarkNumber(scenario, 200);
        output.WriteLine($"independent sources: 95 % profile interval covers the true size in {coverage:P1}; mean estimate {mean:F1}, mean truth {truth:F1}");
        Assert.InRange(coverage, 0.90, 0.99);
        // About 150 labs seen of 400: the log-linear estimate is biased upwards at such sizes (measured +8 %).
        Assert.InRange(mean / truth, 0.95, 1.12);
    }

    [Fact]
    public void With_positively_dependent_sources_the_independence_model_underestimates_and_its_intervals_miss()
    {
        // Dependence 0.6: half the labs are found with 1.6 times, half with 0.4 times the probability by every source.
        var scenario = ScenarioFile.Load("synthetic-production-expansion") with { Dependence = 0.6 };
        var (coverage, mean, truth) = DarkNumber(scenario, 200);
        output.WriteLine($"dependent sources (d = 0.6): coverage {coverage:P1}; mean estimate {mean:F1}, mean truth {truth:F1}");
        Assert.True(coverage < 0.6, $"coverage {coverage}");
        Assert.True(mean < 0.9 * truth, $"mean {mean} against {truth}");
    }

    [Fact]
    public void The_same_seed_writes_the_same_files_and_another_seed_another_world()
    {
        var root = Path.Combine(Path.GetTempPath(), $"waterline-sim-{Guid.NewGuid():N}");
        try
        {
            var scenario = ScenarioFile.Load("waterbed-port-crackdown");
            var first = ScenarioOutput.Write(ScenarioSimulator.Simulate(scenario, 42), Path.Combine(root, "a"));
            var second = ScenarioOutput.Write(ScenarioSimulator.Simulate(scenario, 42), Path.Combine(root, "b"));
            Assert.Equal(first.Count, second.Count);
            Assert.Equal(scenario.Areas.Length * 72 + 4, first.Count);
            for (var i = 0; i < first.Count; i++)
                Assert.True(File.ReadAllBytes(first[i]).SequenceEqual(File.ReadAllBytes(second[i])), $"{Path.GetFileName(first[i])} differs");
            var other = ScenarioOutput.Write(ScenarioSimulator.Simulate(scenario, 43), Path.Combine(root, "c"));
            Assert.NotEqual(File.ReadAllText(first[0]), File.ReadAllText(other[0]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_written_series_and_capture_files_read_back_through_the_displacement_and_estimation_readers()
    {
        var root = Path.Combine(Path.GetTempPath(), $"waterline-sim-{Guid.NewGuid():N}");
        try
        {
            var world = ScenarioSimulator.Simulate(ScenarioFile.Load("synthetic-production-expansion"), 5);
            ScenarioOutput.Write(world, root);
            var series = SeriesFile.Read(Path.Combine(root, ScenarioOutput.SeriesFileName), counts: true);
            Assert.Equal(world.Areas, series.Areas);
            Assert.Equal(world.Observed[1].Select(v => (double)v), series.Values[1]);
            SeriesFile.Read(Path.Combine(root, ScenarioOutput.EffortFileName), counts: false);
            var table = Waterline.Estimation.CaptureTableFile.Read(Path.Combine(root, ScenarioOutput.CapturesFolder, "BE_2015.csv"));
            Assert.Equal(["police", "grid", "precursors"], table.Lists);
            Assert.Equal(world.TrueSize[1][5] - world.Unseen(1, 5), table.Observed);
            var truth = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, ScenarioOutput.TruthFileName)))!;
            Assert.Equal("expansion", (string?)truth["episodes"]![0]!["class"]);
            Assert.Equal(world.Unseen(0, 0), (int)truth["sizes"]![0]!["unseen"]!);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private const string Valid = """
        {
          "name": "tiny", "title": "Tiny", "description": "Two flat areas.", "unit": "lab",
          "periods": { "from": "2010", "to": "2015" },
          "observation": { "kind": "production-site", "market": "cannabis", "echelon": "production", "fields": { "site_type": "cannabis-plantation" } },
          "sources": [ { "name": "police", "followsEffort": true, "organisations": { "BE": "BE-FEDPOL", "NL": "NL-POLITIE" } } ],
          "areas": [
            { "name": "NL", "place": { "country": "NL" }, "size": { "baseline": 100 }, "effort": { "baseline": 1 }, "detection": { "police": 0.2 } },
            { "name": "BE", "place": { "country": "BE" }, "size": { "baseline": 50 }, "effort": { "baseline": 1 }, "detection": { "police": 0.2 } }
          ],
          "episodes": [ { "from": "2010", "to": "2015", "class": "stable" } ]
        }
        """;

    [Theory]
    [InlineData("\"baseline\": 50", "\"baseline\": -3", "tiny.json: $.areas[1].size.baseline: must be positive")]
    [InlineData("\"baseline\": 50", "\"baseline\": \"many\"", "tiny.json: $.areas[1].size.baseline:")]
    [InlineData("\"unit\": \"lab\",", "\"unit\": \"lab\", \"colour\": 3,", "tiny.json: $.colour:")]
    [InlineData("\"title\": \"Tiny\",", "", "tiny.json: $:")]
    [InlineData("\"class\": \"stable\"", "\"class\": \"boom\"", "tiny.json: $.episodes[0].class: 'boom' is not one of")]
    [InlineData("\"detection\": { \"police\": 0.2 } }\n", "\"detection\": { \"police\": 0.2, \"grid\": 0.1 } }\n", "tiny.json: $.areas[1].detection.grid: 'grid' is not a source")]
    [InlineData("\"to\": \"2015\" }", "\"to\": \"2015-13\" }", "tiny.json: $.periods.to: '2015-13' is neither a year")]
    [InlineData("\"kind\": \"production-site\"", "\"kind\": \"plantation\"", "tiny.json: $.observation.kind: 'plantation' is not one of")]
    [InlineData("\"NL\": \"NL-POLITIE\"", "\"NL\": \"NL-FEDPOL\"", "tiny.json: $.sources[0].organisations.NL: 'NL-FEDPOL' is not a known NL organisation code")]
    public void A_bad_scenario_file_is_refused_with_the_field_named(string find, string replace, string expected)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);
        var e = Assert.Throws<FormatException>(() => ScenarioFile.Parse(json, "tiny.json"));
        output.WriteLine(e.Message);
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_valid_tiny_scenario_parses()
    {
        var scenario = ScenarioFile.Parse(Valid, "tiny.json");
        Assert.Equal(6, scenario.PeriodList().Length);
    }

    [Fact]
    public void The_command_lists_the_scenarios_writes_the_files_and_refuses_an_unknown_scenario()
    {
        var root = Path.Combine(Path.GetTempPath(), $"waterline-sim-{Guid.NewGuid():N}");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, SimulateCommand.Run(null, 1, null, list: true, stdout, stderr));
            foreach (var name in ScenarioFile.BuiltIn)
                Assert.Contains(name, stdout.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, SimulateCommand.Run("no-change", 3, root, list: false, stdout, stderr));
            foreach (var file in new[] { "series.csv", "effort.csv", "observations.csv", "truth.json", "captures/NL_2010.csv" })
                Assert.True(File.Exists(Path.Combine(root, file)), file);
            Assert.Equal(SimulateCommand.Refused, SimulateCommand.Run("no-such-world", 3, root, list: false, stdout, stderr));
            Assert.Contains("neither a file nor a built-in scenario", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }
}
