using System.Globalization;
using System.Text.Json.Nodes;
using Waterline.Cli.Displacement;

namespace Waterline.Tests.Displacement;

public sealed class DisplacementCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("waterline-displacement-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // A planted shift: NL falls from 60 to 30 a year while BE rises from 30 to 60, the total staying at 90 (no noise).
    private string ShiftFile()
    {
        var path = Path.Combine(folder, "series.csv");
        var lines = new List<string> { "area,period,value" };
        for (var year = 2010; year <= 2021; year++)
        {
            var k = year - 2010;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"NL,{year},{60 - 30 * k / 11}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"BE,{year},{90 - (60 - 30 * k / 11)}"));
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    private static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    [Fact]
    public async Task A_good_series_file_is_classified_per_window_with_each_statistic_and_its_p_value()
    {
        var output = Path.Combine(folder, "out.json");
        var log = new StringWriter();
        var code = await DisplacementCommand.RunAsync(ShiftFile(), null, ["2010:2021", "2010:2013"], null, output, log, CancellationToken.None);
        Assert.Equal(0, code);
        var json = Read(output);
        var whole = json["windows"]![0]!;
        Assert.Equal("shift", (string?)whole["classification"]);
        Assert.Equal("NL", (string?)whole["direction"]!["from"]![0]);
        Assert.Equal("BE", (string?)whole["direction"]!["to"]![0]);
        Assert.Equal(12, (int)whole["periods"]!);
        Assert.True((double)whole["total"]!["p_value"]! > 0.05);
        var nl = whole["areas"]![0]!;
        Assert.Equal("NL", (string?)nl["area"]);
        Assert.True((double)nl["share_trend"]!["p_value"]! < 0.05);
        Assert.True((double)nl["share_trend"]!["upper"]! < 0);
        Assert.NotNull(nl["mann_kendall"]!["p_value"]);
        // Four years of a slow shift are too few to see it: not a shift, and said so.
        var early = json["windows"]![1]!;
        Assert.Equal(4, (int)early["periods"]!);
        Assert.Equal("cannot-tell", (string?)early["classification"]);
        Assert.Contains("2010:2021: shift (from NL to BE)", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_period_is_refused_and_the_message_names_its_row_and_column()
    {
        var input = Path.Combine(folder, "bad.csv");
        await File.WriteAllLinesAsync(input, ["area,period,value", "NL,2019,4", "BE,2019,5", "NL,2019/07,3"]);
        var log = new StringWriter();
        var output = Path.Combine(folder, "out.json");
        var code = await DisplacementCommand.RunAsync(input, null, [], null, output, log, CancellationToken.None);
        Assert.Equal(DisplacementCommand.Refused, code);
        Assert.Contains("row 4, column 'period': '2019/07' is neither a year", log.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_count_that_is_not_a_whole_number_and_a_repeated_period_are_refused_with_their_rows()
    {
        var input = Path.Combine(folder, "bad.csv");
        await File.WriteAllLinesAsync(input, ["area,period,value", "NL,2019,4.5"]);
        var log = new StringWriter();
        Assert.Equal(DisplacementCommand.Refused, await DisplacementCommand.RunAsync(input, null, [], null, Path.Combine(folder, "o.json"), log, CancellationToken.None));
        Assert.Contains("row 2, column 'value': 4.5 is not a count", log.ToString(), StringComparison.Ordinal);
        await File.WriteAllLinesAsync(input, ["area,period,value", "NL,2019,4", "NL,2019,5"]);
        log = new StringWriter();
        Assert.Equal(DisplacementCommand.Refused, await DisplacementCommand.RunAsync(input, null, [], null, Path.Combine(folder, "o.json"), log, CancellationToken.None));
        Assert.Contains("row 3: area 'NL' period 2019 already appears on row 2", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_intervention_gives_a_segmented_regression_per_area_and_the_difference_in_differences()
    {
        // Monthly, 2018-01 to 2020-12; from 2019-07 BE (the neighbour) runs at twice its former level, NL unchanged.
        var input = Path.Combine(folder, "monthly.csv");
        var random = new Random(5);
        var lines = new List<string> { "area,period,value" };
        for (var m = 0; m < 36; m++)
        {
            var period = $"{2018 + m / 12}-{m % 12 + 1:D2}";
            lines.Add($"NL,{period},{MathNet.Numerics.Distributions.Poisson.Sample(random, 40)}");
            lines.Add($"BE,{period},{MathNet.Numerics.Distributions.Poisson.Sample(random, m >= 18 ? 60 : 30)}");
        }
        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(folder, "out.json");
        var code = await DisplacementCommand.RunAsync(input, null, [], "2019-07", output, TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, code);
        var intervention = Read(output)["windows"]![0]!["intervention"]!;
        var segmented = intervention["segmented"]!.AsArray();
        var be = segmented.Single(s => (string?)s!["area"] == "BE")!;
        Assert.Equal(18, (int)be["periods_before"]!);
        Assert.True((double)be["level_change"]!["p_value"]! < 0.05);
        Assert.InRange((double)be["level_change"]!["ratio"]!, 1.5, 2.7);
        var nl = segmented.Single(s => (string?)s!["area"] == "NL")!;
        Assert.True((double)nl["level_change"]!["p_value"]! > 0.01);
        var did = intervention["difference_in_differences"]!.AsArray().Single(d => (string?)d!["treated"] == "BE")!;
        Assert.Equal("NL", (string?)did["comparison"]);
        Assert.InRange((double)did["effect"]!["ratio"]!, 1.6, 2.5);
        Assert.True((double)did["effect"]!["p_value"]! < 0.001);
    }

    [Fact]
    public async Task An_effort_file_missing_a_period_is_refused_and_names_the_area_and_period()
    {
        var effort = Path.Combine(folder, "effort.csv");
        await File.WriteAllLinesAsync(effort, ["area,period,value", "NL,2010,1", "BE,2010,1"]);
        var log = new StringWriter();
        var code = await DisplacementCommand.RunAsync(ShiftFile(), effort, [], null, Path.Combine(folder, "o.json"), log, CancellationToken.None);
        Assert.Equal(DisplacementCommand.Refused, code);
        Assert.Contains("--effort: area 'NL' has no effort for period 2011", log.ToString(), StringComparison.Ordinal);
    }
}
