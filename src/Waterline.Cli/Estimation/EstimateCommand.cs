using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterline.Analytics.Estimation;
using Waterline.Estimation;

namespace Waterline.Cli.Estimation;

/// <summary><c>waterline estimate</c>: multiple-systems estimation on a capture-history CSV, no database needed (docs/estimation.md).
/// The JSON lists every model fitted and the model each rule selects. Exit code 0 on success, 2 when the input is refused.</summary>
public static class EstimateCommand
{
    public const int Refused = 2;

    public static Command Create()
    {
        var table = new Option<FileInfo>("--table") { Required = true, Description = "CSV: one 0/1 column per list, then count (or n1,n2,m)." };
        var model = new Option<string>("--model")
        {
            Description = "auto|aic|bic|stepwise or terms like \"A:B,B:C\" (add \"Darroch\" for heterogeneity). auto = stepwise.",
            DefaultValueFactory = _ => "auto",
        };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The JSON file to write." };
        var threeWay = new Option<bool>("--three-way") { Description = "Also enumerate hierarchical models with three-way terms." };
        var command = new Command("estimate", "Estimate the dark number (unseen count) from overlapping lists: log-linear capture-recapture.");
        foreach (var option in new Option[] { table, model, output, threeWay })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(table)!.FullName, parse.GetValue(model)!,
            parse.GetValue(output)!.FullName, parse.GetValue(threeWay), Console.Error, ct));
        return command;
    }

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(string tablePath, string model, string outputPath, bool threeWay, TextWriter log, CancellationToken ct)
    {
        CaptureTable table;
        LogLinearModel? chosenModel = null;
        try
        {
            table = CaptureTableFile.Read(tablePath);
            if (model is not ("auto" or "aic" or "bic" or "stepwise"))
                chosenModel = LogLinearModel.Parse(model, table);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or FileNotFoundException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        var comparison = ModelSelection.Compare(table, threeWay: threeWay, progress: new FittingProgress(log));
        var chosen = model switch
        {
            "aic" => comparison.BestAic,
            "bic" => comparison.BestBic,
            "auto" or "stepwise" => comparison.Stepwise,
            _ => comparison.Models.FirstOrDefault(m => m.Model.Equals(chosenModel)) ?? chosenModel!.Fit(table),
        };
        var json = new JsonObject
        {
            ["lists"] = new JsonArray([.. table.Lists.Select(l => JsonValue.Create(l))]),
            ["observed"] = table.Observed,
            ["histories"] = Histories(table),
            ["rule"] = model,
            ["chosen"] = chosen is null ? null : Describe(chosen),
            ["selected"] = new JsonObject
            {
                ["aic"] = comparison.BestAic?.Label,
                ["bic"] = comparison.BestBic?.Label,
                ["stepwise"] = comparison.Stepwise?.Label,
                ["stepwise_path"] = new JsonArray([.. comparison.StepwisePath.Select(s => new JsonObject { ["added"] = s.Interaction, ["p_value"] = s.PValue, ["model"] = s.Model })]),
            },
            ["chao_lower_bound"] = ChaoNode(table),
            ["models"] = new JsonArray([.. comparison.Models.Select(Describe)]),
            ["notes"] = new JsonArray([.. comparison.Notes.Select(n => JsonValue.Create(n))]),
            ["assumptions"] = "Closed population over the period; lists independent given the modelled interactions; every case equally catchable within a list (or heterogeneity modelled). See docs/estimation.md.",
        };
        if (table.ListCount == 2)
        {
            double n1 = table.Overlap(table.Bit(0)), n2 = table.Overlap(table.Bit(1)), m = table.Overlap(table.Bit(0) | table.Bit(1));
            json["two_list"] = new JsonArray(
                m > 0 ? JsonSerializer.SerializeToNode(TwoList.LincolnPetersen(n1, n2, m)) : null,
                JsonSerializer.SerializeToNode(TwoList.Chapman(n1, n2, m)));
        }
        await File.WriteAllTextAsync(outputPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }), ct);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.ListCount} lists, {table.Observed:0} cases seen, {comparison.Models.Count} models fitted"));
        foreach (var note in comparison.Notes)
            await log.WriteLineAsync(note);
        await log.WriteLineAsync(chosen is null
            ? $"{model}: no model gives an estimate."
            : chosen.HasEstimate
                ? string.Create(CultureInfo.InvariantCulture, $"{model}: {chosen.Label}: total {chosen.Total:0} (unseen {chosen.Unseen:0}), 95% profile interval {chosen.Interval!.Lower:0} to {chosen.Interval.Upper:0}")
                : $"{model}: {chosen.Label}: no estimate: {chosen.Reason}");
        await log.WriteLineAsync($"wrote {outputPath}");
        return 0;
    }

    private static JsonObject Describe(LogLinearEstimate e) => new()
    {
        ["model"] = e.Label,
        ["terms"] = new JsonArray([.. e.Terms.Select(t => JsonValue.Create(t))]),
        ["status"] = e.Status.ToString(),
        ["reason"] = e.Reason,
        ["deviance"] = Finite(e.Deviance),
        ["df"] = e.DegreesOfFreedom,
        ["parameters"] = e.Parameters,
        ["aic"] = Finite(e.Aic),
        ["bic"] = Finite(e.Bic),
        ["unseen"] = Finite(e.Unseen),
        ["total"] = Finite(e.Total),
        ["standard_error"] = Finite(e.StandardError),
        ["interval_95"] = e.Interval is { } i
            ? new JsonObject
            {
                ["lower"] = Finite(i.Lower), ["upper"] = Finite(i.Upper), ["lower_at_observed"] = i.LowerAtObserved,
                ["upper_unbounded"] = double.IsPositiveInfinity(i.Upper),
                ["note"] = double.IsNaN(i.Lower) || double.IsNaN(i.Upper)
                    ? "a bound could not be located: the profile likelihood is not monotone there; treat that side as unknown" : null,
            }
            : null,
    };

    private static JsonObject ChaoNode(CaptureTable table)
    {
        var c = ChaoLowerBound.Estimate(table);
        return new JsonObject { ["total"] = c.Total, ["standard_error"] = c.StandardError, ["lower"] = c.Lower, ["upper"] = c.Upper, ["f1"] = c.F1, ["f2"] = c.F2, ["bias_corrected"] = c.BiasCorrected };
    }

    private static JsonArray Histories(CaptureTable table) =>
        new([.. Enumerable.Range(1, table.CellCount).Select(h => new JsonObject
        {
            ["history"] = string.Concat(Enumerable.Range(0, table.ListCount).Select(i => table.OnList(h, i) ? '1' : '0')),
            ["count"] = table.Count(h),
        })]);

    // JSON has no NaN: a missing number is null, and the status/reason say why.
    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    // At most one line a second: a 5-list table has about a thousand models, each with a profile interval.
    private sealed class FittingProgress(TextWriter log) : IProgress<(int Fitted, int Total)>
    {
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan last;

        public void Report((int Fitted, int Total) value)
        {
            lock (clock)
            {
                if (clock.Elapsed - last < TimeSpan.FromSeconds(1) && value.Fitted < value.Total)
                    return;
                last = clock.Elapsed;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fitted {value.Fitted:N0} of {value.Total:N0} models"));
            }
        }
    }
}
