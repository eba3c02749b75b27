using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using Waterline.Analytics.Linkage;

namespace Waterline.Linkage;

/// <summary>A settings file for <c>waterline link</c>: fields, blocking rules, thresholds (docs/linkage.md).</summary>
public sealed record LinkageSettingsDocument
{
    public required IReadOnlyList<FieldDocument> Fields { get; init; }
    public required IReadOnlyList<string> Blocking { get; init; }
    /// <summary>Rules whose pairs train m; null trains on <see cref="Blocking"/>.</summary>
    public IReadOnlyList<string>? Training { get; init; }
    public double Threshold { get; init; } = 0.9;
    public double KeepAbove { get; init; } = 0.5;
    /// <summary>A column naming each record's source: only records of different sources are compared.</summary>
    public string? Source { get; init; }
    /// <summary>A text file of extra given-name classes (one class per line, names separated by commas, # comments),
    /// added to the built-in alias table for givenName and personName fields; relative to the settings file.</summary>
    public string? Aliases { get; init; }
    /// <summary>connectedComponents, weakBridges (default) or correlation.</summary>
    public ClusteringMethod Clustering { get; init; } = ClusteringMethod.WeakBridges;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public LinkageSettings ToSettings(int? cores = null, GivenNameAliases? aliases = null) => new(
        Fields.Select(f => new FieldComparison(f.Column, f.Kind, f.TermFrequency, f.Tolerance) { Aliases = aliases ?? GivenNameAliases.Default }).ToArray(),
        Blocking.Select(BlockingRule.Parse).ToArray(),
        Threshold,
        Math.Min(KeepAbove, Threshold),
        LinkOnly: Source is not null,
        MaxDegreeOfParallelism: cores,
        Training: Training?.Select(BlockingRule.Parse).ToArray(),
        Clustering: Clustering);
}

/// <summary>One comparison field of a settings file.</summary>
public sealed record FieldDocument(string Column, ComparisonKind Kind, bool TermFrequency = false, double Tolerance = 0);

/// <summary>
/// Deduplicates (or links, with a source column) the records of one CSV file: reads it column by column, takes the
/// settings from a file or infers them, runs the <see cref="Linker"/>, and writes clusters or scored pairs. The CLI's
/// <c>waterline link dedupe</c> and <c>waterline link pairs</c> and <c>waterline bench link</c> call it.
/// </summary>
public static class LinkCsvFile
{
    /// <summary>What to link.</summary>
    /// <param name="InputPath">The CSV file (header row, UTF-8).</param>
    /// <param name="IdColumn">The column holding each record's id (unique).</param>
    /// <param name="SettingsPath">A settings file; null infers settings from the columns.</param>
    /// <param name="SourceColumn">Compare only records whose values here differ (overrides the settings' source).</param>
    /// <param name="Exclude">Columns never to compare (e.g. ground truth under another name).</param>
    /// <param name="Threshold">Overrides the settings' threshold.</param>
    /// <param name="Cores">Cores to use; null for all.</param>
    /// <param name="PreviousClustersPath">A <c>record_id,cluster_id</c> file from an earlier run: clusters that keep their
    /// records keep their ids (incremental linkage; see <see cref="Clustering.AssignStableIds"/>).</param>
    public sealed record Request(string InputPath, string IdColumn, string? SettingsPath = null, string? SourceColumn = null,
        IReadOnlyList<string>? Exclude = null, double? Threshold = null, int? Cores = null, string? PreviousClustersPath = null);

    /// <summary>The run: ids by record index, the settings used (to save and reuse), what was chosen and why, the
    /// outcome, and per record the id of its cluster as written (ClusterNames: the previous run's id where the cluster
    /// kept it, otherwise the id of the cluster's first record).</summary>
    public sealed record Result(string[] Ids, LinkageSettingsDocument Settings, IReadOnlyList<string> Notes, Linker Linker, LinkageResult Linkage,
        TimeSpan Reading, TimeSpan Encoding, string[] ClusterNames);

    /// <summary>Values read as missing besides empty cells (R's and SQL's markers).</summary>
    public static readonly IReadOnlySet<string> MissingMarkers = new HashSet<string>(StringComparer.Ordinal) { "NA", "NULL" };

    public static async Task<Result> RunAsync(Request request, IProgress<LinkageProgress>? progress, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (header, columns) = await ReadColumnsAsync(request.InputPath, ct);
        var reading = clock.Elapsed;
        var idIndex = ColumnIndex(header, request.IdColumn, "--id");
        var ids = columns[idIndex].Select((id, row) => id ?? throw new FormatException($"row {row + 2}: column '{request.IdColumn}' (the id) is empty")).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < ids.Length; row++)
        {
            if (!seen.TryAdd(ids[row], row))
                throw new FormatException($"row {row + 2}: id '{ids[row]}' in column '{request.IdColumn}' already appears on row {seen[ids[row]] + 2}; ids must be unique");
        }

