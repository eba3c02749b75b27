using System.Text;
using Microsoft.EntityFrameworkCore;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Intake;

public sealed class ImportObservationsTests
{
    private const string Header = "external_id,source_organisation,market,echelon,occurred_at,country,municipality,quantity,unit,transport_mode";

    // Three good rows (1, 3, 5) and two bad ones (2: unknown market; 4: unknown echelon and impossible date).
    private const string MixedCsv = Header + "\n" +
        "S-1,BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,Antwerpen,1250,kilogram,sea-container\n" +
        "S-2,BE-CUSTOMS,cocaïne2,import-transit,2024-01-13,BE,Antwerpen,10,kilogram,\n" +
        "S-3,BE-CUSTOMS,cocaine,import-transit,2024-01-14,BE,Anvers,900,gram,SeaContainer\n" +
        "S-4,BE-CUSTOMS,cocaine,wholesale,2024-02-30,BE,,,,\n" +
        "S-5,NL-DOUANE,cocaine,import-transit,2024-02-14,NL,Rotterdam,2.1,tonne,sea container\n";

    private const string MixedJson = """
        [
          {"external_id": "S-1", "source_organisation": "BE-CUSTOMS", "market": "cocaine", "echelon": "import-transit", "occurred_at": "2024-01-12", "country": "BE", "municipality": "Antwerpen", "quantity": 1250, "unit": "kilogram", "transport_mode": "sea-container"},
          {"external_id": "S-2", "source_organisation": "BE-CUSTOMS", "market": "cocaïne2", "echelon": "import-transit", "occurred_at": "2024-01-13", "country": "BE", "municipality": "Antwerpen", "quantity": 10, "unit": "kilogram"},
          {"external_id": "S-3", "source_organisation": "BE-CUSTOMS", "market": "cocaine", "echelon": "import-transit", "occurred_at": "2024-01-14", "country": "BE", "municipality": "Anvers", "quantity": 900, "unit": "gram", "transport_mode": "SeaContainer"},
          {"external_id": "S-4", "source_organisation": "BE-CUSTOMS", "market": "cocaine", "echelon": "wholesale", "occurred_at": "2024-02-30", "country": "BE", "municipality": null},
          {"external_id": "S-5", "source_organisation": "NL-DOUANE", "market": "cocaine", "echelon": "import-transit", "occurred_at": "2024-02-14", "country": "NL", "municipality": "Rotterdam", "quantity": 2.1, "unit": "tonne", "transport_mode": "sea container"}
        ]
        """;

