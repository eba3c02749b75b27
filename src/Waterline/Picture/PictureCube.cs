using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>A sum over the cells that share one value of each column of a grouping; columns outside the grouping
/// are null. <see cref="Sum"/> is the measure's sum; <see cref="Measurements"/> counts wastewater measurements
/// (the mean load's divisor) and is 0 for the other measures.</summary>
public sealed record CubeGroup(int? Period, string? Country, string? RegionCode, Market? Market, Echelon? Echelon,
    ObservationKind? Kind, string? SourceOrganisation, double Sum, long Measurements);

/// <summary>Which cells a scan takes: one flag per code of each column (true: taken), and an inclusive month range.
/// Build it with <see cref="PictureCube.NewFilter"/>, which takes everything.</summary>
public sealed class CubeFilter
{
    internal CubeFilter(PictureCube cube, WaterlineDbContext db)
    {
        // Access first (AccessPolicy via the context): the cube holds every reader's cells, so each scan takes only the
        // markings this request's reader may read. A context acting for nobody takes none.
        Markings = new bool[cube.MarkingLimit];
        if (db.ReadsEverything)
        {
            Array.Fill(Markings, true);
        }
        else if (db.Reader is not null)
        {
            foreach (var id in db.ReadableMarkings)
            {
                if (id < Markings.Length)
                {
                    Markings[id] = true;
                }
            }
        }
        Kinds = Everything(PictureCube.KindValues.Length);
        Markets = Everything(PictureCube.MarketValues.Length);
        Echelons = Everything(PictureCube.EchelonValues.Length);
        Countries = Everything(cube.CountryCodes.Count);
        Regions = Everything(cube.RegionCodes.Count);
        Sources = Everything(cube.SourceOrganisations.Count);
    }

    public bool[] Kinds { get; }
    public bool[] Markets { get; }
    public bool[] Echelons { get; }
    /// <summary>Indexed like <see cref="PictureCube.CountryCodes"/>; Regions and Sources likewise.</summary>
    public bool[] Countries { get; }
    public bool[] Regions { get; }
    public bool[] Sources { get; }
    /// <summary>Indexed by marking id: the markings the reader may read. Set from the context, never widened by callers.</summary>
    internal bool[] Markings { get; }
    public int FromMonth { get; set; } = int.MinValue;
    public int ToMonth { get; set; } = int.MaxValue;

    /// <summary>Takes only the listed values of a column (an empty list leaves it as it is).</summary>
    public static void Keep<T>(bool[] flags, IReadOnlyList<T> values, Func<T, int> code)
    {
        if (values.Count == 0)
        {
            return;
        }
        var keep = new bool[flags.Length];
        foreach (var value in values)
        {
            if (code(value) is var c and >= 0)
            {
                keep[c] = true;
            }
        }
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] &= keep[i];
        }
    }

    private static bool[] Everything(int length)
    {
        var flags = new bool[length];
        Array.Fill(flags, true);
        return flags;
    }
}

/// <summary>An in-memory, columnar copy of picture_cells: one array per column, the enum columns as small codes and
/// the text columns as indexes into string tables, so the market picture filters and groups by scanning arrays
/// instead of grouping text in SQL.
/// Invariants: a cube is immutable once built (readers share it without locks), and it holds exactly the cells
/// committed at <see cref="Generation"/> (picture_state.generation), read from one snapshot together with it.</summary>
public sealed class PictureCube
{
    internal static readonly ObservationKind[] KindValues = Enum.GetValues<ObservationKind>();
    internal static readonly Market[] MarketValues = Enum.GetValues<Market>();
    internal static readonly Echelon[] EchelonValues = Enum.GetValues<Echelon>();
    /// <summary>The database turns the enum names into codes: a reload then allocates half as many strings.</summary>
    private static readonly string CellsSql =
        $"SELECT {CodeSql("kind", KindValues)}, {CodeSql("market", MarketValues)}, {CodeSql("echelon", EchelonValues)}, " +
        "country, region_code, month, source_organisation, observations, quantity_kg, plants, load_sum, load_count, marking_id FROM picture_cells";

    /// <summary>Groupings with more possible keys than this (and than twice the cells summed) use a hash table.</summary>
    private const long DenseLimit = 1 << 16;

