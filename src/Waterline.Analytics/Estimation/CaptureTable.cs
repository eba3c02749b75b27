namespace Waterline.Analytics.Estimation;

/// <summary>Counts of capture histories over k lists (sources), the input of multiple-systems estimation.
/// A history is a bit mask: list i (0-based, in column order) is bit k-1-i, so history 0b110 of lists A,B,C reads "on A and B,
/// not on C", the same left-to-right order as the CSV files. History 0 (on no list) is the unseen cell and is never observed.</summary>
public sealed class CaptureTable
{
    /// <summary>Beyond this the 2^k histories and the model space are too large for this library.</summary>
    public const int MaxLists = 12;

    private readonly double[] counts;

    private CaptureTable(IReadOnlyList<string> lists, double[] counts)
    {
        Lists = lists;
        this.counts = counts;
    }

    public IReadOnlyList<string> Lists { get; }

    public int ListCount => Lists.Count;

    /// <summary>Number of observable histories, 2^k - 1.</summary>
    public int CellCount => counts.Length - 1;

    /// <summary>Distinct cases seen by at least one list (n).</summary>
    public double Observed => counts.Sum();

    public double Count(int history) => counts[history];

    public int Bit(int list) => 1 << (ListCount - 1 - list);

    public bool OnList(int history, int list) => (history & Bit(list)) != 0;

    /// <summary>Cases on every list of <paramref name="mask"/> (whatever else they are on).</summary>
    public double Overlap(int mask)
    {
        var total = 0.0;
        for (var h = 1; h < counts.Length; h++)
            if ((h & mask) == mask)
                total += counts[h];
        return total;
    }

    /// <summary>f_c: cases seen by exactly c lists, c = 0..k (f_0 = 0).</summary>
    public double[] CaptureFrequencies()
    {
        var f = new double[ListCount + 1];
        for (var h = 1; h < counts.Length; h++)
            f[System.Numerics.BitOperations.PopCount((uint)h)] += counts[h];
        return f;
    }

    /// <summary>"A:B" for a mask over the lists, in list order.</summary>
    public string Label(int mask) =>
        string.Join(":", Enumerable.Range(0, ListCount).Where(i => (mask & Bit(i)) != 0).Select(i => Lists[i]));

    /// <summary>Builds the table from histories given as 0/1 rows (one per list); repeated histories are summed, missing ones are 0.</summary>
    public static CaptureTable FromHistories(IReadOnlyList<string> lists, IReadOnlyList<bool[]> histories, IReadOnlyList<double> rowCounts)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(rowCounts);
        if (lists.Count < 2)
            throw new ArgumentException("Capture-recapture needs at least two lists.");
        if (lists.Count > MaxLists)
            throw new ArgumentException($"At most {MaxLists} lists are supported, not {lists.Count}.");
        if (lists.Distinct(StringComparer.Ordinal).Count() != lists.Count)
            throw new ArgumentException("List names must be distinct.");
        if (histories.Count != rowCounts.Count)
            throw new ArgumentException("One count per history.");
        var k = lists.Count;
        var counts = new double[1 << k];
        for (var r = 0; r < histories.Count; r++)
        {
            if (histories[r].Length != k)
                throw new ArgumentException($"History {r + 1} has {histories[r].Length} entries, not {k}.");
            var h = 0;
            for (var i = 0; i < k; i++)
                if (histories[r][i])
                    h |= 1 << (k - 1 - i);
            if (h == 0)
                throw new ArgumentException($"History {r + 1} is on no list: the unseen cell cannot be observed.");
            if (!(rowCounts[r] >= 0) || double.IsInfinity(rowCounts[r]))
                throw new ArgumentException($"History {r + 1} has count {rowCounts[r]}: counts are non-negative numbers.");
            counts[h] += rowCounts[r];
        }
        if (counts.Sum() <= 0)
            throw new ArgumentException("No case is on any list.");
        return new CaptureTable(lists.ToArray(), counts);
    }

    /// <summary>Builds the table from counts indexed by history mask (index 0 ignored).</summary>
    public static CaptureTable FromCounts(IReadOnlyList<string> lists, IReadOnlyList<double> countsByHistory)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(countsByHistory);
        if (countsByHistory.Count != 1 << lists.Count)
            throw new ArgumentException($"Expected {1 << lists.Count} counts (index 0 is the unseen cell).");
        var histories = new List<bool[]>();
        var values = new List<double>();
        for (var h = 1; h < countsByHistory.Count; h++)
        {
            histories.Add(Enumerable.Range(0, lists.Count).Select(i => (h & (1 << (lists.Count - 1 - i))) != 0).ToArray());
            values.Add(countsByHistory[h]);
        }
        return FromHistories(lists, histories, values);
    }
}
