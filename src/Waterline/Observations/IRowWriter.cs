namespace Waterline.Observations;

/// <summary>Where a bulk writer puts one row's values, column by column in order: PostgreSQL's binary COPY format
/// (<see cref="BinaryCopyBuffer"/>) or a prepared SQLite insert bound by position (<see cref="SqliteRowInsert"/>).</summary>
internal interface IRowWriter
{
    void Null();
    void Text(string value);
    void Int32(int value);
    void Int64(long value);
    void Float8(double value);
    void TimestampTz(DateTime value, string column);
}
