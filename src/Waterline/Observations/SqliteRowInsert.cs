using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Waterline.Observations;

/// <summary>One prepared INSERT on the connection's SQLite handle, its values bound by position through SQLitePCL's raw
/// API. Microsoft.Data.Sqlite looks every named parameter up by name on each execution (a linear scan of all names per
/// value) and boxes every value; on a 31-column row that was most of the SQLite import's CPU (docs/benchmarks.md).
/// Values are stored as EF's SQLite provider stores them (enums and times as text), so EF reads back what this wrote.</summary>
internal sealed class SqliteRowInsert : IRowWriter, IDisposable
{
    // EF Core's SQLite format for DateTime (trailing zeros of the fraction and a bare '.' dropped).
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[256];
    private int _index;

    public SqliteRowInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void StartRow() => _index = 0;

    public void Null() => Check(raw.sqlite3_bind_null(_statement, ++_index));

    public void Text(string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < most)
        {
            _utf8 = new byte[most];
        }
        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, ++_index, _utf8.AsSpan(0, length)));
    }

    public void Int32(int value) => Check(raw.sqlite3_bind_int64(_statement, ++_index, value));

    public void Int64(long value) => Check(raw.sqlite3_bind_int64(_statement, ++_index, value));

    public void Float8(double value) => Check(raw.sqlite3_bind_double(_statement, ++_index, value));

    public void TimestampTz(DateTime value, string column)
    {
        Span<byte> text = stackalloc byte[32];
        if (!value.TryFormat(text, out var length, TimeFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Column {column}: the time {value:O} does not fit its text form.");
        }
        Check(raw.sqlite3_bind_text(_statement, ++_index, text[..length]));
    }

    /// <summary>Inserts the row bound since <see cref="StartRow"/>; a failure (a constraint, a full disk) throws SQLite's
    /// own error, as Microsoft.Data.Sqlite would.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }
        Check(raw.sqlite3_reset(_statement));
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
