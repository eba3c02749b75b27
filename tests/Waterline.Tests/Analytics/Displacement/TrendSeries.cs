using System.Globalization;

namespace Waterline.Tests.Analytics.Displacement;

/// <summary>The series of ../shared/data/stats/trend (see its SOURCES.md): Nile flow, coal-mining disasters, UK drivers killed.</summary>
public static class TrendSeries
{
    public static double[] Nile => Column("nile_annual_flow.csv", "flow");
    public static double[] Coal => Column("coal_disasters_annual.csv", "disasters");
    public static double[] Drivers => Column("uk_drivers_killed_monthly.csv", "drivers_killed");

    /// <summary>Index of January 1977 in the drivers series (January 1969 is index 0).</summary>
    public const int DriversWindowStart = (1977 - 1969) * 12;

    public static double[] Column(string file, string column)
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.Folder(), "stats", "trend", file));
        var index = Array.IndexOf(lines[0].Split(','), column);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[index], CultureInfo.InvariantCulture))];
    }
}
