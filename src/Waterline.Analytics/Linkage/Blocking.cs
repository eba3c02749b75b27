namespace Waterline.Analytics.Linkage;

/// <summary>Candidate record pairs as two parallel columns; <c>Left[k] &lt; Right[k]</c> for every pair k.</summary>
/// <param name="Left">The smaller record index of each pair.</param>
/// <param name="Right">The larger record index of each pair.</param>
public sealed record CandidatePairs(int[] Left, int[] Right)
{
    /// <summary>The number of pairs.</summary>
    public int Count => Left.Length;
}

/// <summary>
/// Blocking (Christen 2012, "Data Matching", ch. 4, standard blocking): only records that share a blocking key become
/// candidate pairs. A rule is one key per record; a null key leaves the record out of that rule (a missing field).
/// Several rules are combined as a union without duplicates the way Splink does it: a pair produced by an earlier rule
/// is skipped by a later one by re-checking the earlier rules' keys for that pair, so no set of seen pairs is kept.
/// </summary>
/// <remarks>
/// Keys are dictionary-encoded into one block id per record (-1 for null) and records are grouped by a counting sort,
/// so a rule costs O(records) plus O(pairs) to enumerate. <see cref="CountPairs(IReadOnlyList{string})"/> and <see cref="CountUnion"/> give a
/// rule's cost (Splink's "count_comparisons_from_blocking_rule") before anything is enumerated; the count of one rule is
/// the sum over blocks of n(n-1)/2 and needs no pairs at all.
/// </remarks>
public static class Blocking
{
    /// <summary>One block id per record: equal keys (ordinal comparison) get equal ids 0, 1, 2..., null gets -1.</summary>
    /// <param name="keys">The blocking key of each record; null leaves the record out of the rule.</param>
    /// <param name="blockCount">The number of distinct non-null keys.</param>
    public static int[] BlockIds(IReadOnlyList<string?> keys, out int blockCount)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = new int[keys.Count];
        var dictionary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            var key = keys[i];
            if (key is null)
            {
                ids[i] = -1;
                continue;
            }
            if (!dictionary.TryGetValue(key, out var id))
                dictionary.Add(key, id = dictionary.Count);
            ids[i] = id;
        }
        blockCount = dictionary.Count;
        return ids;
    }

    /// <summary>The number of candidate pairs one rule generates (sum over blocks of n(n-1)/2), without generating them.</summary>
    /// <param name="keys">The blocking key of each record; null leaves the record out of the rule.</param>
    public static long CountPairs(IReadOnlyList<string?> keys)
    {
        var ids = BlockIds(keys, out var blockCount);
        return CountPairs(ids, blockCount);
    }

    /// <summary>The same count from block ids already made (-1 = not blocked), e.g. by <see cref="BlockingRule.BlockIds"/>.</summary>
    /// <param name="ids">One block id per record.</param>
    /// <param name="blockCount">The number of blocks.</param>
    public static long CountPairs(int[] ids, int blockCount)
    {
        var sizes = BlockSizes(ids, blockCount);
        var total = 0L;
        foreach (var n in sizes)
            total += (long)n * (n - 1) / 2;
        return total;
    }

    /// <summary>The candidate pairs of one rule, i &lt; j, grouped by block and ascending within a block.</summary>
    /// <param name="keys">The blocking key of each record; null leaves the record out of the rule.</param>
    public static CandidatePairs Pairs(IReadOnlyList<string?> keys) => Union([keys]);

    /// <summary>
    /// The number of distinct candidate pairs of several rules together: each rule's pairs not already produced by an
    /// earlier rule. Costs O(pairs × rules) time and O(records × rules) memory; no pair is stored.
    /// </summary>
    /// <param name="rules">One key list per rule, all of the same length (the record count).</param>
    public static long CountUnion(IReadOnlyList<IReadOnlyList<string?>> rules)
    {
        var total = 0L;
        Enumerate(rules, (_, _) => total++);
        return total;
    }

    /// <summary>
    /// The distinct candidate pairs of several rules, i &lt; j: rule by rule, each pair skipped when an earlier rule's
    /// keys agree on it (Splink's deduplication across blocking rules). The order is stable: by rule, then block.
    /// </summary>
    /// <param name="rules">One key list per rule, all of the same length (the record count).</param>
    /// <exception cref="InvalidOperationException">More pairs than an array can hold; check <see cref="CountUnion"/> first.</exception>
    public static CandidatePairs Union(IReadOnlyList<IReadOnlyList<string?>> rules)
    {
        var count = CountUnion(rules);
        if (count > Array.MaxLength)
            throw new InvalidOperationException($"{count:N0} candidate pairs do not fit in one array; use tighter blocking rules.");
        var (left, right) = (new int[count], new int[count]);
        var k = 0;
        Enumerate(rules, (i, j) =>
        {
            left[k] = i;
            right[k] = j;
            k++;
        });
        return new CandidatePairs(left, right);
    }

    private static void Enumerate(IReadOnlyList<IReadOnlyList<string?>> rules, Action<int, int> emit)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0)
            return;
        var recordCount = rules[0].Count;
        var ids = new int[rules.Count][];
        var blockCounts = new int[rules.Count];
        for (var r = 0; r < rules.Count; r++)
        {
            if (rules[r].Count != recordCount)
                throw new ArgumentException($"Rule {r} has {rules[r].Count} keys but rule 0 has {recordCount}.", nameof(rules));
            ids[r] = BlockIds(rules[r], out blockCounts[r]);
        }

        for (var r = 0; r < rules.Count; r++)
        {
            var (start, members) = GroupByBlock(ids[r], blockCounts[r]);
            for (var b = 0; b < blockCounts[r]; b++)
            {
                for (var x = start[b]; x < start[b + 1]; x++)
                {
                    var i = members[x];
                    for (var y = x + 1; y < start[b + 1]; y++)
                    {
                        var j = members[y];
                        if (!AnyEarlierRuleAgrees(ids, r, i, j))
                            emit(i, j);
                    }
                }
            }
        }
    }

    private static bool AnyEarlierRuleAgrees(int[][] ids, int rule, int i, int j)
    {
        for (var q = 0; q < rule; q++)
        {
            var block = ids[q][i];
            if (block >= 0 && block == ids[q][j])
                return true;
        }
        return false;
    }

    private static int[] BlockSizes(int[] ids, int blockCount)
    {
        var sizes = new int[blockCount];
        foreach (var id in ids)
        {
            if (id >= 0)
                sizes[id]++;
        }
        return sizes;
    }

    /// <summary>Records grouped by block with a counting sort: block b's records are <c>Members[Start[b]..Start[b+1])</c>,
    /// in ascending record order (so i &lt; j holds within a block); records with id -1 are left out.</summary>
    /// <param name="ids">One block id per record, -1 for none (as from <see cref="BlockIds"/>).</param>
    /// <param name="blockCount">The number of blocks.</param>
    public static (int[] Start, int[] Members) GroupByBlock(int[] ids, int blockCount)
    {
        var sizes = BlockSizes(ids, blockCount);
        var start = new int[blockCount + 1];
        for (var b = 0; b < blockCount; b++)
            start[b + 1] = start[b] + sizes[b];
        var next = start[..blockCount];
        var members = new int[start[blockCount]];
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0)
                members[next[ids[i]]++] = i;
        }
        return (start, members);
    }
}
