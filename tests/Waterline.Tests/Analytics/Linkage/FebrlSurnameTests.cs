using Waterline.Analytics.Linkage;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Linkage;

// FEBRL dataset 1 (Christen, Febrl data generator; copy described in ../shared/data/linkage/SOURCES.md): 500 original
// records, each with one generated duplicate; rec-N-org and rec-N-dup-k are the same person.
public sealed class FebrlSurnameTests(ITestOutputHelper output)
{
    private sealed record FebrlRecord(int Person, string Surname);

    [Fact]
    public void Jaro_Winkler_on_normalised_surnames_separates_true_duplicates_from_random_non_pairs()
    {
        var records = ReadDataset1();
        Assert.Equal(1000, records.Count);

        var byPerson = records.GroupBy(r => r.Person).ToList();
        var truePairs = byPerson
            .SelectMany(g => g.SelectMany((x, i) => g.Skip(i + 1).Select(y => (x, y))))
            .Where(p => p.x.Surname.Length > 0 && p.y.Surname.Length > 0)
            .ToList();
        var random = new Random(4);
        var nonPairs = new List<(FebrlRecord x, FebrlRecord y)>();
        while (nonPairs.Count < 1000)
        {
            var (x, y) = (records[random.Next(records.Count)], records[random.Next(records.Count)]);
            if (x.Person != y.Person && x.Surname.Length > 0 && y.Surname.Length > 0)
                nonPairs.Add((x, y));
        }

        var trueScores = truePairs.Select(p => StringSimilarity.JaroWinkler(p.x.Surname, p.y.Surname)).ToArray();
        var nonScores = nonPairs.Select(p => StringSimilarity.JaroWinkler(p.x.Surname, p.y.Surname)).ToArray();
        const double threshold = 0.8;
        var (trueMean, nonMean) = (trueScores.Average(), nonScores.Average());
        var trueAbove = trueScores.Count(s => s >= threshold) / (double)trueScores.Length;
        var nonAbove = nonScores.Count(s => s >= threshold) / (double)nonScores.Length;
        output.WriteLine($"true pairs {trueScores.Length}: mean {trueMean:F4}, share >= {threshold}: {trueAbove:F4}");
        output.WriteLine($"non-pairs {nonScores.Length}: mean {nonMean:F4}, share >= {threshold}: {nonAbove:F4}");

        // Measured with seed 4: 488 true pairs (12 have an empty surname), mean 0.9059, 85.7 % at or above 0.8;
        // 1,000 non-pairs, mean 0.4058, 0.5 % at or above 0.8. Most true pairs below 0.8 are FEBRL's swapped
        // given name and surname ("beazley" / "anthony"), which a surname comparator cannot see.
        Assert.Equal(488, trueScores.Length);
        Assert.True(trueMean > 0.9, $"mean over true pairs {trueMean:F4}");
        Assert.True(nonMean < 0.45, $"mean over non-pairs {nonMean:F4}");
        Assert.True(trueAbove >= 0.85, $"share of true pairs at or above {threshold}: {trueAbove:F4}");
        Assert.True(nonAbove <= 0.01, $"share of non-pairs at or above {threshold}: {nonAbove:F4}");
    }

    private static List<FebrlRecord> ReadDataset1()
    {
        var path = Path.Combine(SharedData.Folder(), "linkage", "febrl", "dataset1.csv");
        Assert.True(File.Exists(path), $"FEBRL dataset 1 is missing at {path}; the linkage tests need ../shared/data beside the clone.");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        var (id, surname, given) = (header.IndexOf("rec_id"), header.IndexOf("surname"), header.IndexOf("given_name"));
        return lines.Skip(1)
            .Select(line => line.Split(',').Select(f => f.Trim()).ToArray())
            .Select(f => new FebrlRecord(
                int.Parse(f[id].Split('-')[1], System.Globalization.CultureInfo.InvariantCulture),
                NameNormaliser.Parse(f[surname], f[given]).SurnameKey))
            .ToList();
    }
}
