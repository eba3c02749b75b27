namespace Waterline.Analytics.Linkage;

/// <summary>One field's values, dictionary-encoded: a code per record (-1 = null) into the distinct normal forms.</summary>
/// <param name="Comparison">How the field is normalised and compared.</param>
/// <param name="Codes">Per record, the index of its normal form in <paramref name="Values"/>, or -1 when null.</param>
/// <param name="Values">The distinct normal forms.</param>
/// <param name="Frequencies">Per distinct value, how many records hold it (term frequencies).</param>
/// <param name="NonNull">The number of records whose value is not null.</param>
public sealed record EncodedField(FieldComparison Comparison, int[] Codes, string[] Values, int[] Frequencies, int NonNull);

/// <summary>
/// Records to link, column by column: each comparison field normalised once per record and dictionary-encoded, so
/// pair comparisons run over integer codes and a distinct pair of values is compared once per cache slot, not once
/// per record pair (the columnar, dictionary-encoded layout of DuckDB-backed Splink, here in plain arrays).
/// </summary>
public sealed class LinkageRecords
{
    private LinkageRecords(int count, EncodedField[] fields, int[]? sources, int sourceCount)
    {
        Count = count;
        Fields = fields;
        Sources = sources;
        SourceCount = sourceCount;
    }

    /// <summary>The number of records.</summary>
    public int Count { get; }

    /// <summary>One encoded column per comparison field, in the settings' order.</summary>
    public IReadOnlyList<EncodedField> Fields { get; }

    /// <summary>Per record, the index of its source (link mode compares only records of different sources); null when
    /// every record comes from one source.</summary>
    public int[]? Sources { get; }

    /// <summary>The number of distinct sources (1 without sources).</summary>
    public int SourceCount { get; }

    /// <summary>The field reading <paramref name="column"/> (ordinal, case-insensitive), or null.</summary>
    public EncodedField? Field(string column) =>
        Fields.FirstOrDefault(f => string.Equals(f.Comparison.Column, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Normalises and encodes the columns. <paramref name="columns"/> holds one raw value list per field,
    /// in the order of <paramref name="fields"/>, each as long as the record count.</summary>
    /// <param name="fields">The comparison fields.</param>
    /// <param name="columns">Raw values per field.</param>
    /// <param name="sources">Optional source name per record.</param>
    public static LinkageRecords Encode(IReadOnlyList<FieldComparison> fields, IReadOnlyList<IReadOnlyList<string?>> columns, IReadOnlyList<string?>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(columns);
        if (fields.Count != columns.Count || fields.Count == 0)
            throw new ArgumentException($"{fields.Count} fields but {columns.Count} columns; need the same, positive number.", nameof(columns));
        var count = columns[0].Count;
        var encoded = new EncodedField[fields.Count];
        // Fields are independent: encode them on all cores (normalising names is the costly part).
        Parallel.For(0, fields.Count, f =>
        {
            if (columns[f].Count != count)
                throw new ArgumentException($"Column {fields[f].Column} holds {columns[f].Count} values but the first holds {count}.", nameof(columns));
            encoded[f] = EncodeField(fields[f], columns[f]);
        });
        int[]? sourceIds = null;
        var sourceCount = 1;
        if (sources is not null)
        {
            if (sources.Count != count)
                throw new ArgumentException($"{sources.Count} sources for {count} records.", nameof(sources));
            sourceIds = Blocking.BlockIds(sources.Select(s => s ?? "").ToArray(), out sourceCount);
        }
        return new LinkageRecords(count, encoded, sourceIds, sourceCount);
    }

    private static EncodedField EncodeField(FieldComparison comparison, IReadOnlyList<string?> raw)
    {
        var codes = new int[raw.Count];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        // Raw values repeat far more than records (a surname, a town): normalise each distinct raw value once.
        var rawIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new List<string>();
        var frequencies = new List<int>();
        var nonNull = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            var value = raw[i];
            if (value is null)
            {
                codes[i] = -1;
                continue;
            }
            if (!rawIndex.TryGetValue(value, out var code))
            {
                var normal = comparison.Normalise(value);
                if (normal is null)
                    code = -1;
                else if (!index.TryGetValue(normal, out code))
                {
                    index.Add(normal, code = values.Count);
                    values.Add(normal);
                    frequencies.Add(0);
                }
                rawIndex.Add(value, code);
            }
            codes[i] = code;
            if (code >= 0)
            {
                frequencies[code]++;
                nonNull++;
            }
        }
        return new EncodedField(comparison, codes, values.ToArray(), frequencies.ToArray(), nonNull);
    }
}
