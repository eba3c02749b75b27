using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.DemoWorld;

/// <summary>Progress of a demo-world seeding: observations written so far and where the generator is.</summary>
public readonly record struct DemoWorldProgress(int Written, int Year, ObservationKind Kind);

/// <summary>Generates the demo world (Belgian and Dutch observations whose yearly totals follow the public
/// figures in reference/figures) and writes it to the database. It is the app's seed and the tests' fixture.</summary>
public static class GenerateDemoWorld
{
    /// <summary>External ids of generated observations start with this, per source organisation.</summary>
    public const string ExternalIdPrefix = "demo-";
    /// <summary>Years the port and plantation figures both cover (Rotterdam has no 2013 figure; see README).</summary>
    public const int FirstCoveredYear = 2014;
    public const int LastCoveredYear = 2025;

    /// <param name="Seed">Same seed and scale give exactly the same observations.</param>
    /// <param name="Scale">Multiplies the number of records (1.0 = realistic counts); never the published
    /// quantities: port cocaine tonnages and wastewater loads are the same at every scale.</param>
    /// <param name="FirstYear">First calendar year generated (at least FirstCoveredYear).</param>
    /// <param name="LastYear">Last calendar year generated (at most LastCoveredYear).</param>
    public sealed record Request(int Seed, double Scale = 1.0, int FirstYear = 2015, int LastYear = 2024)
    {
        /// <summary>The first problem with the request, naming the field; null when it is valid.</summary>
        public string? Problem() =>
            Scale is <= 0 or > 20 || double.IsNaN(Scale) ? $"Scale: must be above 0 and at most 20 (was {Scale})."
            : FirstYear < FirstCoveredYear || FirstYear > LastCoveredYear ? $"FirstYear: must be between {FirstCoveredYear} and {LastCoveredYear}, the years the figures cover (was {FirstYear})."
            : LastYear < FirstYear || LastYear > LastCoveredYear ? $"LastYear: must be between FirstYear ({FirstYear}) and {LastCoveredYear} (was {LastYear})."
            : null;
    }

    /// <param name="CountsByKind">Observations written per kind, in ObservationKind order.</param>
    /// <param name="Total">Observations written.</param>
    /// <param name="Elapsed">Wall-clock time of the run.</param>
    /// <param name="AlreadySeeded">True when the database already held demo observations and nothing was written.</param>
    public sealed record Result(IReadOnlyList<KeyValuePair<ObservationKind, int>> CountsByKind, int Total, TimeSpan Elapsed, bool AlreadySeeded);

    /// <summary>The demo world, streamed lazily and deterministically (no clock, no hash-ordered iteration).</summary>
    public static IEnumerable<Observation> Observations(Request request)
    {
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        return new DemoWorldGenerator(request).Generate();
    }

    public sealed class Handler(WaterlineDbContext db)
    {
        private const int BatchSize = 5000;

        public async Task<Result> HandleAsync(Request request, IProgress<DemoWorldProgress>? progress, CancellationToken ct)
        {
            if (request.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(request));
            }
            var clock = Stopwatch.StartNew();
            // The unique (source, external id) index would reject a second run anyway; refusing up front
            // says why instead of failing halfway through a transaction.
            if (await db.Observations.AnyAsync(o => o.ExternalId.StartsWith(ExternalIdPrefix), ct))
            {
                return new Result([], 0, clock.Elapsed, AlreadySeeded: true);
            }

            var counts = new int[Enum.GetValues<ObservationKind>().Length];
            var written = 0;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var writer = ObservationWriter.Begin(db);
            var batch = new List<Observation>(BatchSize);
            foreach (var o in Observations(request))
            {
                batch.Add(o);
                counts[(int)o.Kind]++;
                if (batch.Count == BatchSize)
                {
                    await writer.WriteAsync(batch, ct);
                    written += batch.Count;
                    progress?.Report(new DemoWorldProgress(written, o.OccurredAt.Year, o.Kind));
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
            {
                await writer.WriteAsync(batch, ct);
                written += batch.Count;
                progress?.Report(new DemoWorldProgress(written, batch[^1].OccurredAt.Year, batch[^1].Kind));
            }
            await writer.CompleteAsync(ct);
            await DemoSubjects.WriteAsync(db, request.Seed, ct);
            await DemoInterventions.WriteAsync(db, ct);
            await tx.CommitAsync(ct);
            var byKind = Enum.GetValues<ObservationKind>().Select(k => KeyValuePair.Create(k, counts[(int)k])).ToList();
            return new Result(byKind, written, clock.Elapsed, AlreadySeeded: false);
        }
    }
}

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool,
/// which can reorder log lines).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
