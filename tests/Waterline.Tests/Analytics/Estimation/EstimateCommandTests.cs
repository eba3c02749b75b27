using System.Text.Json;
using Waterline.Cli.Estimation;

namespace Waterline.Tests.Analytics.Estimation;

public class EstimateCommandTests
{
    private static string Mse(string file) => Path.Combine(SharedData.Folder(), "stats", "mse", file);

    [Fact]
    public async Task Estimate_writes_every_model_and_each_rules_choice()
    {
        var output = Path.GetTempFileName();
        var log = new StringWriter();
        var code = await EstimateCommand.RunAsync(Mse("korea_palembang.csv"), "auto", output, false, log, CancellationToken.None);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var models = json.RootElement.GetProperty("models");
        Assert.Equal(8, models.GetArrayLength());
        Assert.Contains(models.EnumerateArray(), m => m.GetProperty("status").GetString() == "Diverges" && m.GetProperty("total").ValueKind == JsonValueKind.Null);
        Assert.Equal("B:C,C:D", json.RootElement.GetProperty("selected").GetProperty("stepwise").GetString());
        Assert.Equal(157, Math.Round(json.RootElement.GetProperty("chosen").GetProperty("total").GetDouble()));
        File.Delete(output);
    }

    [Fact]
    public async Task Estimate_on_the_five_list_UK_table_fits_all_1024_models_and_reports_the_published_estimate()
    {
        // Silverman (2014), Home Office: 11,313 (about 10,000-13,000). Four of the 1,024 models have a bound that cannot be
        // located; they must say so rather than stop the run (the root finder once threw there).
        var output = Path.GetTempFileName();
        var log = new StringWriter();
        var code = await EstimateCommand.RunAsync(Mse("uk_modern_slavery2013_5lists.csv"), "stepwise", output, false, log, CancellationToken.None);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(1024, json.RootElement.GetProperty("models").GetArrayLength());
        Assert.Equal(11313, Math.Round(json.RootElement.GetProperty("chosen").GetProperty("total").GetDouble()));
        Assert.Contains("fitted 1,024 of 1,024 models", log.ToString(), StringComparison.Ordinal);
        Assert.All(json.RootElement.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("interval_95").ValueKind == JsonValueKind.Object),
            m =>
            {
                var interval = m.GetProperty("interval_95");
                var missing = interval.GetProperty("lower").ValueKind == JsonValueKind.Null
                    || (interval.GetProperty("upper").ValueKind == JsonValueKind.Null && !interval.GetProperty("upper_unbounded").GetBoolean());
                Assert.Equal(missing, interval.TryGetProperty("note", out var note) && note.ValueKind == JsonValueKind.String);
            });
        File.Delete(output);
    }

    [Fact]
    public async Task Estimate_refuses_a_bad_cell_naming_row_and_column_with_exit_code_2()
    {
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, "A,B,C,count\n1,1,1,3\n1,x,0,2\n");
        var log = new StringWriter();
        var code = await EstimateCommand.RunAsync(input, "auto", Path.GetTempFileName(), false, log, CancellationToken.None);
        Assert.Equal(EstimateCommand.Refused, code);
        Assert.Contains("row 3, column 'B'", log.ToString());
        File.Delete(input);
    }

    [Fact]
    public async Task Estimate_refuses_a_model_term_naming_an_unknown_list()
    {
        var log = new StringWriter();
        var code = await EstimateCommand.RunAsync(Mse("kosovo_killings1999.csv"), "EXH:ABA,Q:R", Path.GetTempFileName(), false, log, CancellationToken.None);
        Assert.Equal(EstimateCommand.Refused, code);
        Assert.Contains("'Q' is not a list", log.ToString());
    }
}
