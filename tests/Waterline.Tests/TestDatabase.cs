using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Waterline.Storage;

namespace Waterline.Tests;

/// <summary>A real, empty, migrated database for one test: an SQLite file in the temp folder, or a fresh
/// database on the PostgreSQL server that scripts/test starts (WATERLINE_TEST_PG). Dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "WATERLINE_TEST_PG";

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseSettings settings, string? sqliteFile)
    {
        Settings = settings;
        _sqliteFile = sqliteFile;
    }

    public DatabaseSettings Settings { get; }

    /// <summary>A context acting as the application itself (sees everything); access tests use <see cref="NewContextAsync"/>.</summary>
    public WaterlineDbContext NewContext() => Settings.CreateContext().ActAsSystem();

    /// <summary>A context acting for <paramref name="reader"/>, through the access policy.</summary>
    public async Task<WaterlineDbContext> NewContextAsync(global::Waterline.Access.Reader reader) => await Settings.CreateContext().ActAsAsync(reader, CancellationToken.None);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        TestDatabase test;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"waterline-test-{Guid.NewGuid():N}.db");
            test = new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), file);
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString()) { Database = $"wt_{Guid.NewGuid():N}" };
            test = new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString), null);
        }
        await using var db = test.NewContext();
        await DatabaseInitialiser.InitialiseAsync(db, NullLogger.Instance, CancellationToken.None);
        return test;
    }

    /// <summary>The server scripts/test starts. Missing is a failure, never a silent skip: the
    /// PostgreSQL path ships and must be tested.</summary>
    public static string PostgresConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so this PostgreSQL test cannot run. Run scripts/test, which starts a " +
                $"throwaway server, or start one yourself and set {PostgresVariable}=\"Host=127.0.0.1;Port=5432;Username=...;Password=...;Database=postgres\" " +
                "(the role needs CREATEDB).");

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
            return;
        }
        await using var db = NewContext();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.EnsureDeletedAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 5)
            {
                // DROP DATABASE ... WITH (FORCE) cannot end an autovacuum worker that happens to be in it; it soon leaves.
                await Task.Delay(200 * attempt);
            }
        }
    }
}
