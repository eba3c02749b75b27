using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Waterline.Analytics.Displacement;

namespace Waterline.Displacement;

/// <summary>A year (Month null) or a year-month, written 2019 or 2019-07.</summary>
public readonly record struct SeriesPeriod(int Year, int? Month) : IComparable<SeriesPeriod>
{
    /// <summary>The period's start in years (2019-07 is 2019.5), so every slope is per year, yearly or monthly data alike.</summary>
    public double Time => Year + ((Month ?? 1) - 1) / 12.0;

    public int CompareTo(SeriesPeriod other) => Time.CompareTo(other.Time);

    public override string ToString() => Month is { } m ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{m:D2}") : Year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Parses 2019 or 2019-07; false for anything else.</summary>
    public static bool TryParse(string text, out SeriesPeriod period)
    {
        period = default;
        var parts = text.Trim().Split('-');
        if (parts.Length is < 1 or > 2 || parts[0].Length != 4
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1000)
            return false;
        if (parts.Length == 1)
        {
            period = new SeriesPeriod(year, null);
            return true;
        }
        if (parts[1].Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
            return false;
        period = new SeriesPeriod(year, month);
        return true;
    }

    /// <summary>A date (2019, 2019-07 or 2019-07-15) as a time in years on the same scale as <see cref="Time"/>.</summary>
    public static bool TryParseDate(string text, out double time)
    {
        time = 0;
        if (TryParse(text, out var period))
        {
            time = period.Time;
            return true;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return false;
        time = date.Year + (date.Month - 1) / 12.0 + (date.Day - 1) / (12.0 * DateTime.DaysInMonth(date.Year, date.Month));
        return true;
    }
}

/// <summary>Series per area over common periods: Values[area][period], every cell present.</summary>
public sealed record SeriesTable(string[] Areas, SeriesPeriod[] Periods, double[][] Values)
{
    public bool Monthly => Periods.Length > 0 && Periods[0].Month is not null;
}

/// <summary>Reads an <c>area,period,value</c> CSV (header row, columns in any order, comma, semicolon or tab). Refusals are
/// <see cref="FormatException"/>s naming the file, the row (the header is row 1) and the column.</summary>
public static class SeriesFile
{
    /// <param name="path">The file.</param>
    /// <param name="counts">True: values must be whole numbers ≥ 0 (counts); false: positive numbers (effort).</param>
    public static SeriesTable Read(string path, bool counts) => Read(path, counts ? SeriesValues.Counts : SeriesValues.Effort);

    /// <summary>Reads series of <paramref name="measure"/>: counts (whole numbers ≥ 0) or amounts (numbers ≥ 0).</summary>
    public static SeriesTable Read(string path, SeriesMeasure measure) =>
        Read(path, measure == SeriesMeasure.Amount ? SeriesValues.Amounts : SeriesValues.Counts);

    private enum SeriesValues { Counts, Amounts, Effort }

    private static SeriesTable Read(string path, SeriesValues kind)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file", path);
        var rows = ReadRows(path);
        if (rows.Count == 0)
            throw new FormatException($"{path}: the file is empty");
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i
            : throw new FormatException($"{path}, row 1: column '{name}' is missing (the header needs area,period,value)");
        int areaColumn = Column("area"), periodColumn = Column("period"), valueColumn = Column("value");
        var cells = new Dictionary<(string Area, SeriesPeriod Period), (double Value, int Row)>();
        var areas = new List<string>();
        bool? monthly = null;
        for (var r = 1; r < rows.Count; r++)
        {
            var row = r + 1;
            var record = rows[r];
            if (record.All(c => c.Trim().Length == 0))
                continue;
            string Cell(int column, string name) => column < record.Length ? record[column].Trim()
                : throw new FormatException($"{path}, row {row}, column '{name}': missing");
            var area = Cell(areaColumn, "area");
            if (area.Length == 0)
                throw new FormatException($"{path}, row {row}, column 'area': empty");
            var periodText = Cell(periodColumn, "period");
            if (!SeriesPeriod.TryParse(periodText, out var period))
                throw new FormatException($"{path}, row {row}, column 'period': '{periodText}' is neither a year (2019) nor a year-month (2019-07)");
            if (monthly is { } m && m != period.Month is not null)
                throw new FormatException($"{path}, row {row}, column 'period': '{periodText}' mixes years and year-months in one file");
            monthly = period.Month is not null;
            var valueText = Cell(valueColumn, "value");
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new FormatException($"{path}, row {row}, column 'value': '{valueText}' is not a number");
            if (kind == SeriesValues.Counts && (value < 0 || value != Math.Floor(value)))
                throw new FormatException($"{path}, row {row}, column 'value': {valueText} is not a count (a whole number ≥ 0; use --amounts for tonnes or kilograms)");
            if (kind == SeriesValues.Amounts && value < 0)
                throw new FormatException($"{path}, row {row}, column 'value': {valueText} is not an amount (a number ≥ 0)");
            if (kind == SeriesValues.Effort && !(value > 0))
                throw new FormatException($"{path}, row {row}, column 'value': {valueText} is not a positive effort");
            if (cells.TryGetValue((area, period), out var earlier))
                throw new FormatException($"{path}, row {row}: area '{area}' period {period} already appears on row {earlier.Row}");
            cells[(area, period)] = (value, row);
            if (!areas.Contains(area, StringComparer.Ordinal))
                areas.Add(area);
        }
        if (cells.Count == 0)
            throw new FormatException($"{path}: no rows after the header");
        var periods = cells.Keys.Select(k => k.Period).Distinct().Order().ToArray();
        var values = new double[areas.Count][];
        for (var a = 0; a < areas.Count; a++)
        {
            values[a] = new double[periods.Length];
            for (var p = 0; p < periods.Length; p++)
                values[a][p] = cells.TryGetValue((areas[a], periods[p]), out var cell) ? cell.Value
                    : throw new FormatException($"{path}: area '{areas[a]}' has no row for period {periods[p]}");
        }
        return new SeriesTable([.. areas], periods, values);
    }

    private static List<string[]> ReadRows(string path)
    {
        string firstLine;
        using (var peek = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            firstLine = peek.ReadLine() ?? "";
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var delimiter = firstLine.Contains('\t', StringComparison.Ordinal) ? "\t"
            : firstLine.Contains(';', StringComparison.Ordinal) && !firstLine.Contains(',', StringComparison.Ordinal) ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            // Blank lines are kept so row numbers stay the file's line numbers.
            IgnoreBlankLines = false,
        };
        using var parser = new CsvParser(reader, config);
        var rows = new List<string[]>();
        while (parser.Read())
            rows.Add(parser.Record ?? []);
        return rows;
    }
}
