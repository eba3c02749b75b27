using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterline.Displacement;
using Waterline.Intake;

namespace Waterline.DemoWorld.Scenarios;

/// <summary>Writes a simulated world as files: <c>series.csv</c> and <c>effort.csv</c> (area,period,value, as
/// <see cref="SeriesFile"/> reads), <c>captures/AREA_PERIOD.csv</c> (one 0/1 column per source, then count, as
/// Estimation.CaptureTableFile reads), <c>observations.csv</c> (the intake CSV of the scenario's kind: one row per
/// detection by any source, importable with <c>waterline import</c>) and <c>truth.json</c>.</summary>
public static class ScenarioOutput
{
    public const string SeriesFileName = "series.csv";
    public const string EffortFileName = "effort.csv";
    public const string ObservationsFileName = "observations.csv";
    public const string TruthFileName = "truth.json";
    public const string CapturesFolder = "captures";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes every file into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SimulatedWorld world, string directory)
    {
        ArgumentNullException.ThrowIfNull(world);
        Directory.CreateDirectory(directory);
        var captures = Path.Combine(directory, CapturesFolder);
        Directory.CreateDirectory(captures);
        var written = new List<string>();
        void Save(string path, string text)
        {
            File.WriteAllText(path, text, Utf8);
            written.Add(path);
        }
        Save(Path.Combine(directory, SeriesFileName), SeriesCsv(world.Series()));
        Save(Path.Combine(directory, EffortFileName), SeriesCsv(world.EffortSeries()));
        for (var a = 0; a < world.Areas.Length; a++)
            for (var p = 0; p < world.Periods.Length; p++)
                Save(Path.Combine(captures, $"{world.Areas[a]}_{world.Periods[p]}.csv"), CapturesCsv(world, a, p));
        Save(Path.Combine(directory, ObservationsFileName), ObservationsCsv(world));
        Save(Path.Combine(directory, TruthFileName), Truth(world).ToJsonString(Json));
        return written;
    }

    public static string SeriesCsv(SeriesTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sb = new StringBuilder("area,period,value\n");
        for (var a = 0; a < table.Areas.Length; a++)
            for (var p = 0; p < table.Periods.Length; p++)
                sb.Append(CultureInfo.InvariantCulture, $"{table.Areas[a]},{table.Periods[p]},{Math.Round(table.Values[a][p], 4).ToString("R", CultureInfo.InvariantCulture)}\n");
        return sb.ToString();
    }

    public static string CapturesCsv(SimulatedWorld world, int area, int period)
    {
        ArgumentNullException.ThrowIfNull(world);
        var s = world.Sources.Length;
        var sb = new StringBuilder(string.Join(",", world.Sources)).Append(",count\n");
        var counts = world.Histories[area][period];
        for (var h = 1; h < counts.Length; h++)
        {
            for (var j = 0; j < s; j++)
                sb.Append((h & (1 << (s - 1 - j))) != 0 ? '1' : '0').Append(',');
            sb.Append(counts[h].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One row per detection by any source, in the intake columns of the scenario's kind. Ids are synthetic:
    /// <c>sim-NAME-SEED-AREA-PERIOD-UNIT-SOURCE</c>; the notes name the unit, so the detections of one unit by several
    /// sources can be linked. Dates fall uniformly within the period (their own random stream, so the world does not
    /// depend on whether this file is written).</summary>
    public static string ObservationsCsv(SimulatedWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var scenario = world.Scenario;
        IntakeFields.TryParseKind(scenario.Observation.Kind, out var kind);
        var columns = IntakeFields.For(kind).ToList();
        var sb = new StringBuilder(string.Join(",", columns)).Append('\n');
        var random = new Random(unchecked(world.Seed * 7919 + 17));
        var values = new string[columns.Count];
        int Column(string name) => columns.IndexOf(name);
        var s = world.Sources.Length;
        for (var a = 0; a < world.Areas.Length; a++)
        {
            var area = scenario.Areas[a];
            var place = area.Place;
            for (var p = 0; p < world.Periods.Length; p++)
            {
                var period = world.Periods[p];
                var first = new DateOnly(period.Year, period.Month ?? 1, 1);
                var days = (period.Month is null ? first.AddYears(1) : first.AddMonths(1)).DayNumber - first.DayNumber;
                var unit = 0;
                var counts = world.Histories[a][p];
                for (var h = 1; h < counts.Length; h++)
                {
                    for (var c = 0; c < counts[h]; c++)
                    {
                        unit++;
                        var date = first.AddDays(random.Next(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        for (var j = 0; j < s; j++)
                        {
                            if ((h & (1 << (s - 1 - j))) == 0)
                                continue;
                            Array.Fill(values, "");
                            var unitId = $"{area.Name}-{period}-{unit:D6}";
                            values[Column(IntakeFields.ExternalId)] = $"sim-{scenario.Name}-{world.Seed}-{unitId}-{world.Sources[j]}";
                            values[Column(IntakeFields.SourceOrganisation)] = scenario.Sources[j].Organisations[place.Country];
                            values[Column(IntakeFields.Market)] = scenario.Observation.Market;
                            values[Column(IntakeFields.Echelon)] = scenario.Observation.Echelon;
                            values[Column(IntakeFields.OccurredAt)] = date;
                            values[Column(IntakeFields.Country)] = place.Country;
                            values[Column(IntakeFields.Region)] = place.Region ?? "";
                            values[Column(IntakeFields.Municipality)] = place.Municipality ?? "";
                            values[Column(IntakeFields.Notes)] = $"simulated {scenario.Unit} {unitId} (scenario {scenario.Name}, seed {world.Seed})";
                            if (Column("port") is >= 0 and var port)
                                values[port] = place.Port ?? "";
                            if (Column("transport_mode") is >= 0 and var mode)
                                values[mode] = place.TransportMode ?? "";
                            foreach (var (key, value) in scenario.Observation.Fields ?? [])
                                values[Column(key)] = value;
                            sb.AppendJoin(',', values.Select(Quote)).Append('\n');
                        }
                    }
                }
            }
        }
        return sb.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().ContainsAny(",\"\n") ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>The truth: per area and period the expected and true sizes, the observed count, the unseen units and the
    /// effort; the events with the units they displaced; the labelled episodes.</summary>
    public static JsonObject Truth(SimulatedWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var scenario = world.Scenario;
        var cells = new JsonArray();
        for (var a = 0; a < world.Areas.Length; a++)
            for (var p = 0; p < world.Periods.Length; p++)
            {
                var h = world.Histories[a][p];
                cells.Add(new JsonObject
                {
                    ["area"] = world.Areas[a],
                    ["period"] = world.Periods[p].ToString(),
                    ["expected_size"] = Math.Round(world.Expected[a][p], 3),
                    ["true_size"] = world.TrueSize[a][p],
                    ["observed"] = world.Observed[a][p],
                    ["detected_by_any_source"] = world.TrueSize[a][p] - h[0],
                    ["unseen"] = h[0],
                    ["effort"] = Math.Round(world.Effort[a][p], 4),
                });
            }
        var events = scenario.Events ?? [];
        return new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["title"] = scenario.Title,
            ["seed"] = world.Seed,
            ["unit"] = scenario.Unit,
            ["period_kind"] = world.Periods[0].Month is null ? "year" : "year-month",
            ["areas"] = Strings(world.Areas),
            ["sources"] = Strings(world.Sources),
            ["observed_source"] = scenario.EffortSource.Name,
            ["analyst_has_effort"] = scenario.AnalystHasEffort,
            ["dependence"] = scenario.Dependence,
            ["overdispersion"] = scenario.Overdispersion,
            ["sizes"] = cells,
            ["events"] = new JsonArray([.. events.Select((e, i) => new JsonObject
            {
                ["type"] = e.Type,
                ["name"] = e.Name,
                ["area"] = e.Area,
                ["date"] = e.From,
                ["effort_factor"] = e.EffortFactor,
                ["detection_factor"] = e.DetectionFactor,
                ["displaced_fraction"] = e.Displace?.Fraction,
                ["displaced_to"] = e.Displace?.To,
                ["displaced_units_expected"] = Math.Round(world.Displaced.Where(d => d.Event == i).Sum(d => d.Expected), 1),
            })]),
            ["episodes"] = new JsonArray([.. (scenario.Episodes ?? []).Select(e => new JsonObject
            {
                ["from"] = e.From,
                ["to"] = e.To,
                ["class"] = e.Class,
                ["from_areas"] = Strings(e.FromAreas ?? []),
                ["to_areas"] = Strings(e.ToAreas ?? []),
                ["interventions"] = Strings(e.Interventions ?? []),
                ["note"] = e.Note,
            })]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