        clock.Restart();
        var notes = new List<string>();
        LinkageSettingsDocument document;
        if (request.SettingsPath is not null)
        {
            document = await ReadSettingsAsync(request.SettingsPath, ct);
            notes.Add($"settings from {request.SettingsPath}");
        }
        else
        {
            var exclude = new HashSet<string>(request.Exclude ?? [], StringComparer.OrdinalIgnoreCase) { request.IdColumn };
            if (request.SourceColumn is not null)
                exclude.Add(request.SourceColumn);
            var candidates = header.Select((name, c) => (name, c)).Where(x => !exclude.Contains(x.name))
                .Select(x => (x.name, (IReadOnlyList<string?>)columns[x.c])).ToList();
            var inferred = SettingsInference.Infer(candidates);
            notes.AddRange(inferred.Reasons);
            document = new LinkageSettingsDocument
            {
                Fields = inferred.Fields.Select(f => new FieldDocument(f.Column, f.Kind, f.TermFrequency, f.Tolerance)).ToArray(),
                Blocking = inferred.Blocking.Select(r => r.ToString()).ToArray(),
            };
        }
        document = document with
        {
            Source = request.SourceColumn ?? document.Source,
            Threshold = request.Threshold ?? document.Threshold,
        };
        GivenNameAliases? aliases = null;
        if (document.Aliases is not null)
        {
            var aliasPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.SettingsPath ?? ".")) ?? ".", document.Aliases);
            using var aliasReader = new StreamReader(aliasPath);
            aliases = GivenNameAliases.Default.Extend(aliasReader, aliasPath);
            notes.Add($"aliases: the built-in table and {aliasPath}");
        }
        var settings = document.ToSettings(request.Cores, aliases);
        var fieldColumns = settings.Fields.Select(f => (IReadOnlyList<string?>)columns[ColumnIndex(header, f.Column, "settings: fields")]).ToArray();
        var sources = document.Source is null ? null : columns[ColumnIndex(header, document.Source, "--source")];
        var records = LinkageRecords.Encode(settings.Fields, fieldColumns, sources);
        var encoding = clock.Elapsed;

        var linker = new Linker(records, settings);
        var linkage = linker.Run(progress, ct);
        if (linkage.Figures.UntrainedFields.Count > 0)
            notes.Add($"fields no masked EM session could train (every training rule uses them, or a field whose agreement implies theirs): {string.Join(", ", linkage.Figures.UntrainedFields)}");
        var names = request.PreviousClustersPath is null
            ? linkage.ClusterIds.Select(c => ids[c]).ToArray()
            : await StableNamesAsync(request.PreviousClustersPath, ids, linkage.ClusterIds, notes, ct);
        return new Result(ids, document, notes, linker, linkage, reading, encoding, names);
    }

    /// <summary>Writes <c>record_id,cluster_id</c> for every input row, in input order (cluster ids: <see cref="Result.ClusterNames"/>).</summary>
    public static async Task WriteClustersAsync(Result result, TextWriter output, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        csv.WriteField("record_id");
        csv.WriteField("cluster_id");
        await csv.NextRecordAsync();
        for (var i = 0; i < result.Ids.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            csv.WriteField(result.Ids[i]);
            csv.WriteField(result.ClusterNames[i]);
            await csv.NextRecordAsync();
        }
    }

    /// <summary>Writes the scored pairs at or above <paramref name="minimumProbability"/>: ids, match weight and probability,
    /// then per field its level and weight in bits (term-frequency adjustment included): the waterfall of each pair.</summary>
    public static async Task WritePairsAsync(Result result, TextWriter output, double minimumProbability, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        var fields = result.Settings.Fields;
        foreach (var name in new[] { "left_id", "right_id", "match_weight", "match_probability" })
            csv.WriteField(name);
        foreach (var f in fields)
        {
            csv.WriteField($"{f.Column}_level");
            csv.WriteField($"{f.Column}_weight");
        }
        await csv.NextRecordAsync();
        var linkage = result.Linkage;
        for (var k = 0; k < linkage.Left.Length; k++)
        {
            ct.ThrowIfCancellationRequested();
            if (linkage.MatchProbability(k) < minimumProbability)
                continue;
            var explanation = result.Linker.Explain(linkage.Left[k], linkage.Right[k]);
            csv.WriteField(result.Ids[linkage.Left[k]]);
            csv.WriteField(result.Ids[linkage.Right[k]]);
            csv.WriteField(explanation.MatchWeight.ToString("0.####", CultureInfo.InvariantCulture));
            csv.WriteField(explanation.MatchProbability.ToString("0.######", CultureInfo.InvariantCulture));
            foreach (var field in explanation.Fields)
            {
                csv.WriteField(field.LevelLabel);
                csv.WriteField((field.Weight + field.TermFrequencyWeight).ToString("0.####", CultureInfo.InvariantCulture));
            }
            await csv.NextRecordAsync();
        }
    }

    // Records named in the previous file come first for AssignStableIds; its ids are the previous cluster names
    // numbered 0..P-1, fresh ids from P on. A fresh cluster is named by its first record's id, made unique against
    // every previous name so a retired id is never handed out again.
    private static async Task<string[]> StableNamesAsync(string path, string[] ids, int[] clusters, List<string> notes, CancellationToken ct)
    {
        var previousCluster = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = new StreamReader(path))
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            await csv.ReadAsync();
            csv.ReadHeader();
            var row = 1;
            while (await csv.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                row++;
                var record = csv.GetField("record_id");
                var cluster = csv.GetField("cluster_id");
                if (string.IsNullOrEmpty(record) || string.IsNullOrEmpty(cluster))
                    throw new FormatException($"{path}, row {row}: record_id and cluster_id are both needed");
                previousCluster[record] = cluster;
            }
        }
        var names = previousCluster.Values.Distinct(StringComparer.Ordinal).ToList();
        var number = names.Select((n, k) => (n, k)).ToDictionary(x => x.n, x => (long)x.k, StringComparer.Ordinal);
        var order = Enumerable.Range(0, ids.Length).OrderBy(i => previousCluster.ContainsKey(ids[i]) ? 0 : 1).ThenBy(i => i).ToArray();
        var existing = order.TakeWhile(i => previousCluster.ContainsKey(ids[i])).Select(i => number[previousCluster[ids[i]]]).ToArray();
        var stable = Clustering.AssignStableIds(existing, order.Select(i => clusters[i]).ToArray(), names.Count);
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var fresh = new Dictionary<long, string>();
        var firstRecord = new Dictionary<long, int>();
        for (var k = 0; k < order.Length; k++)
        {
            var id = stable.EntityIds[k];
            if (id >= names.Count && (!firstRecord.TryGetValue(id, out var seen) || order[k] < seen))
                firstRecord[id] = order[k];
        }
        var result = new string[ids.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var id = stable.EntityIds[k];
            if (id < names.Count)
            {
                result[order[k]] = names[(int)id];
                continue;
            }
            if (!fresh.TryGetValue(id, out var name))
            {
                var first = ids[firstRecord[id]];
                name = first;
                for (var suffix = 2; !taken.Add(name); suffix++)
                    name = $"{first}~{suffix}";
                fresh.Add(id, name);
            }
            result[order[k]] = name;
        }
        notes.Add($"cluster ids kept from {path}: {names.Count - stable.Retired.Length} kept, {stable.Retired.Length} retired (merged), {fresh.Count} new");
        return result;
    }

    /// <summary>Reads a settings file; errors name the file and what is wrong.</summary>
    public static async Task<LinkageSettingsDocument> ReadSettingsAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        LinkageSettingsDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<LinkageSettingsDocument>(stream, LinkageSettingsDocument.Json, ct);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Path}: {e.Message}", e);
        }
        if (document is null || document.Fields.Count == 0)
            throw new FormatException($"{path}: fields: give at least one field");
        if (document.Blocking.Count == 0)
            throw new FormatException($"{path}: blocking: give at least one rule");
        foreach (var rule in document.Blocking.Concat(document.Training ?? []))
            _ = BlockingRule.Parse(rule);
        return document;
    }

    // Columns as arrays; equal values within a column share one string (names and towns repeat), which keeps a
    // million-row file in a few hundred megabytes.
    private static async Task<(string[] Header, List<string?>[] Columns)> ReadColumnsAsync(string path, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null });
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            throw new FormatException($"{path}: no header row");
        var columns = header.Select(_ => new List<string?>()).ToArray();
        var pools = header.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < header.Length; c++)
            {
                var value = csv.TryGetField<string>(c, out var v) ? v : null;
                if (string.IsNullOrEmpty(value) || MissingMarkers.Contains(value))
                {
                    columns[c].Add(null);
                    continue;
                }
                if (pools[c].TryGetValue(value, out var shared))
                    value = shared;
                else if (pools[c].Count < 1_000_000)
                    pools[c].Add(value, value);
                columns[c].Add(value);
            }
        }
        return (header, columns);
    }

    private static int ColumnIndex(string[] header, string column, string option)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new ArgumentException($"{option}: column '{column}' is not in the file (columns: {string.Join(", ", header)})");
    }
}
