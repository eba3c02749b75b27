using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Waterline.Analytics.Hotspots;

namespace Waterline.Cli.Hotspots;

/// <summary><c>waterline knox</c>: the Knox test for space-time interaction on events in a CSV file, and the near-repeat
/// table when bands are given; no database needed (docs/hotspots.md, "The commands"). Exit code 0 on success, 2 when the
/// input is refused (the message names the row and the field, or the option).</summary>
public static class KnoxCommand
{
    public const int Refused = 2;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var events = new Option<FileInfo>("--events") { Required = true, Description = "CSV with id,x,y,time (planar x, y; time in days or a date yyyy-mm-dd)." };
        var distance = new Option<double>("--distance") { Required = true, Description = "Close in space: distance <= D (units of x, y)." };
        var days = new Option<double>("--days") { Required = true, Description = "Close in time: |time difference| <= T days." };
        var permutations = new Option<int>("--permutations") { Description = "Permutations of the event times for the p-values.", DefaultValueFactory = _ => 999 };
        var seed = new Option<int>("--seed") { Description = "Seed of the permutations.", DefaultValueFactory = _ => 1 };
        var bandsDistance = new Option<string?>("--bands-distance") { Description = "Near-repeat table: distance band upper edges, a,b,c." };
        var bandsDays = new Option<string?>("--bands-days") { Description = "Near-repeat table: time band upper edges in days, a,b,c." };
        var output = new Option<FileInfo>("--output") { Required = true, Description = "The JSON file to write." };
        var command = new Command("knox", "Knox test for space-time interaction and a near-repeat table for events in a CSV file (docs/hotspots.md).");
        foreach (var option in new Option[] { events, distance, days, permutations, seed, bandsDistance, bandsDays, output })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) => await RunAsync(new Request(parse.GetValue(events)!.FullName, parse.GetValue(distance), parse.GetValue(days),
            parse.GetValue(permutations), parse.GetValue(seed), parse.GetValue(bandsDistance), parse.GetValue(bandsDays), parse.GetValue(output)!.FullName),
            Console.Error, ct));
        return command;
    }

    public sealed record Request(string EventsPath, double Distance, double Days, int Permutations, int Seed, string? BandsDistance, string? BandsDays,
        string OutputPath);

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static async Task<int> RunAsync(Request request, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        JsonObject document;
        KnoxResult knox;
        try
        {
            if (!(request.Distance >= 0) || double.IsInfinity(request.Distance))
                throw new FormatException("--distance: must be a finite number >= 0");
            if (!(request.Days >= 0) || double.IsInfinity(request.Days))
                throw new FormatException("--days: must be a finite number >= 0");
            if (request.Permutations is < 0 or > 99_999)
                throw new FormatException($"--permutations: {request.Permutations} is not between 0 and 99999");
            if ((request.BandsDistance is null) != (request.BandsDays is null))
                throw new FormatException("--bands-distance and --bands-days go together");
            var (ids, x, y, t, dated) = ReadEvents(request.EventsPath);
            knox = Knox.Test(x, y, t, request.Distance, request.Days, request.Permutations, request.Seed);
            document = new JsonObject
            {
                ["events_file"] = Path.GetFileName(request.EventsPath),
                ["events"] = ids.Length,
                ["time"] = dated ? "days since the first date" : "days as given",
                ["knox"] = new JsonObject
                {
                    ["distance"] = request.Distance,
                    ["days"] = request.Days,
                    ["close_both"] = knox.CloseBoth,
                    ["close_in_space_only"] = knox.CloseInSpaceOnly,
                    ["close_in_time_only"] = knox.CloseInTimeOnly,
                    ["neither"] = knox.Neither,
                    ["expected"] = HotspotsCommand.Number(knox.Expected),
                    ["ratio"] = HotspotsCommand.Number(knox.Ratio),
                    ["p_value"] = HotspotsCommand.Number(knox.PValue),
                    ["permutations"] = knox.Permutations,
                    ["seed"] = request.Seed,
                },
            };
            if (request.BandsDistance is not null && request.BandsDays is not null)
            {
                var table = NearRepeat.Compute(x, y, t, Edges(request.BandsDistance, "--bands-distance"), Edges(request.BandsDays, "--bands-days"),
                    request.Permutations, request.Seed);
                document["near_repeat"] = Table(table);
            }
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or ArgumentException)
        {
            await log.WriteLineAsync(e.Message);
            return Refused;
        }
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{knox.CloseBoth} pairs close in space and time, {knox.Expected:0.0} expected (ratio {knox.Ratio:0.00}), p = {knox.PValue:0.####} over {knox.Permutations} permutations"));
        await File.WriteAllTextAsync(request.OutputPath, document.ToJsonString(Json), ct);
        await log.WriteLineAsync($"wrote {request.OutputPath}");
        return 0;
    }

    private static JsonObject Table(NearRepeatTable table)
    {
        var cells = new JsonArray();
        for (var r = 0; r < table.DistanceBands.Length; r++)
        {
            for (var c = 0; c < table.DayBands.Length; c++)
            {
                cells.Add(new JsonObject
                {
                    ["distance_from"] = r == 0 ? 0 : table.DistanceBands[r - 1],
                    ["distance_to"] = table.DistanceBands[r],
                    ["days_from"] = c == 0 ? 0 : table.DayBands[c - 1],
                    ["days_to"] = table.DayBands[c],
                    ["observed"] = table.Observed[r, c],
                    ["expected"] = HotspotsCommand.Number(table.Expected[r, c]),
                    ["ratio"] = HotspotsCommand.Number(table.Ratio[r, c]),
                    ["p_value"] = HotspotsCommand.Number(table.PValue[r, c]),
                });
            }
        }
        return new JsonObject
        {
            ["distance_bands"] = new JsonArray([.. table.DistanceBands.Select(v => JsonValue.Create(v))]),
            ["day_bands"] = new JsonArray([.. table.DayBands.Select(v => JsonValue.Create(v))]),
            ["bands"] = "upper edges: a pair falls in the first band whose edge is at least its value",
            ["permutations"] = table.Permutations,
            ["cells"] = cells,
        };
    }

    private static double[] Edges(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var edges = new double[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out edges[k]) || !double.IsFinite(edges[k]) || edges[k] < 0
                || (k > 0 && edges[k] <= edges[k - 1]))
                throw new FormatException($"{option}: '{text}' is not a list of ascending numbers >= 0 (a,b,c)");
        }
        if (edges.Length == 0)
            throw new FormatException($"{option}: no bands");
        return edges;
    }

    /// <summary>Columns by header name: id, x (or x_…), y (or y_…), time (or time_…); order free.</summary>
    private static (string[] Ids, double[] X, double[] Y, double[] T, bool Dated) ReadEvents(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, TrimOptions = TrimOptions.Trim, IgnoreBlankLines = false };
        using var parser = new CsvParser(reader, config);
        if (!parser.Read())
            throw new FormatException($"{path}: the file is empty");
        var header = parser.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Column(string name) => Array.FindIndex(header, h => h == name || h.StartsWith(name + "_", StringComparison.Ordinal)) is var i and >= 0 ? i
            : throw new FormatException($"{path}, row 1: column '{name}' is missing (the header needs id,x,y,time)");
        int idColumn = Column("id"), xColumn = Column("x"), yColumn = Column("y"), timeColumn = Column("time");
        var ids = new List<string>();
        var x = new List<double>();
        var y = new List<double>();
        var t = new List<double>();
        bool? dated = null;
        var row = 1;
        while (parser.Read())
        {
            row++;
            var record = parser.Record!;
            if (record.All(c => c.Trim().Length == 0))
                continue;
            string Cell(int column, string name) => column < record.Length && record[column].Trim().Length > 0 ? record[column].Trim()
                : throw new FormatException($"{path}, row {row}, field '{header[column]}': missing");
            double Coordinate(int column)
            {
                var text = Cell(column, header[column]);
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                    : throw new FormatException($"{path}, row {row}, field '{header[column]}': '{text}' is not a number");
            }
            ids.Add(Cell(idColumn, "id"));
            x.Add(Coordinate(xColumn));
            y.Add(Coordinate(yColumn));
            var timeText = Cell(timeColumn, "time");
            double time;
            bool isDate;
            if (double.TryParse(timeText, NumberStyles.Float, CultureInfo.InvariantCulture, out time) && double.IsFinite(time))
                isDate = false;
            else if (DateOnly.TryParseExact(timeText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                time = date.DayNumber;
                isDate = true;
            }
            else
                throw new FormatException($"{path}, row {row}, field '{header[timeColumn]}': '{timeText}' is neither a number of days nor a date (yyyy-mm-dd)");
            if (dated is { } d && d != isDate)
                throw new FormatException($"{path}, row {row}, field '{header[timeColumn]}': '{timeText}' mixes dates and day numbers in one file");
            dated = isDate;
            t.Add(time);
        }
        if (ids.Count < 2)
            throw new FormatException($"{path}: fewer than two events");
        var times = t.ToArray();
        if (dated == true)
        {
            var first = times.Min();
            for (var k = 0; k < times.Length; k++)
                times[k] -= first;
        }
        return ([.. ids], [.. x], [.. y], times, dated == true);
    }
}