    private static async Task<ImportObservations.Result> ImportAsync(TestDatabase test, string content, ImportFormat format = ImportFormat.Csv,
        int batchSize = 5_000, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var db = test.NewContext();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await new ImportObservations.Handler(db, TimeProvider.System) { BatchSize = batchSize }
            .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure, stream, format, "test." + format.ToString().ToLowerInvariant())
            {
                TotalBytes = stream.Length,
                Progress = progress,
            }, ct);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_accepts_the_good_rows_and_rejects_the_bad_ones_by_row_and_field(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var result = await ImportAsync(test, MixedCsv);

        Assert.Equal((5, 3, 0, 2), (result.RowsRead, result.Accepted, result.AlreadyPresent, result.RejectedRows));
        Assert.Equal([(2, "market"), (4, "echelon"), (4, "occurred_at")], result.Rejections.Select(r => (r.Row, r.Field)));

        await using var db = test.NewContext();
        var seizures = await db.Seizures.OrderBy(s => s.ExternalId).ToListAsync();
        Assert.Equal(["S-1", "S-3", "S-5"], seizures.Select(s => s.ExternalId));
        Assert.All(seizures, s => Assert.Equal(result.ImportBatchId, s.ImportBatchId));
        // 900 g = 0.9 kg; 2.1 t = 2100 kg; Anvers is the French name of Antwerpen (NIS 11002, province 10000).
        Assert.Equal([1250, 0.9, 2100], seizures.Select(s => s.QuantityKg!.Value));
        Assert.Equal("11002", seizures[1].MunicipalityCode);
        Assert.Equal("10000", seizures[1].RegionCode);
        Assert.Equal(3, await db.PictureCells.SumAsync(c => c.Observations));

        var batch = await db.ImportBatches.Include(b => b.Rejections).SingleAsync();
        Assert.Equal(ImportStatus.Completed, batch.Status);
        Assert.Equal((5, 3, 0, 2), (batch.RowsRead, batch.RowsAccepted, batch.RowsAlreadyPresent, batch.RowsRejected));
        Assert.Equal(3, batch.Rejections.Count);
        Assert.Equal(64, batch.ContentHash.Length);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_the_same_file_adds_nothing_and_counts_the_rows_as_already_present(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await ImportAsync(test, MixedCsv);
        // Batch size 2: the "already present" check runs per batch, so it must work across several batches.
        var again = await ImportAsync(test, MixedCsv, batchSize: 2);

        Assert.Equal((0, 3, 2), (again.Accepted, again.AlreadyPresent, again.RejectedRows));
        await using var db = test.NewContext();
        Assert.Equal(3, await db.Observations.CountAsync());
        Assert.Equal(3, await db.PictureCells.SumAsync(c => c.Observations));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_source_first_named_in_a_later_batch_is_checked_for_its_earlier_rows_while_the_first_batches_stream(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await ImportAsync(test, MixedCsv);
        // Batch 1 names only BE-LOCPOL (no earlier rows: no lookup, the writer's COPY opens and stays open); batch 2 names
        // NL-DOUANE, which has S-5 already: the lookups must end the open COPY first and still find S-5.
        var csv = Header + "\n" +
            "L-1,BE-LOCPOL,cocaine,retail,2024-03-01,BE,,,,\n" +
            "L-2,BE-LOCPOL,cocaine,retail,2024-03-02,BE,,,,\n" +
            "S-5,NL-DOUANE,cocaine,import-transit,2024-02-14,NL,Rotterdam,2.1,tonne,sea container\n" +
            "S-6,NL-DOUANE,cocaine,import-transit,2024-02-15,NL,Rotterdam,1,tonne,sea container\n" +
            "L-3,BE-LOCPOL,cocaine,retail,2024-03-03,BE,,,,\n";
        var result = await ImportAsync(test, csv, batchSize: 2);

        Assert.Equal((5, 4, 1, 0), (result.RowsRead, result.Accepted, result.AlreadyPresent, result.RejectedRows));
        await using var db = test.NewContext();
        Assert.Equal(["L-1", "L-2", "L-3", "S-1", "S-3", "S-5", "S-6"], await db.Observations.OrderBy(o => o.ExternalId).Select(o => o.ExternalId).ToListAsync());
        Assert.Equal(7, await db.PictureCells.SumAsync(c => c.Observations));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_repeated_key_in_the_same_file_is_rejected_naming_the_earlier_row(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var csv = Header + "\n" +
            "S-1,BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,,,,\n" +
            "S-2,BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,,,,\n" +
            "S-1,be-customs,cannabis,retail,2024-01-13,BE,,,,\n";
        var result = await ImportAsync(test, csv);

        Assert.Equal(2, result.Accepted);
        var r = Assert.Single(result.Rejections);
        Assert.Equal((3, "external_id", "'S-1' from BE-CUSTOMS already appears in row 1 of this file"), (r.Row, r.Field, r.Reason));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_crash_mid_import_leaves_no_observations_no_cells_and_a_failed_batch(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var progressCalls = 0;
        // Batch size 1: the first observation is written before the progress callback throws after batch 2.
        var crash = new ThrowingProgress(() => ++progressCalls == 2);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ImportAsync(test, MixedCsv, batchSize: 1, progress: crash));
        Assert.Equal("progress sink broke", e.Message);

        await using var db = test.NewContext();
        Assert.Equal(0, await db.Observations.CountAsync());
        Assert.Equal(0, await db.PictureCells.CountAsync());
        var batch = await db.ImportBatches.SingleAsync();
        Assert.Equal(ImportStatus.Failed, batch.Status);
        Assert.Equal("progress sink broke", batch.Failure);
        Assert.Equal(0, await db.ImportRejections.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cancelled_import_rolls_back_and_is_recorded_as_failed(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        using var cts = new CancellationTokenSource();
        // Cancel as soon as the first batch has been written.
        var cancelAfterFirst = new ThrowingProgress(() =>
        {
            cts.Cancel();
            return false;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ImportAsync(test, MixedCsv, batchSize: 1, progress: cancelAfterFirst, ct: cts.Token));

        await using var db = test.NewContext();
        Assert.Equal(0, await db.Observations.CountAsync());
        Assert.Equal(0, await db.PictureCells.CountAsync());
        Assert.Equal(ImportStatus.Failed, (await db.ImportBatches.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_column_refuses_the_whole_file(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var csv = "external_id,source_organisation,market,echelon,occurred_at,country,substanse\n" +
            "S-1,BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,cocaine\n";
        var result = await ImportAsync(test, csv);

        Assert.True(result.Refused);
        Assert.StartsWith("Unknown column 'substanse' (column 7)", result.FileError, StringComparison.Ordinal);
        await using var db = test.NewContext();
        Assert.Equal(0, await db.Observations.CountAsync());
        Assert.Equal(ImportStatus.Failed, (await db.ImportBatches.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_missing_required_column_refuses_the_whole_file(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var result = await ImportAsync(test, "external_id,source_organisation,market,occurred_at\nS-1,BE-CUSTOMS,cocaine,2024-01-12\n");
        Assert.Equal("Missing required columns: echelon, country.", result.FileError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Json_and_csv_of_the_same_rows_give_the_same_result(DatabaseProvider provider)
    {
        await using var csvDb = await TestDatabase.CreateAsync(provider);
        await using var jsonDb = await TestDatabase.CreateAsync(provider);
        var fromCsv = await ImportAsync(csvDb, MixedCsv);
        var fromJson = await ImportAsync(jsonDb, MixedJson, ImportFormat.Json);

        Assert.Equal((fromCsv.RowsRead, fromCsv.Accepted, fromCsv.RejectedRows), (fromJson.RowsRead, fromJson.Accepted, fromJson.RejectedRows));
        Assert.Equal(fromCsv.Rejections, fromJson.Rejections);
        await using var a = csvDb.NewContext();
        await using var b = jsonDb.NewContext();
        var rowsA = await a.Seizures.OrderBy(s => s.ExternalId).Select(s => new { s.ExternalId, s.QuantityKg, s.MunicipalityCode, s.TransportMode, s.OccurredAt }).ToListAsync();
        var rowsB = await b.Seizures.OrderBy(s => s.ExternalId).Select(s => new { s.ExternalId, s.QuantityKg, s.MunicipalityCode, s.TransportMode, s.OccurredAt }).ToListAsync();
        Assert.Equal(rowsA, rowsB);

        // The wrapped form {"observations": [...]} reads the same rows.
        await using var wrappedDb = await TestDatabase.CreateAsync(provider);
        var wrapped = await ImportAsync(wrappedDb, "{\"observations\": " + MixedJson + "}", ImportFormat.Json);
        Assert.Equal(fromJson.Rejections, wrapped.Rejections);
        Assert.Equal(3, wrapped.Accepted);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Progress_is_reported_every_batch_with_bytes_read(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var reports = new List<ImportProgress>();
        await ImportAsync(test, MixedCsv, batchSize: 2, progress: new ThrowingProgress(() => false, reports));
        // 3 good rows in batches of 2 give two batch reports.
        Assert.Equal(2, reports.Count);
        var last = reports[^1];
        Assert.Equal((5, 3, 0, 2), (last.RowsRead, last.Accepted, last.AlreadyPresent, last.Rejected));
        Assert.Equal(Encoding.UTF8.GetByteCount(MixedCsv), last.BytesRead);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_csv_template_of_every_kind_imports_its_example_row(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        foreach (var kind in Enum.GetValues<ObservationKind>())
        {
            await using var db = test.NewContext();
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(IntakeTemplates.Csv(kind)));
            var result = await new ImportObservations.Handler(db, TimeProvider.System)
                .HandleAsync(new ImportObservations.Request(kind, stream, ImportFormat.Csv, "template.csv"), CancellationToken.None);
            Assert.True(result.Accepted == 1, $"{kind}: {string.Join("; ", result.Rejections)} {result.FileError}");
        }
        await using var read = test.NewContext();
        Assert.Equal(Enum.GetValues<ObservationKind>().Length, await read.Observations.Select(o => o.Kind).Distinct().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_json_field_in_a_later_row_refuses_the_file_and_keeps_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var json = MixedJson.Replace("\"external_id\": \"S-5\"", "\"external_id\": \"S-5\", \"substanse\": \"cocaine\"");
        var result = await ImportAsync(test, json, ImportFormat.Json, batchSize: 1);
        Assert.StartsWith("Unknown field 'substanse' in row 5", result.FileError, StringComparison.Ordinal);
        await using var db = test.NewContext();
        Assert.Equal(0, await db.Observations.CountAsync());
        Assert.Equal(0, await db.PictureCells.CountAsync());
    }

    /// <summary>A real progress sink that fails (or acts) when told to: the failure happens inside the import.</summary>
    private sealed class ThrowingProgress(Func<bool> shouldThrow, List<ImportProgress>? seen = null) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            seen?.Add(value);
            if (shouldThrow())
            {
                throw new InvalidOperationException("progress sink broke");
            }
        }
    }
}
