using System.Globalization;
using Waterline.Analytics.Estimation;

namespace Waterline.Tests.Analytics.Estimation;

/// <summary>Reads the capture-history tables of ../shared/data/stats/mse (one 0/1 column per list, then count).</summary>
public static class MseTables
{
    public static CaptureTable Read(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.Folder(), "stats", "mse", file));
        var header = lines[0].Split(',');
        var lists = header[..^1];
        var histories = new List<bool[]>();
        var counts = new List<double>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            histories.Add(cells[..^1].Select(c => c == "1").ToArray());
            counts.Add(double.Parse(cells[^1], CultureInfo.InvariantCulture));
        }
        return CaptureTable.FromHistories(lists, histories, counts);
    }
}
