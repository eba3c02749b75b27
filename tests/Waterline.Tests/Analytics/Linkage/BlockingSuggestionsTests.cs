using Waterline.Analytics.Linkage;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class BlockingSuggestionsTests(ITestOutputHelper output)
{
    private static readonly Lazy<FebrlDataset1> Dataset = new(FebrlDataset1.Read);

    // Every FEBRL field except the record id; empty fields are missing.
    private static BlockingField[] FebrlColumns()
    {
        var data = Dataset.Value;
        string[] names = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"];
        return names.Select(n => new BlockingField(n, data[n])).ToArray();
    }

    private (long Pairs, int TruePairs, double Completeness) Measure(BlockingSuggestion suggestion, BlockingField[] columns)
    {
        var data = Dataset.Value;
        var union = Blocking.Union(suggestion.Chosen.Select(r => (IReadOnlyList<string?>)BlockingSuggestions.Keys(r, columns)).ToArray());
        var found = Enumerable.Range(0, union.Count).Count(k => data.Person[union.Left[k]] == data.Person[union.Right[k]]);
        foreach (var rule in suggestion.Chosen)
            output.WriteLine($"  {rule.Name}: {rule.PairCount:N0} pairs");
        output.WriteLine($"  union {suggestion.UnionPairCount:N0} pairs, {found} of 500 true pairs, pair completeness {found / 500.0:F3}, per-rule limit {suggestion.PerRuleLimit:N0}");
        return (union.Count, found, found / 500.0);
    }

    [Fact]
    public void Candidate_counts_equal_a_brute_force_count_of_agreeing_pairs()
    {
        BlockingField[] columns =
        [
            new("surname", ["smith", "smyth", "smith", null, "jones", "", "jonas"]),
            new("city", ["gent", "gent", "gent", "gent", "brugge", "brugge", null]),
        ];

        var candidates = BlockingSuggestions.Candidates(columns, [1, 3]);

        string[] expected = ["surname", "left(surname, 1)", "left(surname, 3)", "city", "left(city, 1)", "left(city, 3)",
            "surname & city", "surname & left(city, 1)"];
        Assert.Equal(expected, candidates.Take(expected.Length).Select(r => r.Name));
        foreach (var rule in candidates)
        {
            var keys = BlockingSuggestions.Keys(rule, columns);
            var bruteForce = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                for (var j = i + 1; j < keys.Length; j++)
                {
                    var agree = rule.Parts.All(part =>
                    {
                        var values = columns.Single(c => c.Name == part.Column).Values;
                        var (a, b) = (values[i], values[j]);
                        return !string.IsNullOrEmpty(a) && !string.IsNullOrEmpty(b)
                            && (part.Prefix is { } k ? a[..Math.Min(k, a.Length)] == b[..Math.Min(k, b.Length)] : a == b);
                    });
                    bruteForce += agree ? 1 : 0;
                }
            }
            Assert.True(bruteForce == rule.PairCount, $"{rule.Name}: {rule.PairCount} counted, {bruteForce} by brute force");
        }
        // left(surname, 3): smi, smy, smi, -, jon, -, jon gives 2 pairs; left(city, 3): gen x4 and bru x2 gives 7.
        Assert.Equal(2, candidates.Single(r => r.Name == "left(surname, 3)").PairCount);
        Assert.Equal(7, candidates.Single(r => r.Name == "left(city, 3)").PairCount);
    }

    [Fact]
    public void A_hand_made_case_gets_two_rules_that_leave_each_other_s_field_free()
    {
        // Two fields; the loosest single rule under the per-rule limit (budget 10 / 2 = 5) is taken first, then the
        // loosest rule that leaves its field free.
        BlockingField[] columns =
        [
            new("surname", ["aa", "aa", "aa", "ab", "ab", "ba", "bb"]),  // exact 3 + 1 = 4 pairs, left 1: 10 + 1 = 11
            new("city", ["x", "x", "y", "y", "z", "z", "z"]),          // 1 + 1 + 3 = 5 pairs
        ];

        var suggestion = BlockingSuggestions.Suggest(columns, 10, prefixLengths: [1]);

        Assert.Equal(["city", "surname"], suggestion.Chosen.Select(r => r.Name));
        Assert.Equal([5L, 4L], suggestion.Chosen.Select(r => r.PairCount));
        // Together: city pairs (0,1) (2,3) (4,5) (4,6) (5,6), surname pairs (0,1) (0,2) (1,2) (3,4): (0,1) counted once.
        Assert.Equal(8, suggestion.UnionPairCount);
        Assert.True(suggestion.Satisfied);
        Assert.Equal(1, suggestion.Freedom["surname"]);
        Assert.Equal(1, suggestion.Freedom["city"]);
    }

    [Fact]
    public void A_derived_key_counts_as_its_field_so_it_does_not_leave_that_field_free()
    {
        BlockingField[] columns =
        [
            new("surname", ["aa", "aa", "ab", "ab", "b", "b"]),
            new("surname_first", ["a", "a", "a", "a", "b", "b"], DerivedFrom: "surname"),
            new("city", ["x", "y", "x", "y", "x", "y"]),
        ];

        var suggestion = BlockingSuggestions.Suggest(columns, 100, prefixLengths: [], combineTwo: false);

        Assert.Equal(["surname", "city"], suggestion.Freedom.Keys);
        Assert.All(suggestion.Chosen, r => Assert.Single(r.Fields));
        Assert.Contains(suggestion.Chosen, r => r.Fields[0] == "city");
        Assert.Contains(suggestion.Chosen, r => r.Fields[0] == "surname");
        Assert.Equal(2, suggestion.Chosen.Count);
    }

    [Fact]
    public void A_budget_too_small_for_any_pair_of_rules_is_reported_as_not_satisfied()
    {
        BlockingField[] columns = [new("surname", ["a", "a", "a"]), new("city", ["x", "x", "x"])];

        var suggestion = BlockingSuggestions.Suggest(columns, 2);

        Assert.False(suggestion.Satisfied);
        Assert.NotEmpty(suggestion.Candidates);
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockingSuggestions.Suggest(columns, 0));
        Assert.Throws<ArgumentException>(() => BlockingSuggestions.Suggest([new("a", ["x"]), new("a", ["y"])], 10));
    }

    public static TheoryData<long, int, string, long, int> FebrlCases => new()
    {
        // budget, minimum freedom, rules chosen, union pairs, true pairs kept (of 500). Measured 2026-11-23, deterministic.
        { 2_000, 1, "left(soc_sec_id, 3) | postcode", 1_512, 495 },
        { 5_000, 1, "left(suburb, 3) | left(address_2, 3)", 4_221, 491 },
        { 5_000, 2, "left(suburb, 4) | left(address_2, 4) | left(address_1, 3)", 3_798, 498 },
        { 20_000, 2, "left(suburb, 2) | left(soc_sec_id, 2) | left(address_1, 2)", 17_240, 500 },
        { 20_000, 3, "left(date_of_birth, 4) | left(postcode, 3) | left(given_name, 4) | left(surname, 3)", 12_336, 500 },
    };

    [Theory, MemberData(nameof(FebrlCases))]
    public void Suggestions_on_febrl_dataset1_stay_under_the_budget_leave_every_field_free_and_keep_most_true_pairs(
        long budget, int freedom, string rules, long unionPairs, int truePairs)
    {
        var columns = FebrlColumns();

        var suggestion = BlockingSuggestions.Suggest(columns, budget, freedom);

        output.WriteLine($"budget {budget:N0}, minimum freedom {freedom}: {suggestion.Candidates.Count} candidates");
        var (pairs, found, _) = Measure(suggestion, columns);
        Assert.True(suggestion.Satisfied);
        Assert.Equal(10, suggestion.Freedom.Count);
        Assert.All(suggestion.Freedom.Values, f => Assert.True(f >= freedom));
        Assert.Equal(suggestion.UnionPairCount, pairs);
        Assert.True(pairs <= budget);
        Assert.Equal(rules, string.Join(" | ", suggestion.Chosen.Select(r => r.Name)));
        Assert.Equal(unionPairs, pairs);
        Assert.True(found >= truePairs, $"{found} true pairs kept, floor {truePairs}");
        // The three hand-chosen rules of BlockingTests (surname3, postcode, date_of_birth) give 3,285 pairs and 499.
    }

    [Fact]
    public void The_candidate_table_of_febrl_dataset1_lists_every_rule_with_its_count()
    {
        var all = BlockingSuggestions.Candidates(FebrlColumns());
        foreach (var rule in all.Where(r => r.Parts.Count == 1))
            output.WriteLine($"{rule.Name}: {rule.PairCount:N0}");
        output.WriteLine($"{all.Count} candidates, {all.Count(r => r.Parts.Count == 2)} of two keys");

        // 10 exact keys, 36 prefixes (no state longer than 3 characters, no street number longer than 4) and 950
        // conjunctions of two keys on different fields with pairs. 20 counts rechecked against the rule's keys.
        Assert.Equal(996, all.Count);
        Assert.Equal(46, all.Count(r => r.Parts.Count == 1));
        Assert.Equal(456, all.Single(r => r.Name == "date_of_birth").PairCount);
        Assert.Equal(920, all.Single(r => r.Name == "postcode").PairCount);
        Assert.Equal(2_672, all.Single(r => r.Name == "left(surname, 3)").PairCount);
        var random = new Random(4);
        foreach (var rule in all.OrderBy(_ => random.Next()).Take(20))
            Assert.Equal(Blocking.CountPairs(BlockingSuggestions.Keys(rule, FebrlColumns())), rule.PairCount);
    }
}
