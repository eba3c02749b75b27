using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Cli.Bench;

/// <summary><c>waterline bench</c>: measures and prints; nothing here is asserted by a test (docs/benchmarks.md).
/// Stages: import (a generated CSV through the full intake use case, validation included) and latency (the
/// dashboard's use case at growing sizes). Each provider gets a fresh database that is dropped afterwards.</summary>
internal static class BenchCommand
{
    private static readonly Option<int> ImportRows = new("--import-rows")
    {
        Description = "Rows in the generated CSV for the import stage.", DefaultValueFactory = _ => 1_000_000,
    };
    private static readonly Option<string> LatencySizes = new("--latency-sizes")
    {
        Description = "Observation counts at which to measure dashboard latency, comma-separated.", DefaultValueFactory = _ => "1000000,10000000",
    };
    private static readonly Option<int> Repeat = new("--repeat") { Description = "Runs per dashboard query.", DefaultValueFactory = _ => 40 };
    private static readonly Option<string> Stage = new("--stage") { Description = "import, latency or all.", DefaultValueFactory = _ => "all" };
    private static readonly Option<string> Providers = new("--providers") { Description = "sqlite, postgres or both.", DefaultValueFactory = _ => "both" };
    private static readonly Option<bool> WarmUp = new("--warm-up")
    {
        Description = "Import the file once into a scratch database on the same server before measuring: compiled code and a " +
            "server whose shared buffers have been used, as in an application that has been running (the default measures cold).",
    };
    private static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "PostgreSQL server (role with CREATEDB); default: env WATERLINE_TEST_PG. Without one, PostgreSQL is left out.",
    };

    /// <summary>Typical dashboard views: the default page, and filters analysts use most.</summary>
    private static readonly string[] DashboardQueries =
    [
        "",
        "market=cocaine&measure=quantity_kg&granularity=year",
        "country=BE&echelon=retail&granularity=quarter",
        "region=10000&market=cannabis&group=period,country,region,market",
        "source=BE-CUSTOMS&from=2020-01&to=2022-12&measure=quantity_kg&sort=value&dir=desc",
        "kind=seizure&group=period,country,market,echelon,kind,source&granularity=month",
    ];

    public static Command Create()
    {
        var command = new Command("bench", "Measure import throughput and dashboard latency on SQLite and PostgreSQL; prints figures. `bench link` measures entity resolution, `bench network` graph analysis, `bench hotspots` Gi* and Knox.");
        command.Subcommands.Add(LinkBench.Create());
        command.Subcommands.Add(NetworkBench.Create());
        command.Subcommands.Add(HotspotsBench.Create());
        foreach (var option in new Option[] { ImportRows, LatencySizes, Repeat, Stage, Providers, WarmUp, Postgres })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            var stage = parse.GetValue(Stage)!;
            var which = parse.GetValue(Providers)!;
            var pg = parse.GetValue(Postgres) ?? Environment.GetEnvironmentVariable("WATERLINE_TEST_PG");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"waterline bench on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            var providers = new List<DatabaseProvider>();
            if (which is "sqlite" or "both")
            {
                providers.Add(DatabaseProvider.Sqlite);
            }
            if (which is "postgres" or "both")
            {
                if (string.IsNullOrWhiteSpace(pg))
                {
                    Console.WriteLine("PostgreSQL: left out (no --postgres and no WATERLINE_TEST_PG).");
                }
                else
                {
                    providers.Add(DatabaseProvider.Postgres);
                }
            }
            if (stage is "import" or "all")
            {
                var rows = parse.GetValue(ImportRows);
                var csv = Path.Combine(Path.GetTempPath(), $"waterline-bench-{Guid.NewGuid():N}.csv");
                try
                {
                    await SyntheticSeizures.WriteCsvAsync(csv, rows, 7, "bench-", ct);
                    Console.WriteLine($"import: {rows:N0} seizures, {new FileInfo(csv).Length / 1e6:F0} MB CSV, full validation, one transaction");
                    foreach (var provider in providers)
                    {
                        if (parse.GetValue(WarmUp))
                        {
                            await WithDatabaseAsync(provider, pg, db => ImportAsync(db, csv, rows, ct, warmUp: true));
                        }
                        await WithDatabaseAsync(provider, pg, db => ImportAsync(db, csv, rows, ct));
                    }
                }
                finally
                {
                    File.Delete(csv);
                }
            }
            if (stage is "latency" or "all")
            {
                var sizes = parse.GetValue(LatencySizes)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                var repeat = parse.GetValue(Repeat);
                foreach (var provider in providers)
                {
                    await WithDatabaseAsync(provider, pg, db => LatencyAsync(db, sizes, repeat, ct));
                }
            }
            return 0;
        });
        return command;
    }

    private static async Task WithDatabaseAsync(DatabaseProvider provider, string? pg, Func<WaterlineDbContext, Task> run)
    {
        DatabaseSettings settings;
        string? file = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            file = Path.Combine(Path.GetTempPath(), $"waterline-bench-{Guid.NewGuid():N}.db");
            settings = new DatabaseSettings(provider, $"Data Source={file};Pooling=false");
        }
        else
        {
            settings = new DatabaseSettings(provider, new NpgsqlConnectionStringBuilder(pg) { Database = $"bench_{Guid.NewGuid():N}" }.ConnectionString);
        }
        await using var db = settings.CreateContext().ActAsSystem();
        try
        {
            await DatabaseInitialiser.InitialiseAsync(db, NullLogger.Instance, CancellationToken.None);
            await run(db);
        }
        finally
        {
            await db.Database.EnsureDeletedAsync(CancellationToken.None);
            if (file is not null)
            {
                foreach (var f in new[] { file + "-wal", file + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }
    }

    private static async Task ImportAsync(WaterlineDbContext db, string csv, int rows, CancellationToken ct, bool warmUp = false)
    {
        foreach (var round in warmUp ? ["warm-up (scratch database)"] : new[] { "first import", "re-import (adds nothing)" })
        {
            await using var stream = File.OpenRead(csv);
            var handler = new ImportObservations.Handler(db, TimeProvider.System);
            var server = await ServerProcessAsync(db, ct);
            var (clientCpu, serverCpu) = (ClientCpuSeconds(), ServerCpuSeconds(server));
            var clock = Stopwatch.StartNew();
            var result = await handler.HandleAsync(
                new ImportObservations.Request(ObservationKind.Seizure, stream, ImportFormat.Csv, Path.GetFileName(csv)), ct);
            var seconds = clock.Elapsed.TotalSeconds;
            (clientCpu, serverCpu) = (ClientCpuSeconds() - clientCpu, ServerCpuSeconds(server) - serverCpu);
            db.ChangeTracker.Clear();
            var serverPart = server is null ? "" : string.Create(CultureInfo.InvariantCulture, $", server backend {serverCpu:F1} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {db.Provider,-9} {round,-25} {rows,10:N0} rows in {seconds,6:F1} s = {rows / seconds,9:N0} rows/s " +
                $"(accepted {result.Accepted:N0}, already present {result.AlreadyPresent:N0}, rejected {result.RejectedRows:N0}); " +
                $"CPU: this process {clientCpu:F1} s{serverPart}"));
            if (round == "first import" && db.Provider == DatabaseProvider.Postgres)
            {
                // What autovacuum does shortly after a bulk load in production: set hint bits and statistics. Without it the
                // re-import's first reads of a million fresh rows pay that cost, and its time swings between runs.
                var vacuum = Stopwatch.StartNew();
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) observations, picture_cells", ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {db.Provider,-9} {"vacuum analyze",-25} {"",10} in {vacuum.Elapsed.TotalSeconds,6:F1} s"));
            }
        }
    }

    private static double ClientCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The PostgreSQL backend serving this context, when the server runs on this machine (its /proc entry is
    /// readable): on a shared machine, the CPU each side spends says more than the wall time alone.</summary>
    private static async Task<int?> ServerProcessAsync(WaterlineDbContext db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres || !OperatingSystem.IsLinux())
        {
            return null;
        }
        await db.Database.OpenConnectionAsync(ct);
        var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync(ct);
        return File.Exists($"/proc/{pid}/stat") ? pid : null;
    }

    // utime and stime are fields 14 and 15 of /proc/PID/stat (proc(5)), in clock ticks of 1/100 s on Linux.
    private static double ServerCpuSeconds(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task LatencyAsync(WaterlineDbContext db, int[] sizes, int repeat, CancellationToken ct)
    {
        var written = 0;
        foreach (var size in sizes.Order())
        {
            var clock = Stopwatch.StartNew();
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var writer = ObservationWriter.Begin(db);
                foreach (var chunk in SyntheticSeizures.Generate(size - written, 11 + written, $"lat{written}-").Chunk(20_000))
                {
                    await writer.WriteAsync(chunk, ct);
                }
                await writer.CompleteAsync(ct);
                await tx.CommitAsync(ct);
            }
            var writeSeconds = clock.Elapsed.TotalSeconds;
            var added = size - written;
            written = size;
            var cells = await db.PictureCells.CountAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency: {db.Provider} at {size:N0} observations ({cells:N0} picture cells; wrote {added:N0} in {writeSeconds:F1} s = {added / writeSeconds:N0} rows/s)"));
            // As in the web host: one cache for the database; the first request after the write loads the cube.
            var cubes = new PictureCubeCache();
            var load = Stopwatch.StartNew();
            await new GetMarketPicture.Handler(db, cubes).HandleAsync(new GetMarketPicture.Request(), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  first request after the write (loads the picture cube): {load.Elapsed.TotalMilliseconds:F0} ms"));
            var reloads = new double[3];
            for (var i = 0; i < reloads.Length; i++)
            {
                var t = Stopwatch.StartNew();
                await PictureCube.LoadAsync(db, ct);
                reloads[i] = t.Elapsed.TotalMilliseconds;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  picture cube reload (what the first request after a commit pays): p50 {Percentile(reloads, 0.50):F0} ms over {reloads.Length}"));
            var all = new List<double>();
            foreach (var query in DashboardQueries)
            {
                var request = PictureQuery.Parse(query).Request ?? throw new InvalidOperationException($"bench query '{query}' is invalid");
                var times = new double[repeat];
                await new GetMarketPicture.Handler(db, cubes).HandleAsync(request, ct); // warm-up: JIT and query plan caches
                for (var i = 0; i < repeat; i++)
                {
                    var t = Stopwatch.StartNew();
                    await new GetMarketPicture.Handler(db, cubes).HandleAsync(request, ct);
                    times[i] = t.Elapsed.TotalMilliseconds;
                }
                all.AddRange(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  p50 {Percentile(times, 0.50),7:F1} ms  p95 {Percentile(times, 0.95),7:F1} ms  /?{query}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  all dashboard requests: p50 {Percentile([.. all], 0.50):F1} ms, p95 {Percentile([.. all], 0.95):F1} ms ({all.Count} requests)"));
        }
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
