using System.Globalization;
using Waterline.Analytics.Estimation;

namespace Waterline.Estimation;

/// <summary>Reads a capture-history CSV: a header, one 0/1 column per list, then <c>count</c> (the format of
/// shared/data/stats/mse). Histories may be missing (count 0) but not repeated. A two-list summary <c>n1,n2,m</c> is read as
/// the table it implies. Anything else is refused with a FormatException naming the row (1 = header) and column.</summary>
public static class CaptureTableFile
{
    public static CaptureTable Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No such file: {path}");
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        if (lines.Count < 2)
            throw new FormatException($"{path}: a header and at least one row are needed.");
        var header = lines[0].Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        if (header.SequenceEqual(["n1", "n2", "m"]))
            return TwoListSummary(lines, path);
        if (!header[^1].Equals("count", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"{path} row 1: the last column must be 'count', not '{header[^1]}'.");
        var lists = header[..^1];
        if (lists.Length < 2)
            throw new FormatException($"{path} row 1: at least two list columns are needed before 'count'.");
        if (lists.Length > CaptureTable.MaxLists)
            throw new FormatException($"{path} row 1: {lists.Length} lists; at most {CaptureTable.MaxLists} are supported.");
        var duplicate = lists.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 || g.Key.Length == 0);
        if (duplicate is not null)
            throw new FormatException($"{path} row 1: list column '{duplicate.Key}' is empty or repeated.");
        var histories = new List<bool[]>();
        var counts = new List<double>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 1; r < lines.Count; r++)
        {
            var row = r + 1;
            var cells = lines[r].Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length != header.Length)
                throw new FormatException($"{path} row {row}: {cells.Length} fields, the header has {header.Length}.");
            var history = new bool[lists.Length];
            for (var i = 0; i < lists.Length; i++)
            {
                history[i] = cells[i] switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw new FormatException($"{path} row {row}, column '{lists[i]}': '{cells[i]}' is not 0 or 1."),
                };
            }
            var key = string.Concat(history.Select(b => b ? '1' : '0'));
            if (!history.Contains(true))
                throw new FormatException($"{path} row {row}: the history on no list cannot be observed; leave it out.");
            if (seen.TryGetValue(key, out var earlier))
                throw new FormatException($"{path} row {row}: history {key} repeats row {earlier}.");
            seen[key] = row;
            if (!long.TryParse(cells[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new FormatException($"{path} row {row}, column '{header[^1]}': '{cells[^1]}' is not a whole number ≥ 0.");
            histories.Add(history);
            counts.Add(count);
        }
        if (counts.Sum() == 0)
            throw new FormatException($"{path}: every count is 0.");
        return CaptureTable.FromHistories(lists, histories, counts);
    }

    private static CaptureTable TwoListSummary(List<string> lines, string path)
    {
        if (lines.Count != 2)
            throw new FormatException($"{path}: a two-list summary n1,n2,m has exactly one data row.");
        var cells = lines[1].Split(',').Select(c => c.Trim()).ToArray();
        var names = new[] { "n1", "n2", "m" };
        var values = new long[3];
        for (var i = 0; i < 3; i++)
            if (i >= cells.Length || !long.TryParse(cells[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                throw new FormatException($"{path} row 2, column '{names[i]}': not a whole number ≥ 0.");
        var (n1, n2, m) = (values[0], values[1], values[2]);
        if (m > Math.Min(n1, n2))
            throw new FormatException($"{path} row 2, column 'm': the overlap {m} exceeds a list size.");
        return CaptureTable.FromCounts(["list1", "list2"], [0, n2 - m, n1 - m, m]);
    }
}
