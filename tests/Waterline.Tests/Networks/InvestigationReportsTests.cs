using System.Text;
using Microsoft.EntityFrameworkCore;
using Waterline.DemoWorld;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;
using Waterline.Tests.Picture;

namespace Waterline.Tests.Networks;

/// <summary>Investigation reports (the demo network's, or imported) name subjects and relations but count nothing in a
/// market: the picture leaves them out. Expected values: the 15 observations of PictureDataset and the generator's plan.</summary>
public sealed class InvestigationReportsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(double? Be, double? Nl, int Cells)> PictureAsync(TestDatabase test)
    {
        await using var db = test.NewContext();
        var picture = await new GetMarketPicture.Handler(db).HandleAsync(new GetMarketPicture.Request(), None);
        return (picture.Totals.Single(t => t.Country == "BE").Value, picture.Totals.Single(t => t.Country == "NL").Value,
            await db.PictureCells.CountAsync(None));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_network_is_filed_as_investigation_reports_and_leaves_the_market_picture_as_it_was(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await PictureDataset.WriteAsync(db);
        }
        var before = await PictureAsync(test);
        Assert.Equal((9.0, 6.0), (before.Be, before.Nl));

        await using (var db = test.NewContext())
        {
            await DemoNetwork.WriteAsync(db, 20240101, null, None);
        }
        Assert.Equal(before, await PictureAsync(test));
        await using var read = test.NewContext();
        var demo = read.Observations.Where(o => o.ExternalId.StartsWith(DemoNetwork.ExternalIdPrefix));
        Assert.Equal(DemoNetwork.Draw(20240101).Reports.Count, await demo.CountAsync(o => o.Kind == ObservationKind.InvestigationReport));
        Assert.False(await demo.AnyAsync(o => o.Kind != ObservationKind.InvestigationReport));
        Assert.False(await read.PictureCells.AnyAsync(c => c.Kind == ObservationKind.InvestigationReport));
        var methods = await read.Set<InvestigationReport>().Select(r => r.Method).Distinct().ToListAsync();
        Assert.Equal([InvestigationMethod.Surveillance, InvestigationMethod.Interception, InvestigationMethod.FinancialInquiry], methods.Order());
        // The picture's kind filter does not offer a kind it never counts.
        var filters = await new GetPictureFilters.Handler(read).HandleAsync(new GetPictureFilters.Request(), None);
        Assert.DoesNotContain(filters.Kinds, k => k.Value.Contains("investigation", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Enum.GetValues<ObservationKind>().Length - 1, filters.Kinds.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_investigation_report_is_imported_with_its_method_and_a_wrong_method_is_refused_by_name(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var csv = IntakeTemplates.Csv(ObservationKind.InvestigationReport);
        var wrong = csv.TrimEnd().Replace("EXAMPLE-INVESTIGATION-REPORT-1", "EXAMPLE-2", StringComparison.Ordinal)
            .Replace("interception", "hunch", StringComparison.Ordinal);
        var content = csv.TrimEnd() + "\n" + wrong.Split('\n')[1] + "\n";
        await using var db = test.NewContext();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var result = await new ImportObservations.Handler(db, TimeProvider.System)
            .HandleAsync(new ImportObservations.Request(ObservationKind.InvestigationReport, stream, ImportFormat.Csv, "reports.csv"), None);

        Assert.Equal(1, result.Accepted);
        Assert.Contains(result.Rejections, r => r.Field == "method");
        await using var read = test.NewContext();
        var report = await read.Set<InvestigationReport>().SingleAsync();
        Assert.Equal((InvestigationMethod.Interception, "EXAMPLE-CASE-1"), (report.Method, report.CaseReference));
        Assert.Equal(0, await read.PictureCells.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migration_refiles_a_demo_network_stored_as_seizures_and_takes_it_out_of_the_picture(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var at = new DateTime(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc);
        Seizure Filed(string id) => new()
        {
            ExternalId = id, SourceOrganisation = "BE-FEDPOL", Country = "BE", RegionCode = "10000", Market = Market.Cocaine,
            Echelon = Echelon.ImportTransit, OccurredAt = at, RecordedAt = at,
        };
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            // As the demo network was filed before: unquantified seizures, in the same cell as a real one.
            await writer.WriteAsync([Filed(DemoNetwork.ExternalId(0)), Filed(DemoNetwork.ExternalId(1)), Filed("real-seizure-1")], None);
            await writer.CompleteAsync(None);
            await tx.CommitAsync();
        }
        long generation;
        await using (var db = test.NewContext())
        {
            Assert.Equal(3, (await db.PictureCells.SingleAsync()).Observations);
            generation = await db.Set<PictureState>().Select(s => s.Generation).SingleAsync();
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Postgres ? DemoNetwork.RefilePostgres : DemoNetwork.RefileSqlite);
        }
        await using var read = test.NewContext();
        var cell = await read.PictureCells.SingleAsync();
        Assert.Equal((ObservationKind.Seizure, 1L, 202403), (cell.Kind, cell.Observations, cell.Month));
        Assert.Equal(generation + 1, await read.Set<PictureState>().Select(s => s.Generation).SingleAsync());
        var reports = await read.Set<InvestigationReport>().OrderBy(r => r.ExternalId).ToListAsync();
        Assert.Equal([DemoNetwork.ExternalId(0), DemoNetwork.ExternalId(1)], reports.Select(r => r.ExternalId));
        Assert.All(reports, r => Assert.Equal((InvestigationMethod.Surveillance, DemoNetwork.CaseReference), (r.Method, r.CaseReference)));
        Assert.Equal("real-seizure-1", (await read.Set<Seizure>().SingleAsync()).ExternalId);
    }
}
