using System.Globalization;

namespace Waterline.Tests.Analytics.Linkage;

// FEBRL dataset 1 (Christen, Febrl data generator; copy described in ../shared/data/linkage/SOURCES.md) as columns of
// trimmed strings ("" for an empty field); Person[i] is N of rec-N-org / rec-N-dup-k, so equal N means the same person.
internal sealed record FebrlDataset1(int[] Person, IReadOnlyDictionary<string, string[]> Columns)
{
    public int Count => Person.Length;

    public string[] this[string column] => Columns[column];

    /// <summary>Every pair i &lt; j of records of the same person (500 here), as two columns.</summary>
    public (int[] Left, int[] Right) TruePairs()
    {
        var (left, right) = (new List<int>(), new List<int>());
        for (var i = 0; i < Count; i++)
        {
            for (var j = i + 1; j < Count; j++)
            {
                if (Person[i] == Person[j])
                {
                    left.Add(i);
                    right.Add(j);
                }
            }
        }
        return (left.ToArray(), right.ToArray());
    }

    public static FebrlDataset1 Read()
    {
        var path = Path.Combine(SharedData.Folder(), "linkage", "febrl", "dataset1.csv");
        Assert.True(File.Exists(path), $"FEBRL dataset 1 is missing at {path}; the linkage tests need ../shared/data beside the clone.");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = lines.Skip(1).Select(line => line.Split(',').Select(f => f.Trim()).ToArray()).ToArray();
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        var columns = header.Select((name, c) => (name, values: rows.Select(r => r[c]).ToArray()))
            .ToDictionary(x => x.name, x => x.values);
        var person = columns["rec_id"].Select(id => int.Parse(id.Split('-')[1], CultureInfo.InvariantCulture)).ToArray();
        return new FebrlDataset1(person, columns);
    }
}
