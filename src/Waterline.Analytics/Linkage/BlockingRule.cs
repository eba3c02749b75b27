using System.Globalization;

namespace Waterline.Analytics.Linkage;

/// <summary>One part of a blocking rule: a field's normal form, or its first <paramref name="Prefix"/> characters.</summary>
/// <param name="Column">The comparison field's column.</param>
/// <param name="Prefix">0 for the whole value, otherwise the number of leading characters.</param>
public sealed record BlockingTerm(string Column, int Prefix = 0)
{
    public override string ToString() => Prefix == 0 ? Column : string.Create(CultureInfo.InvariantCulture, $"{Column}:{Prefix}");
}

/// <summary>
/// A blocking rule over <see cref="LinkageRecords"/>: records are candidates when every term agrees (standard
/// blocking, Christen 2012, "Data Matching", ch. 4). Written as text, terms are joined by <c>&amp;</c> and a prefix is
/// <c>column:k</c>, e.g. <c>surname:3 &amp; postcode</c>. A record with a null term is in no block of the rule.
/// </summary>
/// <param name="Terms">The terms, all of which must agree.</param>
public sealed record BlockingRule(IReadOnlyList<BlockingTerm> Terms)
{
    public override string ToString() => string.Join(" & ", Terms);

    /// <summary>Whether a term of the rule reads <paramref name="column"/> (case-insensitive).</summary>
    public bool Uses(string column) => Terms.Any(t => string.Equals(t.Column, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <c>surname:3 &amp; postcode</c>; the error names the term that is wrong.</summary>
    public static BlockingRule Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var terms = new List<BlockingTerm>();
        foreach (var part in text.Split('&', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon < 0)
            {
                terms.Add(new BlockingTerm(part));
                continue;
            }
            if (!int.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix < 1)
                throw new FormatException($"Blocking rule '{text}': in '{part}', the prefix after ':' must be a positive whole number.");
            terms.Add(new BlockingTerm(part[..colon].Trim(), prefix));
        }
        if (terms.Count == 0)
            throw new FormatException($"Blocking rule '{text}' has no terms.");
        return new BlockingRule(terms);
    }

    /// <summary>One block id per record (-1 when a term is null), computed on the encoded codes without building key strings.</summary>
    /// <param name="records">The encoded records.</param>
    /// <param name="blockCount">The number of distinct blocks.</param>
    public int[] BlockIds(LinkageRecords records, out int blockCount)
    {
        int[]? combined = null;
        blockCount = 0;
        foreach (var term in Terms)
        {
            var field = records.Field(term.Column)
                ?? throw new ArgumentException($"Blocking rule '{this}': no comparison field reads column '{term.Column}'.", nameof(records));
            var ids = TermIds(field, term.Prefix, out var termBlocks);
            if (combined is null)
            {
                combined = ids;
                blockCount = termBlocks;
                continue;
            }
            var pairs = new Dictionary<long, int>();
            for (var i = 0; i < combined.Length; i++)
            {
                if (combined[i] < 0 || ids[i] < 0)
                {
                    combined[i] = -1;
                    continue;
                }
                var key = ((long)combined[i] << 32) | (uint)ids[i];
                if (!pairs.TryGetValue(key, out var id))
                    pairs.Add(key, id = pairs.Count);
                combined[i] = id;
            }
            blockCount = pairs.Count;
        }
        return combined!;
    }

    /// <summary>The string key of each record, for <see cref="Blocking"/>'s counting functions.</summary>
    public string?[] Keys(LinkageRecords records)
    {
        var ids = BlockIds(records, out _);
        return ids.Select(id => id < 0 ? null : id.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static int[] TermIds(EncodedField field, int prefix, out int blocks)
    {
        if (prefix == 0)
        {
            blocks = field.Values.Length;
            return (int[])field.Codes.Clone();
        }
        var byPrefix = new Dictionary<string, int>(StringComparer.Ordinal);
        var map = new int[field.Values.Length];
        for (var v = 0; v < map.Length; v++)
        {
            var value = field.Values[v];
            var key = value.Length <= prefix ? value : value[..prefix];
            if (!byPrefix.TryGetValue(key, out var id))
                byPrefix.Add(key, id = byPrefix.Count);
            map[v] = id;
        }
        blocks = byPrefix.Count;
        var ids = new int[field.Codes.Length];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = field.Codes[i] < 0 ? -1 : map[field.Codes[i]];
        return ids;
    }
}
