using System.Buffers;

namespace Waterline.Analytics.Linkage;

/// <summary>
/// Character-level string comparators for record linkage: Jaro (Jaro 1989), Jaro-Winkler (Winkler 1990,
/// "String Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter Model of Record Linkage"),
/// Levenshtein distance (Levenshtein 1966) and the optimal string alignment variant of Damerau-Levenshtein
/// (Damerau 1964; restricted edit distance as in Boytsov 2011). Comparisons are ordinal and case-sensitive:
/// normalise first (see <see cref="NameNormaliser"/>). They allocate nothing for strings up to
/// <see cref="StackLimit"/> characters, since linkage calls them millions of times.
/// </summary>
public static class StringSimilarity
{
    /// <summary>Longest string whose work buffers live on the stack; longer ones rent from the shared pool.</summary>
    public const int StackLimit = 256;

    /// <summary>
    /// Jaro similarity (Jaro 1989, JASA 84(406)): with m characters matching within a window of
    /// max(|a|,|b|)/2 - 1 and t half the matched characters out of order, (m/|a| + m/|b| + (m - t)/m) / 3.
    /// Two empty strings are identical (1); one empty string matches nothing (0).
    /// </summary>
    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 && b.Length == 0)
            return 1.0;
        if (a.Length == 0 || b.Length == 0)
            return 0.0;
        if (a.SequenceEqual(b))
            return 1.0;

        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        var total = a.Length + b.Length;
        bool[]? rented = total > StackLimit ? ArrayPool<bool>.Shared.Rent(total) : null;
        var flags = rented is null ? stackalloc bool[total] : rented.AsSpan(0, total);
        flags.Clear();
        var matchedA = flags[..a.Length];
        var matchedB = flags[a.Length..];
        try
        {
            var matches = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var from = Math.Max(0, i - window);
                var to = Math.Min(b.Length - 1, i + window);
                for (var j = from; j <= to; j++)
                {
                    if (!matchedB[j] && a[i] == b[j])
                    {
                        matchedA[i] = true;
                        matchedB[j] = true;
                        matches++;
                        break;
                    }
                }
            }
            if (matches == 0)
                return 0.0;

            // Matched characters of a and of b, read in order, disagree at 2t positions.
            var outOfOrder = 0;
            var k = 0;
            for (var i = 0; i < a.Length; i++)
            {
                if (!matchedA[i])
                    continue;
                while (!matchedB[k])
                    k++;
                if (a[i] != b[k])
                    outOfOrder++;
                k++;
            }
            double m = matches;
            return (m / a.Length + m / b.Length + (m - outOfOrder / 2) / m) / 3.0;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<bool>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Jaro-Winkler similarity (Winkler 1990): Jaro + l * p * (1 - Jaro), with l the common prefix length up to
    /// <paramref name="maxPrefix"/> (4) and p the <paramref name="prefixScale"/> (0.1). As in Winkler's strcmp95
    /// (US Census Bureau), the prefix bonus applies only when Jaro exceeds <paramref name="boostThreshold"/> (0.7).
    /// </summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b,
        double prefixScale = 0.1, int maxPrefix = 4, double boostThreshold = 0.7)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixScale);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPrefix);
        // p * l above 1 would push the similarity past 1.
        if (prefixScale * maxPrefix > 1.0)
            throw new ArgumentOutOfRangeException(nameof(prefixScale), "prefixScale * maxPrefix must not exceed 1.");

        var jaro = Jaro(a, b);
        if (jaro <= boostThreshold)
            return jaro;
        var limit = Math.Min(maxPrefix, Math.Min(a.Length, b.Length));
        var prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix])
            prefix++;
        return jaro + prefix * prefixScale * (1.0 - jaro);
    }

    /// <summary>
    /// Levenshtein distance (Levenshtein 1966): the fewest insertions, deletions and substitutions turning
    /// <paramref name="a"/> into <paramref name="b"/>, by the Wagner-Fischer (1974) recurrence over two rows.
    /// With <paramref name="maxDistance"/> set, stops as soon as the distance must exceed it and returns
    /// <c>maxDistance + 1</c>.
    /// </summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int maxDistance = int.MaxValue) =>
        EditDistance(a, b, maxDistance, transpositions: false);

    /// <summary>
    /// Damerau-Levenshtein distance in its optimal string alignment form (Damerau 1964; Boytsov 2011, ACM JEA 16):
    /// Levenshtein plus transposition of two adjacent characters, no substring edited twice (so "CA"/"ABC" is 3).
    /// With <paramref name="maxDistance"/> set, stops early and returns <c>maxDistance + 1</c>.
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int maxDistance = int.MaxValue) =>
        EditDistance(a, b, maxDistance, transpositions: true);

    /// <summary>Normalised Levenshtein similarity 1 - d / max(|a|, |b|); two empty strings give 1.</summary>
    public static double LevenshteinSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Normalise(Levenshtein(a, b), a.Length, b.Length);

    /// <summary>Normalised optimal-string-alignment similarity 1 - d / max(|a|, |b|); two empty strings give 1.</summary>
    public static double DamerauLevenshteinSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Normalise(DamerauLevenshtein(a, b), a.Length, b.Length);

    private static double Normalise(int distance, int lengthA, int lengthB)
    {
        var longest = Math.Max(lengthA, lengthB);
        return longest == 0 ? 1.0 : 1.0 - (double)distance / longest;
    }

    private static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int maxDistance, bool transpositions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        var cap = maxDistance == int.MaxValue ? int.MaxValue : maxDistance + 1;

        // A shared prefix or suffix never needs editing (it holds for transpositions too: an optimal alignment
        // can always match equal end characters to each other).
        var prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        var suffix = 0;
        while (suffix < a.Length && suffix < b.Length && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;
        a = a[..^suffix];
        b = b[..^suffix];

        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }
        // Now |a| >= |b|: rows run over the shorter string.
        if (a.Length - b.Length > maxDistance)
            return cap;
        if (b.Length == 0)
            return a.Length;

        var width = b.Length + 1;
        var rows = transpositions ? 3 : 2;
        int[]? rented = width * rows > StackLimit * 3 ? ArrayPool<int>.Shared.Rent(width * rows) : null;
        var buffer = rented is null ? stackalloc int[width * rows] : rented.AsSpan(0, width * rows);
        try
        {
            var previous = buffer[..width];
            var current = buffer.Slice(width, width);
            var beforePrevious = transpositions ? buffer.Slice(2 * width, width) : default;
            for (var j = 0; j < width; j++)
                previous[j] = j;

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMinimum = i;
                var ai = a[i - 1];
                for (var j = 1; j < width; j++)
                {
                    var bj = b[j - 1];
                    var cost = ai == bj ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (transpositions && i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj)
                        value = Math.Min(value, beforePrevious[j - 2] + 1);
                    current[j] = value;
                    if (value < rowMinimum)
                        rowMinimum = value;
                }
                // Row minima never decrease (a transposition costs at least the diagonal it skips), so stop here.
                if (rowMinimum > maxDistance)
                    return cap;

                if (transpositions)
                {
                    var recycled = beforePrevious;
                    beforePrevious = previous;
                    previous = current;
                    current = recycled;
                }
                else
                {
                    var recycled = previous;
                    previous = current;
                    current = recycled;
                }
            }
            var distance = previous[width - 1];
            return distance > maxDistance ? cap : distance;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<int>.Shared.Return(rented);
        }
    }
}
