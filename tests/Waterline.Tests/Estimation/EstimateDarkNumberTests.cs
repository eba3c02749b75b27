using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.DemoWorld;
using Waterline.Estimation;
using Waterline.Linkage;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Estimation;

/// <summary>EstimateDarkNumber on real SQLite and PostgreSQL. Expected values come from the planted truth of the demo
/// scenario (DemoDarkNumber.Truth, Draw): the plantations and which sources found each, counted here without the code
/// under test.</summary>
public sealed class EstimateDarkNumberTests
{
    private const int Seed = 20240101;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Reader Federal = new("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst, "study 2026-07 plantations");
    private static readonly Reader Customs = new("analyst.be-customs", "BE-CUSTOMS", Role.Analyst, "study 2026-07 plantations");

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        Assert.False((await DemoDarkNumber.WriteAsync(db, Seed, None)).AlreadySeeded);
        Assert.True((await DemoDarkNumber.WriteAsync(db, Seed, None)).AlreadySeeded);
        return test;
    }

    private static async Task<EstimateDarkNumber.Result> EstimateAsync(TestDatabase test, Reader reader, EstimateDarkNumber.Request request)
    {
        await using var db = await test.NewContextAsync(reader);
        return await new EstimateDarkNumber.Handler(db, TimeProvider.System).HandleAsync(request, None);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_scenarios_intervals_cover_the_planted_plantations_per_province_and_in_sum(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var result = await EstimateAsync(test, Federal, DemoDarkNumber.DefaultRequest);

        var plan = DemoDarkNumber.Draw(Seed);
        var found = plan.Reports.GroupBy(r => r.Plantation).ToList();
        Assert.Equal(EstimateDarkNumber.Matching.Address, result.MatchingUsed);
        Assert.Equal((plan.Reports.Count, 0, found.Count), (result.Records, result.RecordsWithoutKey, result.Cases));
        // Every planted history count, e.g. plantations found by police and grid but not by tips.
        string HistoryOf(IEnumerable<DemoDarkNumber.Report> reports) =>
            string.Concat(new[] { DemoDarkNumber.Police, DemoDarkNumber.Grid, DemoDarkNumber.Tips }.Select(s => reports.Any(r => r.Source == s) ? '1' : '0'));
        var planted = found.GroupBy(g => HistoryOf(g)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(planted.OrderBy(p => p.Key), result.Estimate!.Histories.Where(h => h.Count > 0).ToDictionary(h => h.History, h => h.Count).OrderBy(p => p.Key));
        Assert.Equal(8, result.Estimate.Models.Count);
        Assert.Empty(result.Warnings);

        var chosen = result.Estimate.Chosen!;
        Assert.Contains("stepwise", chosen.SelectedBy);
        Assert.InRange(DemoDarkNumber.Truth.Sum(t => t.Plantations), chosen.Lower!.Value, chosen.Upper!.Value);
        Assert.Equal(3, result.Strata.Count);
        foreach (var (province, name, plantations) in DemoDarkNumber.Truth)
        {
            var stratum = result.Strata.Single(s => s.Code == province);
            Assert.Equal(name, stratum.Name);
            Assert.Equal(found.Count(g => plan.Plantations[g.Key].Province == province), stratum.Cases);
            Assert.True(stratum.Estimate!.Chosen!.Lower <= plantations && plantations <= stratum.Estimate.Chosen.Upper,
                $"{name}: {plantations} not in {stratum.Estimate.Chosen.Label} " + string.Join("; ", stratum.Estimate.Models.Select(m => $"{m.Label} {m.Total:0} [{m.Lower:0}, {m.Upper:0}] aic {m.Aic:0.0}"))
                + " hist " + string.Join(",", stratum.Estimate.Histories.Select(h => $"{h.History}:{h.Count}")));
        }
        Assert.Null(result.Sum!.Reason);
        Assert.InRange(DemoDarkNumber.Truth.Sum(t => t.Plantations), result.Sum.Lower!.Value, result.Sum.Upper!.Value);
        Assert.True(result.Sum.Total > result.Sum.Observed);

        // The consultation of the addresses is logged with its purpose.
        await using var db = test.NewContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditAction.Consultation);
        Assert.Equal((Federal.Account, Federal.Purpose), (entry.Actor, entry.Purpose));
        Assert.StartsWith("estimation:BE-FEDPOL+BE-GRID+BE-TIPS", entry.What, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_who_may_not_read_the_grid_operators_reports_gets_a_two_list_table_and_a_warning(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var result = await EstimateAsync(test, Customs, DemoDarkNumber.DefaultRequest);

        var plan = DemoDarkNumber.Draw(Seed);
        var visible = plan.Reports.Where(r => r.Source != DemoDarkNumber.Grid).ToList();
        Assert.Equal(0, result.Lists.Single(l => l.Code == DemoDarkNumber.Grid).Records);
        Assert.Contains(result.Warnings, w => w.Contains("BE-GRID", StringComparison.Ordinal) && w.Contains("left out", StringComparison.Ordinal));
        Assert.Equal((visible.Count, visible.Select(r => r.Plantation).Distinct().Count()), (result.Records, result.Cases));
        Assert.Equal(3, result.Estimate!.Histories.Count);
        Assert.All(result.Estimate.Histories, h => Assert.DoesNotContain(DemoDarkNumber.Grid, h.OnLists));
        // Two lists: Lincoln-Petersen and Chapman beside the log-linear independence model (the same estimate).
        Assert.Equal(["Lincoln-Petersen", "Chapman"], result.Estimate.TwoList.Select(t => t.Method));
        Assert.Equal(result.Estimate.TwoList[0].Total, result.Estimate.Chosen!.Total!.Value, 6);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task One_list_gives_a_warning_and_no_estimate_and_no_purpose_gives_nothing(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var result = await EstimateAsync(test, Federal, DemoDarkNumber.DefaultRequest with { Lists = [DemoDarkNumber.Police] });
        Assert.Null(result.Estimate);
        Assert.Contains(result.Warnings, w => w.StartsWith("Only one list (BE-FEDPOL)", StringComparison.Ordinal));

        await Assert.ThrowsAsync<PurposeRequiredException>(() => EstimateAsync(test, Federal with { Purpose = null }, DemoDarkNumber.DefaultRequest));
        await Assert.ThrowsAsync<ArgumentException>(() => EstimateAsync(test, Federal, DemoDarkNumber.DefaultRequest with { Lists = [] }));
        // A reader of another country sees none of it: the warning says there is nothing to estimate from.
        var dutch = await EstimateAsync(test, new Reader("analyst.nl-politie", "NL-POLITIE", Role.Analyst, "zaak 1"), DemoDarkNumber.DefaultRequest);
        Assert.Equal((0, 0), (dutch.Records, dutch.Cases));
        Assert.Contains(dutch.Warnings, w => w.StartsWith("No case in this population", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cases_are_matched_by_normalised_address_by_confirmed_links_when_present_and_by_site_id_when_asked(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        // Site 1 is written three ways; site 2 once by police with a typo-free but different text, once by the grid with
        // a text that does not parse alike; a report without address is left out.
        (string Source, string? Address, string? SiteId)[] reports =
        [
            ("BE-FEDPOL", "Kerkstraat 12, 2000 Antwerpen", "EAN-1"),
            ("BE-GRID", "KERKSTR. 12 2000 ANTWERPEN", "ean-1"),
            ("BE-TIPS", "Kerkstraat 12, B-2000 Antwerpen", null),
            ("BE-FEDPOL", "Molenstraat 5, 2400 Mol", "EAN-2"),
            ("BE-GRID", "Mol, hoek Molenstraat (nr 5)", "EAN-2"),
            ("BE-TIPS", null, null),
        ];
        long[] subjectIds;
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([.. reports.Select((r, i) => (Observation)new ProductionSite
            {
                Country = "BE", RegionCode = "10000", SourceOrganisation = r.Source, ExternalId = $"t-{i}", Market = Market.Cannabis,
                OccurredAt = new DateTime(2025, 3, 1 + i, 0, 0, 0, DateTimeKind.Utc), Tlp = Tlp.Green,
            })], None);
            await writer.CompleteAsync(None);
            var ids = await db.Observations.OrderBy(o => o.ExternalId).Select(o => new { o.Id, o.MarkingId }).ToListAsync();
            var subjects = reports.Select((r, i) => (r, i)).Where(x => x.r.Address is not null).Select(x => new Subject
            {
                ObservationId = ids[x.i].Id, MarkingId = ids[x.i].MarkingId, Kind = SubjectKind.Address, Address = x.r.Address, Identifier = x.r.SiteId,
            }).ToList();
            db.Subjects.AddRange(subjects);
            await db.SaveChangesAsync();
            subjectIds = [.. subjects.Select(s => s.Id)];
            await tx.CommitAsync();
        }
        var request = new EstimateDarkNumber.Request(["BE-FEDPOL", "BE-GRID", "BE-TIPS"], [ObservationKind.ProductionSite]);

        var byAddress = await EstimateAsync(test, Federal, request);
        Assert.Equal((EstimateDarkNumber.Matching.Address, 1, 3), (byAddress.MatchingUsed, byAddress.RecordsWithoutKey, byAddress.Cases));
        Assert.Equal(1, byAddress.Estimate!.Histories.Single(h => h.History == "111").Count);

        var bySite = await EstimateAsync(test, Federal, request with { MatchBy = EstimateDarkNumber.Matching.SiteId });
        Assert.Equal((2, 2), (bySite.RecordsWithoutKey, bySite.Cases));
        // The tips carry no site id, so that list drops out and two lists remain.
        Assert.Equal(2, bySite.Estimate!.Histories.Single(h => h.History == "11").Count);
        Assert.Contains(bySite.Warnings, w => w.Contains("from BE-TIPS names anything", StringComparison.Ordinal));

        // A confirmed link between the two writings of site 2 makes Auto use the resolved entities as well.
        await using (var db = test.NewContext())
        {
            db.Set<LinkCandidate>().Add(new LinkCandidate
            {
                Kind = SubjectKind.Address, LeftSubjectId = subjectIds[3], RightSubjectId = subjectIds[4], MatchWeight = 10, MatchProbability = 0.99,
                Explanation = "{}", Status = LinkStatus.Confirmed, FoundAt = new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }
        var linked = await EstimateAsync(test, Federal, request);
        Assert.Equal((EstimateDarkNumber.Matching.Auto, 2), (linked.MatchingUsed, linked.Cases));
        Assert.Contains("resolved entities", linked.MatchedBy, StringComparison.Ordinal);
        var entitiesOnly = await EstimateAsync(test, Federal, request with { MatchBy = EstimateDarkNumber.Matching.ResolvedEntities });
        Assert.Equal(4, entitiesOnly.Cases);
        Assert.Contains(linked.Warnings, w => w.StartsWith("Tiny counts", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_writing_of_a_planted_address_gives_the_same_matching_key()
    {
        var plan = DemoDarkNumber.Draw(Seed);
        foreach (var g in plan.Reports.GroupBy(r => r.Plantation))
        {
            Assert.Single(g.Select(r => EstimateDarkNumber.AddressKey(r.AddressAsWritten)).Distinct());
        }
        Assert.Equal(plan.Plantations.Count, plan.Plantations.Select(p => EstimateDarkNumber.AddressKey($"{p.Street} {p.Number}, {p.Postcode} {p.Place}")).Distinct().Count());
    }
}
