using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Cli.Bench;

/// <summary><c>waterline bench</c>: prints measured figures (never asserted in tests; see docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    private static readonly Option<int> Rows = new("--rows") { Description = "Observations to write per provider.", DefaultValueFactory = _ => 1_000_000 };
    private static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "A PostgreSQL server to benchmark on (a role with CREATEDB); default: env WATERLINE_TEST_PG. Without one, PostgreSQL is left out.",
    };

    public static Command Create()
    {
        var command = new Command("bench", "Measure write throughput and dashboard latency on SQLite and PostgreSQL; prints figures.");
        command.Options.Add(Rows);
        command.Options.Add(Postgres);
        command.SetAction(async (parse, ct) =>
        {
            var rows = parse.GetValue(Rows);
            var pg = parse.GetValue(Postgres) ?? Environment.GetEnvironmentVariable("WATERLINE_TEST_PG");
            Console.WriteLine($"waterline bench: {rows:N0} rows, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            var sqliteFile = Path.Combine(Path.GetTempPath(), $"waterline-bench-{Guid.NewGuid():N}.db");
            try
            {
                await WriterAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={sqliteFile};Pooling=false"), rows, ct);
            }
            finally
            {
                File.Delete(sqliteFile);
            }
            if (!string.IsNullOrWhiteSpace(pg))
            {
                var builder = new NpgsqlConnectionStringBuilder(pg) { Database = $"bench_{Guid.NewGuid():N}" };
                var settings = new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
                try
                {
                    await WriterAsync(settings, rows, ct);
                }
                finally
                {
                    await using var db = settings.CreateContext();
                    await db.Database.EnsureDeletedAsync(CancellationToken.None);
                }
            }
            return 0;
        });
        return command;
    }

    private static async Task WriterAsync(DatabaseSettings settings, int rows, CancellationToken ct)
    {
        await using var db = settings.CreateContext();
        await DatabaseInitialiser.InitialiseAsync(db, NullLogger.Instance, ct);
        var observations = SyntheticSeizures.Generate(rows, 42, "w").ToList<Observation>();
        var clock = Stopwatch.StartNew();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var writer = ObservationWriter.Begin(db);
            foreach (var chunk in observations.Chunk(10_000))
            {
                await writer.WriteAsync(chunk, ct);
            }
            await writer.CompleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"write path   {settings.Provider,-9} {rows,10:N0} rows in {seconds,6:F2} s = {rows / seconds,9:N0} rows/s (ObservationWriter, no parsing)"));
    }
}
