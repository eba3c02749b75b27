using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class StringSimilarityTests
{
    // Winkler (1990) and the worked examples reproduced from it in the Jaro-Winkler literature (Jaro / Jaro-Winkler):
    // MARTHA/MARHTA 0.944/0.961, DWAYNE/DUANE 0.822/0.840, DIXON/DICKSONX 0.767/0.813.
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944, 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.822, 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.767, 0.813)]
    public void Jaro_and_Jaro_Winkler_reproduce_Winklers_published_examples(string a, string b, double jaro, double jaroWinkler)
    {
        Assert.Equal(jaro, StringSimilarity.Jaro(a, b), 3);
        Assert.Equal(jaroWinkler, StringSimilarity.JaroWinkler(a, b), 3);
        Assert.Equal(jaroWinkler, StringSimilarity.JaroWinkler(b, a), 3);
    }

    [Fact]
    public void Jaro_Winkler_is_one_for_equal_strings_and_zero_when_nothing_matches()
    {
        Assert.Equal(1.0, StringSimilarity.JaroWinkler("JANSSENS", "JANSSENS"));
        Assert.Equal(1.0, StringSimilarity.JaroWinkler("", ""));
        Assert.Equal(0.0, StringSimilarity.JaroWinkler("ABC", ""));
        Assert.Equal(0.0, StringSimilarity.JaroWinkler("ABC", "XYZ"));
    }

    [Fact]
    public void The_prefix_bonus_applies_only_above_the_boost_threshold()
    {
        // Jaro("AB", "AXYZ") = (1/2 + 1/4 + 1) / 3 = 0.583, below 0.7: no bonus for the common "A".
        Assert.Equal(StringSimilarity.Jaro("AB", "AXYZ"), StringSimilarity.JaroWinkler("AB", "AXYZ"));
        Assert.True(StringSimilarity.JaroWinkler("AB", "AXYZ", boostThreshold: 0) > StringSimilarity.Jaro("AB", "AXYZ"));
    }

    // Textbook examples of Levenshtein distance (Wikipedia "Levenshtein distance"; Navarro 2001, ACM CSUR 33(1)).
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("saturday", "sunday", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    public void Levenshtein_distance_matches_the_textbook_examples(string a, string b, int expected)
    {
        Assert.Equal(expected, StringSimilarity.Levenshtein(a, b));
        Assert.Equal(expected, StringSimilarity.Levenshtein(b, a));
    }

    [Fact]
    public void Optimal_string_alignment_counts_an_adjacent_transposition_once_but_never_edits_a_substring_twice()
    {
        Assert.Equal(2, StringSimilarity.Levenshtein("ab", "ba"));
        Assert.Equal(1, StringSimilarity.DamerauLevenshtein("ab", "ba"));
        Assert.Equal(1, StringSimilarity.DamerauLevenshtein("Peeters", "Peetres"));
        // Boytsov (2011) and Wikipedia "Damerau-Levenshtein distance": OSA("CA", "ABC") = 3, unrestricted Damerau 2.
        Assert.Equal(3, StringSimilarity.DamerauLevenshtein("CA", "ABC"));
    }

    [Fact]
    public void A_bounded_distance_stops_early_and_returns_one_above_the_bound()
    {
        Assert.Equal(3, StringSimilarity.Levenshtein("kitten", "sitting", maxDistance: 2));
        Assert.Equal(3, StringSimilarity.Levenshtein("kitten", "sitting", maxDistance: 3));
        Assert.Equal(2, StringSimilarity.Levenshtein("a", "abcdefgh", maxDistance: 1));
        Assert.Equal(1, StringSimilarity.DamerauLevenshtein("ab", "ba", maxDistance: 0));
    }

    [Fact]
    public void Normalised_similarity_is_one_minus_distance_over_the_longer_length()
    {
        Assert.Equal(1 - 3.0 / 7, StringSimilarity.LevenshteinSimilarity("kitten", "sitting"), 12);
        Assert.Equal(0.5, StringSimilarity.DamerauLevenshteinSimilarity("ab", "ba"), 12);
        Assert.Equal(1.0, StringSimilarity.LevenshteinSimilarity("", ""));
    }

    // Invariant: the trimmed, two-row, early-stopping distances equal the full-matrix recurrence
    // (Wagner and Fischer 1974; Damerau's transposition case), written out plainly below, on random strings.
    [Fact]
    public void Distances_agree_with_the_full_matrix_recurrence_on_random_strings_with_and_without_a_bound()
    {
        var random = new Random(4);
        for (var n = 0; n < 5000; n++)
        {
            var a = RandomText(random, random.Next(0, 9));
            var b = RandomText(random, random.Next(0, 9));
            var bound = random.Next(0, 6);
            var levenshtein = FullMatrix(a, b, transpositions: false);
            var osa = FullMatrix(a, b, transpositions: true);
            Assert.Equal(levenshtein, StringSimilarity.Levenshtein(a, b));
            Assert.Equal(osa, StringSimilarity.DamerauLevenshtein(a, b));
            Assert.Equal(Math.Min(levenshtein, bound + 1), StringSimilarity.Levenshtein(a, b, bound));
            Assert.Equal(Math.Min(osa, bound + 1), StringSimilarity.DamerauLevenshtein(a, b, bound));
        }
    }

    [Fact]
    public void Strings_longer_than_the_stack_limit_give_the_same_answers()
    {
        var random = new Random(7);
        var a = RandomText(random, StringSimilarity.StackLimit + 150);
        var b = string.Concat(a.AsSpan(0, 100), "xyz", a.AsSpan(110));
        Assert.Equal(FullMatrix(a, b, transpositions: false), StringSimilarity.Levenshtein(a, b));
        Assert.Equal(FullMatrix(a, b, transpositions: true), StringSimilarity.DamerauLevenshtein(a, b));
        Assert.InRange(StringSimilarity.JaroWinkler(a, b), 0.9, 1.0);
    }

    [Fact]
    public void Comparing_short_strings_allocates_nothing()
    {
        const string a = "vandenbroucke", b = "vandenbrouke";
        Compare(a, b);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            Compare(a, b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Compare(string a, string b)
        {
            StringSimilarity.JaroWinkler(a, b);
            StringSimilarity.Levenshtein(a, b, 2);
            StringSimilarity.DamerauLevenshtein(a, b);
            StringSimilarity.LevenshteinSimilarity(a, b);
        }
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = (char)('a' + random.Next(3));
        return new string(chars);
    }

    private static int FullMatrix(string a, string b, bool transpositions)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