    private readonly byte[] _kinds;
    private readonly byte[] _markets;
    private readonly byte[] _echelons;
    private readonly int[] _countries;
    private readonly int[] _regions;
    private readonly int[] _sources;
    private readonly int[] _months;
    private readonly int[] _markingIds;
    private readonly long[] _observations;
    private readonly double[] _quantityKg;
    private readonly long[] _plants;
    private readonly double[] _loadSums;
    private readonly long[] _loadCounts;
    private readonly Dictionary<string, int> _countryIndex;
    private readonly Dictionary<string, int> _regionIndex;
    private readonly Dictionary<string, int> _sourceIndex;
    /// <summary>Per granularity: the period index of each month (indexed by month - FirstMonth), and the periods.</summary>
    private readonly (int[] Slots, int[] Periods)[] _periods;

    private PictureCube(long generation, Builder b)
    {
        Generation = generation;
        Count = b.Count;
        _kinds = b.Kinds[..Count];
        _markets = b.Markets[..Count];
        _echelons = b.Echelons[..Count];
        _countries = b.Countries[..Count];
        _regions = b.Regions[..Count];
        _sources = b.Sources[..Count];
        _months = b.Months[..Count];
        _markingIds = b.MarkingIds[..Count];
        MarkingLimit = Count == 0 ? 0 : _markingIds.Max() + 1;
        _observations = b.Observations[..Count];
        _quantityKg = b.QuantityKg[..Count];
        _plants = b.Plants[..Count];
        _loadSums = b.LoadSums[..Count];
        _loadCounts = b.LoadCounts[..Count];
        _countryIndex = b.CountryIndex;
        _regionIndex = b.RegionIndex;
        _sourceIndex = b.SourceIndex;
        CountryCodes = Table(b.CountryIndex);
        RegionCodes = Table(b.RegionIndex);
        RegionNames = [.. RegionCodes.Select(code => code.Length == 0 ? "(no province)" : b.PlaceNames.GetValueOrDefault(code, code))];
        SourceOrganisations = Table(b.SourceIndex);
        if (Count > 0)
        {
            FirstMonth = _months.Min();
            LastMonth = _months.Max();
        }
        _periods = [.. Enum.GetValues<PictureGranularity>().Select(g => PeriodTable(g))];
    }

    /// <summary>picture_state.generation at the snapshot the cube was read from.</summary>
    public long Generation { get; }

    /// <summary>Number of cells.</summary>
    public int Count { get; }

    public IReadOnlyList<string> CountryCodes { get; }
    /// <summary>Province codes; "" for cells without a province.</summary>
    public IReadOnlyList<string> RegionCodes { get; }
    /// <summary>Aligned with RegionCodes: the gazetteer's English (else Dutch) name, read in the same snapshot;
    /// the code itself when the gazetteer lacks it.</summary>
    public IReadOnlyList<string> RegionNames { get; }
    public IReadOnlyList<string> SourceOrganisations { get; }

    /// <summary>The first and last month (202403) with data; null when the cube is empty.</summary>
    public int? FirstMonth { get; }
    public int? LastMonth { get; }

    public static int KindCode(ObservationKind kind) => Array.IndexOf(KindValues, kind);
    public static int MarketCode(Market market) => Array.IndexOf(MarketValues, market);
    public static int EchelonCode(Echelon echelon) => Array.IndexOf(EchelonValues, echelon);
    /// <summary>-1 when no cell has this value.</summary>
    public int CountryCode(string country) => _countryIndex.GetValueOrDefault(country, -1);
    public int RegionCode(string regionCode) => _regionIndex.GetValueOrDefault(regionCode, -1);
    public string RegionName(string regionCode) => _regionIndex.TryGetValue(regionCode, out var code) ? RegionNames[code] : regionCode;
    public int SourceCode(string sourceOrganisation) => _sourceIndex.GetValueOrDefault(sourceOrganisation, -1);

    /// <summary>A filter that takes everything <paramref name="db"/>'s reader may read.</summary>
    public CubeFilter NewFilter(WaterlineDbContext db) => new(this, db);

