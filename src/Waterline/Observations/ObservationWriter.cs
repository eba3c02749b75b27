using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Waterline.Access;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Observations;

/// <summary>Writes observations in bulk inside the caller's transaction and keeps the picture's
/// pre-aggregates (picture_cells) in step in that same transaction: PostgreSQL through binary COPY,
/// SQLite through one prepared insert reused for every row. EF change tracking would cost ~10x here.</summary>
public sealed class ObservationWriter : IAsyncDisposable
{
    private readonly WaterlineDbContext _db;
    private readonly Dictionary<CellKey, CellDelta> _cells = [];
    private readonly MarkingCatalogue _markings;
    private SqliteRowInsert? _sqliteInsert;
    private NpgsqlRawCopyStream? _copy;
    private readonly BinaryCopyBuffer _rows = new();
    // The kinds the open COPY or prepared insert covers (one bit each) and its columns: only those these kinds can fill,
    // the others stay NULL by default. Widened, with a new statement, when a batch brings another kind.
    private uint _kinds;
    private ObservationColumns.Column[] _columns = [];
    // Rows go to the socket in chunks of about this size: few system calls, little memory.
    private const int CopyChunkBytes = 1 << 16;
    private bool _retracted;

    private ObservationWriter(WaterlineDbContext db)
    {
        _db = db;
        _markings = new MarkingCatalogue(db);
    }

