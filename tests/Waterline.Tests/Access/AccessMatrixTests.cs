using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>Every role x organisation in <see cref="AccessMatrix"/> against every use case that lists, counts, sums,
/// maps, exports or suggests records: each must answer from exactly the records the rule allows, on SQLite and PostgreSQL.
/// The traps are included: totals and map sums, the CSV export, the months offered by the filters (which would betray a
/// record's existence), search suggestions, and opening a record by id.</summary>
public sealed class AccessMatrixTests
{
    private static async Task<TestDatabase> MatrixDatabaseAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await AccessMatrix.WriteAsync(db);
        return test;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_reader_lists_counts_sums_maps_exports_and_is_offered_exactly_what_the_rule_allows(DatabaseProvider provider)
    {
        await using var test = await MatrixDatabaseAsync(provider);
        var records = AccessMatrix.Records();
        var quantity = new GetMarketPicture.Request { Measure = PictureMeasure.QuantityKg };
        foreach (var reader in AccessMatrix.Readers())
        {
            var expected = records.Where(r => AccessMatrix.ShouldSee(reader, r)).ToList();
            var expectedKg = expected.Sum(r => r.Kg);
            var who = $"{reader.Role} of {reader.Organisation}";
            await using var db = await test.NewContextAsync(reader);

            var listed = await db.Observations.Select(o => o.ExternalId).OrderBy(x => x).ToListAsync();
            Assert.True(expected.Select(r => r.ExternalId).Order(StringComparer.Ordinal).SequenceEqual(listed),
                $"{who}: listed {listed.Count}, expected {expected.Count}");
            Assert.Equal(expected.Count, await db.Observations.CountAsync());

            var picture = await new GetMarketPicture.Handler(db).HandleAsync(quantity, CancellationToken.None);
            Assert.True(Math.Abs(expectedKg - picture.Totals.Sum(t => t.Value ?? 0)) < 1e-6, $"{who}: totals");
            Assert.True(Math.Abs(expectedKg - picture.Regions.Sum(r => r.Value ?? 0)) < 1e-6, $"{who}: map");
            Assert.True(Math.Abs(expectedKg - picture.Rows.Sum(r => r.Value ?? 0)) < 1e-6, $"{who}: table");
            Assert.True(Math.Abs(expectedKg - picture.Series.Sum(s => s.Values.Sum(v => v ?? 0))) < 1e-6, $"{who}: chart");
            // The chart's time axis spans the reader's records only: it must not stretch to months only others' records fill.
            Assert.Equal(expected.Count == 0 ? null : PictureVocabulary.MonthText(expected.Min(r => r.Month)), picture.Periods.FirstOrDefault());
            Assert.Equal(expected.Count == 0 ? null : PictureVocabulary.MonthText(expected.Max(r => r.Month)), picture.Periods.LastOrDefault());

            var csv = new StringWriter(CultureInfo.InvariantCulture);
            await new ExportMarketPicture.Handler(db).HandleAsync(new ExportMarketPicture.Request(quantity), csv, CancellationToken.None);
            var exported = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Skip(1)
                .Sum(l => double.Parse(l.TrimEnd('\r').Split(',')[^1], CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(expectedKg - exported) < 1e-6, $"{who}: CSV export");

            var filters = await new GetPictureFilters.Handler(db).HandleAsync(new GetPictureFilters.Request(), CancellationToken.None);
            Assert.Equal(expected.Count == 0 ? null : PictureVocabulary.MonthText(expected.Min(r => r.Month)), filters.FirstMonth);
            Assert.Equal(expected.Count == 0 ? null : PictureVocabulary.MonthText(expected.Max(r => r.Month)), filters.LastMonth);

            var suggested = await new SuggestObservations.Handler(db).HandleAsync(new SuggestObservations.Request("acc-", 50), CancellationToken.None);
            Assert.Equal(expected.Select(r => r.ExternalId).Order(StringComparer.Ordinal).Take(50), suggested.Select(s => s.ExternalId));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_record_opens_by_id_only_for_those_allowed_and_otherwise_looks_exactly_like_a_missing_one(DatabaseProvider provider)
    {
        await using var test = await MatrixDatabaseAsync(provider);
        Dictionary<string, long> ids;
        await using (var db = test.NewContext())
        {
            ids = await db.Observations.ToDictionaryAsync(o => o.ExternalId, o => o.Id);
        }
        var records = AccessMatrix.Records();
        foreach (var reader in AccessMatrix.Readers().Where(r => r.Role is Role.Analyst or Role.PartnerReporter or Role.Researcher))
        {
            await using var db = await test.NewContextAsync(reader);
            var handler = new GetObservation.Handler(db, TimeProvider.System);
            foreach (var r in records)
            {
                var seen = await handler.HandleAsync(new GetObservation.Request(ids[r.ExternalId]), CancellationToken.None);
                Assert.True(AccessMatrix.ShouldSee(reader, r) == seen is not null, $"{reader.Role} of {reader.Organisation} opening {r.ExternalId}");
            }
            Assert.Null(await handler.HandleAsync(new GetObservation.Request(ids.Values.Max() + 1000), CancellationToken.None));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_research_extract_counts_only_what_the_researchers_organisation_may_see_and_suppresses_small_cells(DatabaseProvider provider)
    {
        await using var test = await MatrixDatabaseAsync(provider);
        var records = AccessMatrix.Records();
        foreach (var org in new[] { "BE-NICC", "NL-HARC", "BE-GRID" })
        {
            var researcher = new Reader($"researcher.{org}", org, Role.Researcher);
            var expected = records.Where(r => AccessMatrix.ShouldCountForResearch(researcher, r)).ToList();
            await using var db = await test.NewContextAsync(researcher);
            Assert.Equal(0, await db.Observations.CountAsync());

            var all = await new GetResearchExtract.Handler(db).HandleAsync(new GetResearchExtract.Request(SuppressBelow: 1), CancellationToken.None);
            Assert.Equal(expected.Count, all.Rows.Sum(r => r.Observations ?? 0));
            Assert.Equal(0, all.SuppressedCells);

            var suppressed = await new GetResearchExtract.Handler(db).HandleAsync(new GetResearchExtract.Request(), CancellationToken.None);
            Assert.Equal(5, suppressed.SuppressBelow);
            Assert.All(suppressed.Rows, r => Assert.True(r.Suppressed ? r.Observations is null && r.QuantityKg is null : r.Observations >= 5));
            // Cells are per year, country, province, market and kind: the matrix puts each record in one of a few such cells.
            var expectedCells = expected.GroupBy(r => (r.Month / 100, r.Country)).ToList();
            Assert.Equal(expectedCells.Count(g => g.Count() < 5), suppressed.SuppressedCells);
            Assert.Equal(expectedCells.Where(g => g.Count() >= 5).Sum(g => g.Count()), suppressed.Rows.Sum(r => r.Observations ?? 0));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_context_that_acts_for_nobody_sees_nothing(DatabaseProvider provider)
    {
        await using var test = await MatrixDatabaseAsync(provider);
        await using var nobody = test.Settings.CreateContext();
        Assert.Equal(0, await nobody.Observations.CountAsync());
        Assert.Equal(0, await nobody.PictureCells.CountAsync());
    }
}
