using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Waterline.DemoWorld;

/// <summary>One row of reference/figures/*.csv: one figure from one source.</summary>
public sealed record FigureRow(string Series, string Country, string Place, int Year, double Value, string Unit,
    string SourceUrl, string Note, int Line);

/// <summary>The public figures the demo world follows (embedded copies of reference/figures), with the
/// rule that picks one value when several sources give one for the same series, place and year, and the
/// rule that fills the years no source gives. See DemoWorld/README.md.</summary>
public sealed class DemoFigures
{
    // Notes that mark a figure as relayed by a secondary compiler, wider in scope or contested: the
    // agency's own release wins over them (e.g. Antwerp 2020: FPS Finance 65 t, not Europol's 65.6 t).
    private static readonly string[] SecondaryMarkers =
        ["EMCDDA", "EDR ", "Europol", "estimate", "alternative", "sources disagree", "scope"];

    private readonly List<FigureRow> _rows;

    private DemoFigures(List<FigureRow> rows) => _rows = rows;

    public IReadOnlyList<FigureRow> Rows => _rows;

    public static DemoFigures Load()
    {
        var rows = new List<FigureRow>();
        foreach (var resource in new[] { "figures/cocaine_seizures.csv", "figures/production_sites.csv", "figures/wastewater_city_loads.csv" })
        {
            rows.AddRange(Read(resource));
        }
        return new DemoFigures(rows);
    }

    /// <summary>The chosen value per year (only years some source gives), by the conflict rule.</summary>
    public SortedDictionary<int, double> Published(string series, string country, string place)
    {
        var chosen = new SortedDictionary<int, double>();
        foreach (var group in _rows.Where(r => r.Series == series && r.Country == country && r.Place == place).GroupBy(r => r.Year))
        {
            chosen[group.Key] = Choose(group).Value;
        }
        return chosen;
    }

    /// <summary>Conflict rule: best status tag first, then rows not marked secondary, then file order
    /// (the researcher lists the agency's own release first).</summary>
    public static FigureRow Choose(IEnumerable<FigureRow> candidates) => candidates
        .OrderBy(r => TagRank(r.Note))
        .ThenBy(r => SecondaryMarkers.Any(m => r.Note.Contains(m, StringComparison.OrdinalIgnoreCase)) ? 1 : 0)
        .ThenBy(r => r.Line)
        .First();

    /// <summary>The value for a year: published if given; between two published years, linear
    /// interpolation; before the first or after the last, the nearest published value carried over.
    /// Null when the series has no figure at all.</summary>
    public static double? ForYear(SortedDictionary<int, double> published, int year)
    {
        if (published.Count == 0)
        {
            return null;
        }
        if (published.TryGetValue(year, out var exact))
        {
            return exact;
        }
        var before = published.Keys.Where(y => y < year).DefaultIfEmpty(int.MinValue).Max();
        var after = published.Keys.Where(y => y > year).DefaultIfEmpty(int.MaxValue).Min();
        if (before == int.MinValue)
        {
            return published[after];
        }
        if (after == int.MaxValue)
        {
            return published[before];
        }
        var t = (double)(year - before) / (after - before);
        return published[before] + (t * (published[after] - published[before]));
    }

    /// <summary>Like <see cref="ForYear"/> but only between published years: no carrying beyond them.</summary>
    public static double? WithinPublished(SortedDictionary<int, double> published, int year) =>
        published.Count > 0 && year >= published.Keys.First() && year <= published.Keys.Last() ? ForYear(published, year) : null;

    private static int TagRank(string note) =>
        note.StartsWith("[verified]", StringComparison.Ordinal) || note.StartsWith("[verified-dataset]", StringComparison.Ordinal) ? 0
        : note.StartsWith("[verified-news]", StringComparison.Ordinal) ? 1
        : note.StartsWith("[derived]", StringComparison.Ordinal) ? 2
        : 3;

    private static IEnumerable<FigureRow> Read(string resource)
    {
        using var stream = typeof(DemoFigures).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var list = new List<FigureRow>();
        while (csv.Read())
        {
            list.Add(new FigureRow(
                csv.GetField("series") ?? "", csv.GetField("country") ?? "", csv.GetField("place") ?? "",
                int.Parse(csv.GetField("year") ?? "", CultureInfo.InvariantCulture),
                double.Parse(csv.GetField("value") ?? "", CultureInfo.InvariantCulture),
                csv.GetField("unit") ?? "", csv.GetField("source_url") ?? "", csv.GetField("note") ?? "",
                csv.Parser.Row));
        }
        return list;
    }
}
