using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Waterline.Analytics.Displacement;
using Waterline.Displacement;

namespace Waterline.Cli.Displacement;

/// <summary><c>waterline displacement</c>: shift, expansion, contraction or stable per window for area series in a CSV file,
/// no database needed (docs/displacement.md, "The command"). The verdicts go to stderr, everything behind them to the JSON file.
/// Exit code 0 on success, 2 when the input is refused (the message names the row and column, or the option).</summary>
public static class DisplacementCommand
{
    public const int Refused = 2;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Command Create()
    {
        var series = new Option<FileInfo>("--series") { Required = true, Description = "CSV with area,period,value (period 2019 or 2019-07; counts)." };
        var effort = new Option<FileInfo?>("--effort") { Description = "CSV with area,period,value: enforcement effort per area and period (counts become rates)." };
        var window = new Option<string[]>("--window") { Description = "FROM:TO, inclusive, repeatable (default: all periods).", AllowMultipleArgumentsPerToken = true };
        var intervention = new Option<string?>("--intervention") { Description = "Date of an intervention (2019, 2019-07 or 2019-07-15): segmented regression and difference in differences." };
        var amounts = new Option<bool>("--amounts") { Description = "The values are amounts (tonnes, kilograms), not counts: quasi-Poisson trends." };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The JSON file to write." };
        var command = new Command("displacement", "Classify area series as shift, expansion, contraction or stable, per window (docs/displacement.md).");
        foreach (var option in new Option[] { series, effort, window, intervention, amounts, output })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(series)!.FullName, parse.GetValue(effort)?.FullName,
            parse.GetValue(window) ?? [], parse.GetValue(intervention), parse.GetValue(output)!.FullName, Console.Error, ct,
            parse.GetValue(amounts) ? SeriesMeasure.Amount : SeriesMeasure.Count));
        return command;
    }

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(string seriesPath, string? effortPath, string[] windows, string? intervention, string outputPath,
        TextWriter log, CancellationToken ct, SeriesMeasure measure = SeriesMeasure.Count)
    {
        ClassifySeries.Result result;
        try
        {
            var series = SeriesFile.Read(seriesPath, measure);
            var effort = effortPath is null ? null : SeriesFile.Read(effortPath, counts: false);
            double? date = null;
            if (intervention is not null)
                date = SeriesPeriod.TryParseDate(intervention, out var time) ? time
                    : throw new FormatException($"--intervention: '{intervention}' is not a date (2019, 2019-07 or 2019-07-15)");
            result = ClassifySeries.Handle(new ClassifySeries.Request(series, effort, [.. windows.Select(ParseWindow)], date, Measure: measure));
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        foreach (var window in result.Windows)
        {
            var c = window.Classification;
            var direction = c.From.Length + c.To.Length > 0 ? $" (from {Names(c.From)} to {Names(c.To)})" : "";
            await log.WriteLineAsync($"{window.From}:{window.To}: {Name(c.Class)}{direction}. {c.Reason}");
        }
        await File.WriteAllTextAsync(outputPath, Document(result).ToJsonString(Json), ct);
        await log.WriteLineAsync($"wrote {outputPath}");
        return 0;
    }

    private static string Names(string[] areas) => areas.Length == 0 ? "-" : string.Join(", ", areas);

    private static (SeriesPeriod, SeriesPeriod) ParseWindow(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !SeriesPeriod.TryParse(parts[0], out var from) || !SeriesPeriod.TryParse(parts[1], out var to))
            throw new FormatException($"--window: '{text}' is not FROM:TO (2015:2020 or 2015-01:2020-12)");
        return (from, to);
    }

    private static string Name(DisplacementClass c) => c switch
    {
        DisplacementClass.Shift => "shift",
        DisplacementClass.Expansion => "expansion",
        DisplacementClass.Contraction => "contraction",
        DisplacementClass.Stable => "stable",
        _ => "cannot-tell",
    };

    private static JsonObject Document(ClassifySeries.Result result) => new()
    {
        ["areas"] = Array(result.Areas),
        ["period_kind"] = result.Monthly ? "year-month" : "year",
        ["measure"] = result.Windows.Length > 0 && result.Windows[0].Classification.Measure == SeriesMeasure.Amount ? "amount" : "count",
        ["slope_unit"] = "log rate per year",
        ["effort_adjusted"] = result.EffortAdjusted,
        ["windows"] = new JsonArray([.. result.Windows.Select(Window)]),
    };

    private static JsonObject Window(ClassifySeries.Window window)
    {
        var c = window.Classification;
        var json = new JsonObject
        {
            ["from"] = window.From.ToString(),
            ["to"] = window.To.ToString(),
            ["periods"] = window.Periods.Length,
            ["classification"] = Name(c.Class),
            ["direction"] = new JsonObject { ["from"] = Array(c.From), ["to"] = Array(c.To) },
            ["reason"] = c.Reason,
            ["significance_level"] = c.SignificanceLevel,
            ["any_change"] = c.AnyChange is not { } g ? null
                : new JsonObject { ["chi_square"] = g.ChiSquare, ["df"] = g.DegreesOfFreedom, ["p_value"] = g.PValue },
            ["season_length"] = c.SeasonLength,
            ["total"] = c.Total is null ? null : Trend(c.Total),
            ["areas"] = new JsonArray([.. c.Areas.Select(a => new JsonObject
            {
                ["area"] = a.Area,
                ["count"] = a.Count,
                ["trend"] = Trend(a.Trend),
                ["share_trend"] = Trend(a.Share),
                ["share_first"] = a.ShareFirst,
                ["share_last"] = a.ShareLast,
                ["mann_kendall"] = new JsonObject { ["s"] = a.MannKendall.S, ["z"] = a.MannKendall.Z, ["p_value"] = a.MannKendall.PValue, ["tau"] = a.MannKendall.Tau },
                ["sen_slope"] = new JsonObject { ["slope"] = a.Sen.Slope, ["lower"] = a.Sen.Lower, ["upper"] = a.Sen.Upper, ["unit"] = "per year" },
            })]),
        };
        if (window.Intervention is { } i)
            json["intervention"] = new JsonObject
            {
                ["time"] = i.Time,
                ["segmented"] = new JsonArray([.. i.Segmented.Select(s => new JsonObject
                {
                    ["area"] = s.Key,
                    ["periods_before"] = s.Value.PeriodsBefore,
                    ["periods_after"] = s.Value.PeriodsAfter,
                    ["pre_slope"] = Effect(s.Value.PreSlope),
                    ["level_change"] = Effect(s.Value.LevelChange),
                    ["slope_change"] = Effect(s.Value.SlopeChange),
                    ["dispersion"] = s.Value.Dispersion,
                })]),
                ["difference_in_differences"] = new JsonArray([.. i.Differences.Select(d => new JsonObject
                {
                    ["treated"] = d.Treated,
                    ["comparison"] = d.Comparison,
                    ["effect"] = Effect(d.Effect.Effect),
                    ["treated_before"] = d.Effect.TreatedBefore,
                    ["treated_after"] = d.Effect.TreatedAfter,
                    ["comparison_before"] = d.Effect.ComparisonBefore,
                    ["comparison_after"] = d.Effect.ComparisonAfter,
                    ["dispersion"] = d.Effect.Dispersion,
                })]),
                ["notes"] = Array([.. i.Notes]),
            };
        return json;
    }

    private static JsonObject Trend(TrendEstimate t) => new()
    {
        ["slope"] = t.Slope,
        ["ratio_per_year"] = t.Ratio,
        ["standard_error"] = t.StandardError,
        ["lower"] = t.Lower,
        ["upper"] = t.Upper,
        ["p_value"] = t.PValue,
        ["model"] = t.Model,
        ["dispersion"] = t.Dispersion,
    };

    private static JsonObject Effect(LogRateEffect e) => new()
    {
        ["estimate"] = e.Estimate,
        ["ratio"] = e.Ratio,
        ["standard_error"] = e.StandardError,
        ["lower"] = e.Lower,
        ["upper"] = e.Upper,
        ["p_value"] = e.PValue,
    };

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