    /// <summary>Starts a writer. The context must have an open transaction: the writer never commits.</summary>
    public static ObservationWriter Begin(WaterlineDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("ObservationWriter needs a transaction: imports are all or nothing.");
        }
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // A larger page cache for bulk writes on this connection (64 MB); WAL is set by the initialiser.
            db.Database.ExecuteSqlRaw("PRAGMA cache_size = -65536");
        }
        return new ObservationWriter(db);
    }

    /// <summary>Inserts the observations (the caller has validated them and removed those already present). The connection
    /// is free for other statements when it returns.</summary>
    public async Task WriteAsync(IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        await StreamAsync(observations, ct);
        await PauseAsync(ct);
    }

    /// <summary>Inserts the observations and, on PostgreSQL, leaves the COPY open for the next batch, so the server loads
    /// this batch while the caller reads the next one (ending a COPY per batch left both cores idle a third of the time,
    /// docs/benchmarks.md). Until <see cref="PauseAsync"/> or <see cref="CompleteAsync"/> the caller must not use the
    /// connection for anything else.</summary>
    public async Task StreamAsync(IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        if (observations.Count == 0)
        {
            return;
        }
        // Every record leaves here with its access marking: nothing is stored that the policy cannot decide on.
        // Known markings need no statement; a new one does, and a statement cannot run inside a COPY.
        if (!_markings.TryAssignKnown(observations))
        {
            await PauseAsync(ct);
            await _markings.AssignAsync(observations, ct);
        }
        var kinds = 0u;
        foreach (var o in observations)
        {
            Accumulate(o);
            kinds |= ObservationColumns.KindBit(o.Kind);
        }
        if ((kinds & ~_kinds) != 0)
        {
            await PauseAsync(ct);
            _sqliteInsert?.Dispose();
            _sqliteInsert = null;
            _kinds |= kinds;
            _columns = ObservationColumns.For(_kinds);
        }
        if (_db.Provider == DatabaseProvider.Postgres)
        {
            await CopyAsync(observations, ct);
        }
        else
        {
            InsertSqlite(observations, ct);
        }
    }

    /// <summary>Ends an open COPY: waits until the server has stored every row streamed so far, and frees the connection.</summary>
    public async Task PauseAsync(CancellationToken ct)
    {
        if (_copy is not null)
        {
            var copy = _copy;
            _copy = null;
            _rows.Trailer();
            await using (copy)
            {
                // Disposing the stream ends the COPY and waits for the server to confirm every row.
                await copy.WriteAsync(_rows.Pending, ct);
                _rows.Clear();
            }
        }
    }

    /// <summary>A COPY still open here was not completed: disposing it cancels it on the server, so the caller's
    /// transaction can roll back. A prepared SQLite insert is finalised. Nothing is committed or rolled back here.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            var copy = _copy;
            _copy = null;
            _rows.Clear();
            await copy.CancelAsync();
            await copy.DisposeAsync();
        }
        _sqliteInsert?.Dispose();
        _sqliteInsert = null;
    }

    /// <summary>Adds the accumulated deltas to picture_cells and raises picture_state.generation, so cached cubes of
    /// the picture see the change once it commits. Call once, before committing.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await PauseAsync(ct);
        if (_cells.Count > 0)
        {
            // First: on PostgreSQL its row lock, held to the commit, makes writers of the cells take turns, so the MERGE
            // below never races another transaction inserting the same new cell. Rolled back with the cells if they fail.
            await _db.Database.ExecuteSqlRawAsync(PictureState.AdvanceSql, ct);
            if (_db.Provider == DatabaseProvider.Postgres)
            {
                await MergeCellsPostgresAsync(ct);
            }
            else
            {
                await UpsertCellsSqliteAsync(ct);
            }
            _cells.Clear();
        }
        if (_retracted)
        {
            // A cell of no observation would still show its marking's row: it goes.
            await _db.Database.ExecuteSqlRawAsync("DELETE FROM picture_cells WHERE observations = 0", ct);
            _retracted = false;
        }
        _sqliteInsert?.Dispose();
        _sqliteInsert = null;
    }

    /// <summary>Moves a stored observation to another marking (forwarding): its row, its subjects and its share of the
    /// picture, in this transaction. The emptied cell is removed at <see cref="CompleteAsync"/>.</summary>
    public async Task RemarkAsync(Observation o, int markingId, CancellationToken ct)
    {
        // Its updates are statements: an open COPY ends first.
        await PauseAsync(ct);
        Accumulate(o, -1);
        await _db.Observations.IgnoreQueryFilters().Where(x => x.Id == o.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MarkingId, markingId), ct);
        await _db.Subjects.IgnoreQueryFilters().Where(x => x.ObservationId == o.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MarkingId, markingId), ct);
        await _db.Set<Networks.SubjectRelation>().IgnoreQueryFilters().Where(x => x.ObservationId == o.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MarkingId, markingId), ct);
        o.MarkingId = markingId;
        Accumulate(o, +1);
        _retracted = true;
    }

    private void Accumulate(Observation o, int sign = 1)
    {
        // Investigation reports count nothing in a market: they stay out of the picture (and out of its kind filter).
        if (o.Kind == ObservationKind.InvestigationReport)
        {
            return;
        }
        var key = new CellKey(o.Kind, o.Market, o.Echelon, o.Country, o.RegionCode ?? "",
            (o.OccurredAt.Year * 100) + o.OccurredAt.Month, o.SourceOrganisation, o.MarkingId);
        // One hash lookup per record: the delta is updated in place.
        ref var d = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out _);
        d.Observations += sign;
        switch (o)
        {
            case Seizure s when s.QuantityKg is { } kg:
                d.QuantityKg += sign * kg;
                break;
            case ProductionSite p when p.PlantCount is { } plants:
                d.Plants += sign * plants;
                break;
            case WastewaterMeasurement w:
                d.LoadSum += sign * w.Load;
                d.LoadCount += sign;
                break;
        }
    }

    private async Task CopyAsync(IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        var columns = _columns;
        if (_copy is null)
        {
            var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
            _copy = await connection.BeginRawBinaryCopyAsync(
                $"COPY observations ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct);
            _rows.Header();
        }
        foreach (var o in observations)
        {
            _rows.StartRow(columns.Length);
            foreach (var c in columns)
            {
                c.Write(_rows, o);
            }
            if (_rows.Length >= CopyChunkBytes)
            {
                await SendRowsAsync(ct);
            }
        }
        await SendRowsAsync(ct);
    }

    private async Task SendRowsAsync(CancellationToken ct)
    {
        await _copy!.WriteAsync(_rows.Pending, ct);
        _rows.Clear();
    }

    // One prepared single-row insert reused for every row, bound by position (SqliteRowInsert says why).
    private void InsertSqlite(IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        var columns = _columns;
        if (_sqliteInsert is null)
        {
            var connection = (SqliteConnection)_db.Database.GetDbConnection();
            var values = string.Join(", ", columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)));
            _sqliteInsert = new SqliteRowInsert(connection,
                $"INSERT INTO observations ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({values})");
        }
        ct.ThrowIfCancellationRequested();
        foreach (var o in observations)
        {
            _sqliteInsert.StartRow();
            foreach (var c in columns)
            {
                c.Write(_sqliteInsert, o);
            }
            _sqliteInsert.Execute();
        }
    }

    private async Task UpsertCellsSqliteAsync(CancellationToken ct)
    {
        var connection = (SqliteConnection)_db.Database.GetDbConnection();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = (SqliteTransaction)_db.Database.CurrentTransaction!.GetDbTransaction();
        cmd.CommandText =
            "INSERT INTO picture_cells (kind, market, echelon, country, region_code, month, source_organisation, marking_id, " +
            "observations, quantity_kg, plants, load_sum, load_count) VALUES ($k, $m, $e, $c, $r, $mo, $s, $mk, $n, $q, $p, $ls, $lc)" +
            " ON CONFLICT (kind, market, echelon, country, region_code, month, source_organisation, marking_id) DO UPDATE SET " +
            "observations = picture_cells.observations + excluded.observations, " +
            "quantity_kg = picture_cells.quantity_kg + excluded.quantity_kg, " +
            "plants = picture_cells.plants + excluded.plants, " +
            "load_sum = picture_cells.load_sum + excluded.load_sum, " +
            "load_count = picture_cells.load_count + excluded.load_count";
        var names = new[] { "$k", "$m", "$e", "$c", "$r", "$mo", "$s", "$mk", "$n", "$q", "$p", "$ls", "$lc" };
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter(n, null));
        }
        cmd.Prepare();
        foreach (var (k, d) in _cells)
        {
            cmd.Parameters[0].Value = k.Kind.ToString();
            cmd.Parameters[1].Value = k.Market.ToString();
            cmd.Parameters[2].Value = k.Echelon.ToString();
            cmd.Parameters[3].Value = k.Country;
            cmd.Parameters[4].Value = k.RegionCode;
            cmd.Parameters[5].Value = k.Month;
            cmd.Parameters[6].Value = k.SourceOrganisation;
            cmd.Parameters[7].Value = k.MarkingId;
            cmd.Parameters[8].Value = d.Observations;
            cmd.Parameters[9].Value = d.QuantityKg;
            cmd.Parameters[10].Value = d.Plants;
            cmd.Parameters[11].Value = d.LoadSum;
            cmd.Parameters[12].Value = d.LoadCount;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task MergeCellsPostgresAsync(CancellationToken ct)
    {
        // One statement for all cells: arrays in, unnest on the server; no round trip per cell. MERGE joins the deltas to
        // the cells once, where INSERT ... ON CONFLICT paid a speculative insertion per cell (1.4 s against 0.9 s for 130k
        // new cells, docs/benchmarks.md); the picture_state lock taken before keeps concurrent writers apart.
        var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
        // In key order: new cells then go in at the index's right edge instead of all over it (0.43 s against 1.04 s for
        // 130k new cells). Ordinal order equals the server's for these ASCII codes under C and C.UTF-8.
        var keys = _cells.Keys.Order(CellKeyOrder.Instance).ToArray();
        var deltas = keys.Select(k => _cells[k]).ToArray();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText =
            "MERGE INTO picture_cells p USING (SELECT * FROM unnest(@k, @m, @e, @c, @r, @mo, @s, @mk, @n, @q, @p, @ls, @lc) " +
            "AS d(kind, market, echelon, country, region_code, month, source_organisation, marking_id, " +
            "observations, quantity_kg, plants, load_sum, load_count)) d " +
            "ON p.kind = d.kind AND p.market = d.market AND p.echelon = d.echelon AND p.country = d.country " +
            "AND p.region_code = d.region_code AND p.month = d.month AND p.source_organisation = d.source_organisation " +
            "AND p.marking_id = d.marking_id " +
            "WHEN MATCHED THEN UPDATE SET observations = p.observations + d.observations, quantity_kg = p.quantity_kg + d.quantity_kg, " +
            "plants = p.plants + d.plants, load_sum = p.load_sum + d.load_sum, load_count = p.load_count + d.load_count " +
            "WHEN NOT MATCHED THEN INSERT (kind, market, echelon, country, region_code, month, source_organisation, marking_id, " +
            "observations, quantity_kg, plants, load_sum, load_count) VALUES (d.kind, d.market, d.echelon, d.country, d.region_code, " +
            "d.month, d.source_organisation, d.marking_id, d.observations, d.quantity_kg, d.plants, d.load_sum, d.load_count)";
        cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => EnumText<ObservationKind>.Of(k.Kind)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => EnumText<Market>.Of(k.Market)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => EnumText<Echelon>.Of(k.Echelon)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => k.Country).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => k.RegionCode).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("mo", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Month).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.Select(k => k.SourceOrganisation).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("mk", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.MarkingId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deltas.Select(d => d.Observations).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = deltas.Select(d => d.QuantityKg).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deltas.Select(d => d.Plants).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("ls", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = deltas.Select(d => d.LoadSum).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("lc", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deltas.Select(d => d.LoadCount).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The order of picture_cells' primary key: enums by their stored names, text ordinally.</summary>
    private sealed class CellKeyOrder : IComparer<CellKey>
    {
        public static readonly CellKeyOrder Instance = new();

        public int Compare(CellKey a, CellKey b)
        {
            var c = string.CompareOrdinal(EnumText<ObservationKind>.Of(a.Kind), EnumText<ObservationKind>.Of(b.Kind));
            if (c == 0) c = string.CompareOrdinal(EnumText<Market>.Of(a.Market), EnumText<Market>.Of(b.Market));
            if (c == 0) c = string.CompareOrdinal(EnumText<Echelon>.Of(a.Echelon), EnumText<Echelon>.Of(b.Echelon));
            if (c == 0) c = string.CompareOrdinal(a.Country, b.Country);
            if (c == 0) c = string.CompareOrdinal(a.RegionCode, b.RegionCode);
            if (c == 0) c = a.Month.CompareTo(b.Month);
            if (c == 0) c = string.CompareOrdinal(a.SourceOrganisation, b.SourceOrganisation);
            return c != 0 ? c : a.MarkingId.CompareTo(b.MarkingId);
        }
    }

    private readonly record struct CellKey(ObservationKind Kind, Market Market, Echelon Echelon, string Country,
        string RegionCode, int Month, string SourceOrganisation, int MarkingId);

    private struct CellDelta
    {
        public long Observations;
        public double QuantityKg;
        public long Plants;
        public double LoadSum;
        public long LoadCount;
    }
}