    /// <summary>The distinct marking ids of the cells the filter takes.</summary>
    public IReadOnlyList<int> MarkingsIn(CubeFilter filter)
    {
        var rows = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
        try
        {
            var picked = Pick(filter, rows);
            var seen = new bool[MarkingLimit];
            var ids = new List<int>();
            foreach (var i in rows.AsSpan(0, picked))
            {
                if (!seen[_markingIds[i]])
                {
                    seen[_markingIds[i]] = true;
                    ids.Add(_markingIds[i]);
                }
            }
            return ids;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>One more than the highest marking id among the cells.</summary>
    public int MarkingLimit { get; }

    /// <summary>First and last month among the cells the filter takes (null when it takes none): what a reader may
    /// be offered as the data's period, which must not betray records outside their reach.</summary>
    public (int? First, int? Last) MonthRange(CubeFilter filter)
    {
        var rows = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
        try
        {
            var picked = Pick(filter, rows);
            if (picked == 0)
            {
                return (null, null);
            }
            var (first, last) = (int.MaxValue, int.MinValue);
            foreach (var i in rows.AsSpan(0, picked))
            {
                first = Math.Min(first, _months[i]);
                last = Math.Max(last, _months[i]);
            }
            return (first, last);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>The period a month falls in: 202403 by month, 20241 (year*10+quarter) by quarter, 2024 by year.</summary>
    public static int PeriodOf(int month, PictureGranularity granularity) => granularity switch
    {
        PictureGranularity.Quarter => (month / 100 * 10) + (((month % 100) + 2) / 3),
        PictureGranularity.Year => month / 100,
        _ => month,
    };

    /// <summary>Sums the measure over the cells the filter takes, once per grouping. One pass picks the cells (a cell
    /// is taken when every column's flag for its code is set: an access marking becomes one more such column), then
    /// one pass per grouping over the picked cells only.</summary>
    public IReadOnlyList<CubeGroup>[] Sum(CubeFilter filter, PictureMeasure measure, PictureGranularity granularity,
        IReadOnlyList<IReadOnlyList<PictureColumn>> groupings)
    {
        // Scratch space from the shared pool: a dashboard request would otherwise allocate a few MB per call.
        var rows = ArrayPool<int>.Shared.Rent(Count);
        var values = ArrayPool<double>.Shared.Rent(Count);
        var measurements = ArrayPool<long>.Shared.Rent(Count);
        var keys = ArrayPool<long>.Shared.Rent(Count);
        try
        {
            var picked = Pick(filter, rows);
            Span<long> counted = measure == PictureMeasure.MeanLoad ? measurements.AsSpan(0, picked) : [];
            ReadMeasure(measure, rows.AsSpan(0, picked), values.AsSpan(0, picked), counted);
            var result = new IReadOnlyList<CubeGroup>[groupings.Count];
            for (var g = 0; g < groupings.Count; g++)
            {
                result[g] = Group(groupings[g], filter, granularity, rows.AsSpan(0, picked), values.AsSpan(0, picked), counted, keys.AsSpan(0, picked));
            }
            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<long>.Shared.Return(measurements);
            ArrayPool<long>.Shared.Return(keys);
        }
    }

    // Hot loops over every cell on every request: compiled optimised at once rather than through the JIT's tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Pick(CubeFilter filter, int[] rows)
    {
        var (kinds, markets, echelons) = (filter.Kinds, filter.Markets, filter.Echelons);
        var (countries, regions, sources) = (filter.Countries, filter.Regions, filter.Sources);
        var (from, to) = (filter.FromMonth, filter.ToMonth);
        var markings = filter.Markings;
        var picked = 0;
        for (var i = 0; i < Count; i++)
        {
            var month = _months[i];
            if (month < from || month > to || !kinds[_kinds[i]] || !markets[_markets[i]] || !echelons[_echelons[i]]
                || !countries[_countries[i]] || !regions[_regions[i]] || !sources[_sources[i]] || !markings[_markingIds[i]])
            {
                continue;
            }
            rows[picked++] = i;
        }
        return picked;
    }

    private void ReadMeasure(PictureMeasure measure, ReadOnlySpan<int> rows, Span<double> values, Span<long> measurements)
    {
        switch (measure)
        {
            case PictureMeasure.QuantityKg:
                Gather(_quantityKg, rows, values);
                break;
            case PictureMeasure.Plants:
                Gather(_plants, rows, values);
                break;
            case PictureMeasure.MeanLoad:
                Gather(_loadSums, rows, values);
                for (var j = 0; j < rows.Length; j++)
                {
                    measurements[j] = _loadCounts[rows[j]];
                }
                break;
            default:
                Gather(_observations, rows, values);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather<T>(T[] column, ReadOnlySpan<int> rows, Span<double> values) where T : INumberBase<T>
    {
        for (var j = 0; j < rows.Length; j++)
        {
            values[j] = double.CreateTruncating(column[rows[j]]);
        }
    }

    private IReadOnlyList<CubeGroup> Group(IReadOnlyList<PictureColumn> columns, CubeFilter filter, PictureGranularity granularity,
        ReadOnlySpan<int> rows, ReadOnlySpan<double> values, ReadOnlySpan<long> measurements, Span<long> keys)
    {
        // A group's key is its codes in mixed radix: sum of code * multiplier, one multiplier per column. Codes are
        // renumbered over the values the filter takes (kind=seizure: one kind), which keeps the key space small.
        var (slots, periods) = _periods[(int)granularity];
        var radices = new long[columns.Count];
        var multipliers = new long[columns.Count];
        var codeOf = new int[columns.Count][];
        var keySpace = 1L;
        keys.Clear();
        for (var c = 0; c < columns.Count; c++)
        {
            var taken = columns[c] switch
            {
                PictureColumn.Period => null,
                PictureColumn.Country => filter.Countries,
                PictureColumn.Region => filter.Regions,
                PictureColumn.Market => filter.Markets,
                PictureColumn.Echelon => filter.Echelons,
                PictureColumn.Kind => filter.Kinds,
                PictureColumn.Source => filter.Sources,
                _ => throw new ArgumentOutOfRangeException(nameof(columns), columns[c], "not a grouping column"),
            };
            int[]? renumbered = null;
            if (taken is not null)
            {
                (renumbered, codeOf[c]) = Renumber(taken);
            }
            radices[c] = Math.Max(1, taken is null ? periods.Length : codeOf[c].Length);
            multipliers[c] = keySpace;
            keySpace = checked(keySpace * radices[c]);
            var m = multipliers[c];
            switch (columns[c])
            {
                case PictureColumn.Period:
                    AddPeriods(_months, FirstMonth ?? 0, slots, rows, m, keys);
                    break;
                case PictureColumn.Country:
                    AddCodes(_countries, renumbered!, rows, m, keys);
                    break;
                case PictureColumn.Region:
                    AddCodes(_regions, renumbered!, rows, m, keys);
                    break;
                case PictureColumn.Market:
                    AddCodes(_markets, renumbered!, rows, m, keys);
                    break;
                case PictureColumn.Echelon:
                    AddCodes(_echelons, renumbered!, rows, m, keys);
                    break;
                case PictureColumn.Kind:
                    AddCodes(_kinds, renumbered!, rows, m, keys);
                    break;
                default:
                    AddCodes(_sources, renumbered!, rows, m, keys);
                    break;
            }
        }

        // Dense arrays while the key space is small or not much larger than the cells summed; a hash table beyond.
        var sums = keySpace <= Math.Max(DenseLimit, 2L * rows.Length)
            ? SumDense(keys, values, measurements, (int)keySpace)
            : SumSparse(keys, values, measurements);
        var groups = new CubeGroup[sums.Count];
        var codes = new int[columns.Count];
        for (var s = 0; s < sums.Count; s++)
        {
            var (key, sum, count) = sums[s];
            for (var c = 0; c < columns.Count; c++)
            {
                var code = (int)(key / multipliers[c] % radices[c]);
                codes[c] = codeOf[c] is { } original ? original[code] : code;
            }
            groups[s] = new CubeGroup(
                Decode(columns, codes, PictureColumn.Period) is { } p ? periods[p] : null,
                Decode(columns, codes, PictureColumn.Country) is { } country ? CountryCodes[country] : null,
                Decode(columns, codes, PictureColumn.Region) is { } region ? RegionCodes[region] : null,
                Decode(columns, codes, PictureColumn.Market) is { } market ? MarketValues[market] : null,
                Decode(columns, codes, PictureColumn.Echelon) is { } echelon ? EchelonValues[echelon] : null,
                Decode(columns, codes, PictureColumn.Kind) is { } kind ? KindValues[kind] : null,
                Decode(columns, codes, PictureColumn.Source) is { } source ? SourceOrganisations[source] : null,
                sum, count);
        }
        return groups;
    }

    private static int? Decode(IReadOnlyList<PictureColumn> columns, int[] codes, PictureColumn column)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c] == column)
            {
                return codes[c];
            }
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddPeriods(int[] months, int firstMonth, int[] slots, ReadOnlySpan<int> rows, long multiplier, Span<long> keys)
    {
        for (var j = 0; j < rows.Length; j++)
        {
            keys[j] += slots[months[rows[j]] - firstMonth] * multiplier;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddCodes<T>(T[] codes, int[] renumbered, ReadOnlySpan<int> rows, long multiplier, Span<long> keys)
        where T : IBinaryInteger<T>
    {
        for (var j = 0; j < rows.Length; j++)
        {
            keys[j] += renumbered[int.CreateTruncating(codes[rows[j]])] * multiplier;
        }
    }

    /// <summary>New consecutive codes for the taken values (-1 for the others, which no picked cell has), and back.</summary>
    private static (int[] Renumbered, int[] Original) Renumber(bool[] taken)
    {
        var renumbered = new int[taken.Length];
        var original = new List<int>();
        for (var code = 0; code < taken.Length; code++)
        {
            renumbered[code] = taken[code] ? original.Count : -1;
            if (taken[code])
            {
                original.Add(code);
            }
        }
        return (renumbered, [.. original]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(long Key, double Sum, long Measurements)> SumDense(ReadOnlySpan<long> keys, ReadOnlySpan<double> values,
        ReadOnlySpan<long> measurements, int keySpace)
    {
        var sumArray = ArrayPool<double>.Shared.Rent(keySpace);
        var countArray = ArrayPool<long>.Shared.Rent(keySpace);
        var seenArray = ArrayPool<bool>.Shared.Rent(keySpace);
        try
        {
            var sums = sumArray.AsSpan(0, keySpace);
            var counts = countArray.AsSpan(0, keySpace);
            var seen = seenArray.AsSpan(0, keySpace);
            sums.Clear();
            counts.Clear();
            seen.Clear();
            for (var j = 0; j < keys.Length; j++)
            {
                var key = keys[j];
                sums[(int)key] += values[j];
                seen[(int)key] = true;
            }
            if (!measurements.IsEmpty)
            {
                for (var j = 0; j < keys.Length; j++)
                {
                    counts[(int)keys[j]] += measurements[j];
                }
            }
            var result = new List<(long, double, long)>();
            for (var key = 0; key < keySpace; key++)
            {
                if (seen[key])
                {
                    result.Add((key, sums[key], counts[key]));
                }
            }
            return result;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sumArray);
            ArrayPool<long>.Shared.Return(countArray);
            ArrayPool<bool>.Shared.Return(seenArray);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(long Key, double Sum, long Measurements)> SumSparse(ReadOnlySpan<long> keys, ReadOnlySpan<double> values,
        ReadOnlySpan<long> measurements)
    {
        var slots = new Dictionary<long, int>();
        var result = new List<(long Key, double Sum, long Measurements)>();
        for (var j = 0; j < keys.Length; j++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, keys[j], out var exists);
            if (!exists)
            {
                slot = result.Count;
                result.Add((keys[j], 0, 0));
            }
            ref var sum = ref CollectionsMarshal.AsSpan(result)[slot];
            sum.Sum += values[j];
            if (!measurements.IsEmpty)
            {
                sum.Measurements += measurements[j];
            }
        }
        return result;
    }

    private (int[] Slots, int[] Periods) PeriodTable(PictureGranularity granularity)
    {
        if (FirstMonth is not { } first || LastMonth is not { } last)
        {
            return ([], []);
        }
        var slots = new int[last - first + 1];
        var periods = new List<int>();
        for (var month = first; month <= last; month++)
        {
            var period = PeriodOf(month, granularity);
            if (periods.Count == 0 || periods[^1] != period)
            {
                periods.Add(period);
            }
            slots[month - first] = periods.Count - 1;
        }
        return (slots, [.. periods]);
    }

    /// <summary>A cube of the given cells (region names: the codes); what <see cref="LoadAsync"/> builds from the table.</summary>
    public static PictureCube Of(long generation, IEnumerable<PictureCell> cells)
    {
        var b = new Builder();
        foreach (var c in cells)
        {
            b.Add((byte)KindCode(c.Kind), (byte)MarketCode(c.Market), (byte)EchelonCode(c.Echelon), c.Country, c.RegionCode,
                c.Month, c.SourceOrganisation, c.Observations, c.QuantityKg, c.Plants, c.LoadSum, c.LoadCount, c.MarkingId);
        }
        return new PictureCube(generation, b);
    }

    /// <summary>The committed generation, in the context's transaction if it has one.</summary>
    public static async Task<long> ReadGenerationAsync(WaterlineDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await ReadGenerationAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Reads picture_cells straight into the arrays (no entities), together with the generation, from one
    /// snapshot: a repeatable-read transaction on PostgreSQL, a deferred (snapshot) read transaction on SQLite in WAL
    /// mode. Inside the context's own transaction it reads there, uncommitted cells included.</summary>
    public static async Task<PictureCube> LoadAsync(WaterlineDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (db.Database.CurrentTransaction?.GetDbTransaction() is { } outer)
            {
                return await ReadAsync(connection, outer, ct);
            }
            await using var snapshot = db.Provider == DatabaseProvider.Sqlite
                ? ((SqliteConnection)connection).BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var cube = await ReadAsync(connection, snapshot, ct);
            await snapshot.CommitAsync(ct);
            return cube;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> ReadGenerationAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = PictureState.ReadSql;
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<PictureCube> ReadAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var generation = await ReadGenerationAsync(connection, transaction, ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CellsSql;
        var b = new Builder();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                b.Add((byte)reader.GetInt32(0), (byte)reader.GetInt32(1), (byte)reader.GetInt32(2),
                    reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetString(6),
                    reader.GetInt64(7), reader.GetDouble(8), reader.GetInt64(9), reader.GetDouble(10), reader.GetInt64(11), reader.GetInt32(12));
            }
        }
        // The gazetteer is reference data loaded at initialisation; reading it here spares every request a query.
        command.CommandText = "SELECT code, coalesce(name_en, name_nl) FROM places";
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(0);
                if (b.RegionIndex.ContainsKey(code))
                {
                    b.PlaceNames[code] = reader.GetString(1);
                }
            }
        }
        return new PictureCube(generation, b);
    }

    /// <summary>CASE kind WHEN 'Seizure' THEN 0 ... END: enum names are code-defined identifiers, safe in SQL text.</summary>
    private static string CodeSql<T>(string column, T[] values) where T : struct, Enum =>
        $"CASE {column} {string.Concat(values.Select((v, i) => $"WHEN '{v}' THEN {i} "))}END";

    private static string[] Table(Dictionary<string, int> index)
    {
        var table = new string[index.Count];
        foreach (var (text, code) in index)
        {
            table[code] = text;
        }
        return table;
    }

    /// <summary>Growing columns while the cells stream in; the cube copies them to their exact length.</summary>
    private sealed class Builder
    {
        public int Count;
        public byte[] Kinds = new byte[1024];
        public byte[] Markets = new byte[1024];
        public byte[] Echelons = new byte[1024];
        public int[] Countries = new int[1024];
        public int[] Regions = new int[1024];
        public int[] Sources = new int[1024];
        public int[] Months = new int[1024];
        public int[] MarkingIds = new int[1024];
        public long[] Observations = new long[1024];
        public double[] QuantityKg = new double[1024];
        public long[] Plants = new long[1024];
        public double[] LoadSums = new double[1024];
        public long[] LoadCounts = new long[1024];
        public readonly Dictionary<string, int> CountryIndex = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> RegionIndex = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> SourceIndex = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> PlaceNames = new(StringComparer.Ordinal);

        public void Add(byte kind, byte market, byte echelon, string country, string region, int month, string source,
            long observations, double quantityKg, long plants, double loadSum, long loadCount, int markingId)
        {
            if (Count == Kinds.Length)
            {
                var size = Count * 2;
                Array.Resize(ref Kinds, size);
                Array.Resize(ref Markets, size);
                Array.Resize(ref Echelons, size);
                Array.Resize(ref Countries, size);
                Array.Resize(ref Regions, size);
                Array.Resize(ref Sources, size);
                Array.Resize(ref Months, size);
                Array.Resize(ref MarkingIds, size);
                Array.Resize(ref Observations, size);
                Array.Resize(ref QuantityKg, size);
                Array.Resize(ref Plants, size);
                Array.Resize(ref LoadSums, size);
                Array.Resize(ref LoadCounts, size);
            }
            var i = Count++;
            Kinds[i] = kind;
            Markets[i] = market;
            Echelons[i] = echelon;
            Countries[i] = Intern(CountryIndex, country);
            Regions[i] = Intern(RegionIndex, region);
            Sources[i] = Intern(SourceIndex, source);
            Months[i] = month;
            MarkingIds[i] = markingId;
            Observations[i] = observations;
            QuantityKg[i] = quantityKg;
            Plants[i] = plants;
            LoadSums[i] = loadSum;
            LoadCounts[i] = loadCount;
        }

        private static int Intern(Dictionary<string, int> index, string text)
        {
            ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(index, text, out var exists);
            if (!exists)
            {
                code = index.Count - 1;
            }
            return code;
        }
    }
}
