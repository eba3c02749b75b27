using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Analytics.Displacement;
using Waterline.Displacement;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Displacement;

/// <summary>The displacement use cases on real SQLite and PostgreSQL: series equal to hand counts of the planted
/// observations, the access policy applied to them, interventions, and watches raising alerts only on a changed class.</summary>
public sealed class DisplacementUseCaseTests
{
    private static readonly Reader BelgianAnalyst = new("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst);
    private static readonly Reader DutchAnalyst = new("analyst.nl-politie", "NL-POLITIE", Role.Analyst);

    /// <summary>Planted seizures: (port, country, source, tlp, year, month). NL-HARC's TLP:AMBER ones are released to nobody
    /// else, so BE-FEDPOL may not read them; TLP:GREEN is community-wide.</summary>
    private static List<Seizure> Planted()
    {
        var list = new List<Seizure>();
        var n = 0;
        void Add(string port, string country, string source, Tlp tlp, int year, int month, int count)
        {
            for (var i = 0; i < count; i++)
                list.Add(new Seizure
                {
                    Country = country, RegionCode = country == "BE" ? "10000" : "PV28", SourceOrganisation = source, ExternalId = $"dsp-{++n}",
                    Market = Market.Cocaine, Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(year, month, 10, 0, 0, 0, DateTimeKind.Utc),
                    RecordedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), Port = port, TransportMode = TransportMode.SeaContainer, Tlp = tlp,
                });
        }
        for (var year = 2018; year <= 2023; year++)
        {
            Add("BEANR", "BE", "BE-CUSTOMS", Tlp.Green, year, 3, 2 + year - 2018);
            Add("BEANR", "BE", "BE-CUSTOMS", Tlp.Green, year, 9, 1);
            Add("NLRTM", "NL", "NL-HARC", Tlp.Green, year, 5, 4);
            Add("NLRTM", "NL", "NL-HARC", Tlp.Amber, year, 6, year % 3);
        }
        return list;
    }

    private static async Task WriteAsync(WaterlineDbContext db, IEnumerable<Observation> observations)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync([.. observations], CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Series_built_from_stored_observations_equal_hand_counts_and_leave_out_what_the_reader_may_not_read(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var planted = Planted();
        await using (var db = test.NewContext())
            await WriteAsync(db, planted);

        foreach (var (query, area) in new[] { ("dimension=country", (Func<Seizure, string>)(s => s.Country)), ("dimension=port", s => s.Port!),
            ("dimension=province", s => s.RegionCode!), ("dimension=transport_mode&kind=seizure", s => s.TransportMode!.Value.ToString()) })
        {
            foreach (var (reader, readable) in new[] { (Reader.System, (Func<Seizure, bool>)(_ => true)),
                (BelgianAnalyst, s => s.Tlp == Tlp.Green || s.SourceOrganisation == "BE-FEDPOL") })
            {
                await using var db = await test.NewContextAsync(reader);
                var selection = DisplacementSelection.Parse("market=cocaine&" + query).Selection!;
                var built = await new BuildDisplacementSeries.Handler(db).HandleAsync(selection, CancellationToken.None);
                // Hand counts: the planted list, filtered by the same rule AccessMatrix states for these markings.
                var expected = planted.Where(readable).GroupBy(s => (area(s), s.OccurredAt.Year)).ToDictionary(g => g.Key, g => (double)g.Count());
                Assert.Equal(Enumerable.Range(2018, 6).Select(y => y.ToString(CultureInfo.InvariantCulture)), built.Series.Periods.Select(p => p.ToString()));
                Assert.Equal(expected.Keys.Select(k => k.Item1).Distinct().Order(StringComparer.Ordinal), built.Series.Areas);
                for (var a = 0; a < built.Series.Areas.Length; a++)
                    for (var p = 0; p < built.Series.Periods.Length; p++)
                        Assert.Equal(expected.GetValueOrDefault((built.Series.Areas[a], built.Series.Periods[p].Year)), built.Series.Values[a][p]);
            }
        }

        // Months, one area, a window of periods: 2019-03 .. 2019-09 for Antwerp.
        await using (var db = test.NewContext())
        {
            var monthly = DisplacementSelection.Parse("dimension=port&area=BEANR&granularity=month&from=2019-03&to=2019-09").Selection!;
            var built = await new BuildDisplacementSeries.Handler(db).HandleAsync(monthly, CancellationToken.None);
            Assert.Equal(7, built.Series.Periods.Length);
            Assert.Equal([3, 0, 0, 0, 0, 0, 1], built.Series.Values[0]);
            Assert.Equal("Antwerp", built.Labels["BEANR"]);
        }
        // The restricted Rotterdam seizures change the Belgian analyst's totals: the analysis says so too.
        await using (var system = test.NewContext())
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var selection = DisplacementSelection.Parse("dimension=port").Selection!;
            var all = await new AnalyseDisplacement.Handler(system).HandleAsync(new AnalyseDisplacement.Request(selection), CancellationToken.None);
            var seen = await new AnalyseDisplacement.Handler(belgian).HandleAsync(new AnalyseDisplacement.Request(selection), CancellationToken.None);
            Assert.Equal(planted.Count, all.Total.Sum(t => t.Value));
            Assert.Equal(planted.Count(s => s.Tlp == Tlp.Green), seen.Total.Sum(t => t.Value));
            Assert.Equal(3, all.Windows.Count); // 2018-2022, 2019-2023, and the whole span
            Assert.All(all.Total, t => Assert.InRange(t.Value, t.Lower, t.Upper));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Interventions_round_trip_under_their_markings_and_only_their_organisation_deletes_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long publicId, privateId;
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var record = new RecordIntervention.Handler(belgian, TimeProvider.System);
            publicId = (await record.HandleAsync(new RecordIntervention.Request(new DateOnly(2012, 5, 1), "Residence criterion", "coffee shops",
                AreaDimension.Country, "nl", Market.Cannabis, HandlingCode.H0, Tlp.Clear), CancellationToken.None)).Id!.Value;
            privateId = (await record.HandleAsync(new RecordIntervention.Request(new DateOnly(2024, 3, 1), "Scanner at quay 1742",
                Dimension: AreaDimension.Port, Area: "BEANR", Tlp: Tlp.Amber), CancellationToken.None)).Id!.Value;
            var refused = await record.HandleAsync(new RecordIntervention.Request(new DateOnly(2024, 3, 1), "x", Dimension: AreaDimension.Port, Area: "Antwerp"),
                CancellationToken.None);
            Assert.Equal("area", refused.Field);
            Assert.Equal("title", (await record.HandleAsync(new RecordIntervention.Request(new DateOnly(2024, 3, 1), " "), CancellationToken.None)).Field);
        }
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var rows = await new ListInterventions.Handler(belgian).HandleAsync(CancellationToken.None);
            Assert.Equal([publicId, privateId], rows.Select(r => r.Id));
            var first = rows[0];
            Assert.Equal(("2012-05-01", "Residence criterion", "coffee shops", "country", "NL", "Cannabis", "BE-FEDPOL", "Clear"),
                (first.Date, first.Title, first.Description, first.Dimension, first.Area, first.Market, first.Owner, first.Tlp));
        }
        await using (var dutch = await test.NewContextAsync(DutchAnalyst))
        {
            // TLP:AMBER without releasability stays with its owner; TLP:CLEAR reaches every organisation.
            Assert.Equal([publicId], (await new ListInterventions.Handler(dutch).HandleAsync(CancellationToken.None)).Select(r => r.Id));
            Assert.Equal(DeleteIntervention.Outcome.Refused, await new DeleteIntervention.Handler(dutch).HandleAsync(publicId, CancellationToken.None));
            Assert.Equal(DeleteIntervention.Outcome.NotFound, await new DeleteIntervention.Handler(dutch).HandleAsync(privateId, CancellationToken.None));
        }
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
            Assert.Equal(DeleteIntervention.Outcome.Deleted, await new DeleteIntervention.Handler(belgian).HandleAsync(privateId, CancellationToken.None));
        await using (var system = test.NewContext())
            Assert.Equal([publicId], await system.Set<Intervention>().Select(i => i.Id).ToListAsync());
    }

    /// <summary>CSV rows for one year: Antwerp and Rotterdam seizures, TLP:GREEN (every analyst reads them).</summary>
    private static string Batch(int year, int antwerp, int rotterdam, bool header = true, string? date = null)
    {
        date ??= $"{year}-06-15";
        var csv = new StringBuilder(header ? "external_id,source_organisation,market,echelon,occurred_at,country,port,tlp\n" : "");
        for (var i = 0; i < antwerp; i++)
            csv.Append(CultureInfo.InvariantCulture, $"A-{year}-{i},BE-CUSTOMS,cocaine,import_transit,{date},BE,BEANR,green\n");
        for (var i = 0; i < rotterdam; i++)
            csv.Append(CultureInfo.InvariantCulture, $"R-{year}-{i},NL-HARC,cocaine,import_transit,{date},NL,NLRTM,green\n");
        return csv.ToString();
    }

    private static async Task ImportAsync(TestDatabase test, string csv)
    {
        await using var db = test.NewContext();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await new ImportObservations.Handler(db, TimeProvider.System)
            .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure, stream, ImportFormat.Csv, "batch.csv"), CancellationToken.None);
        Assert.True(result.RejectedRows == 0, string.Join("; ", result.Rejections.Take(3)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_watch_records_an_alert_when_a_new_period_changes_its_class_and_none_when_it_does_not(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
            await new CreateDemoAccounts.Handler(db, TimeProvider.System).HandleAsync(CancellationToken.None);
        // Planted: Antwerp takes over from Rotterdam while the total stays 100 a year (a shift). Four years are too few to
        // classify (cannot tell); the fifth makes the first five-year window.
        var planted = new[] { (2020, 20, 80), (2021, 35, 65), (2022, 50, 50), (2023, 65, 35), (2024, 80, 20), (2025, 90, 10) };
        await ImportAsync(test, string.Concat(planted.Take(4).Select((p, i) => Batch(p.Item1, p.Item2, p.Item3, header: i == 0))));

        long watchId;
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var saved = await new SaveDisplacementWatch.Handler(belgian, TimeProvider.System).HandleAsync(new SaveDisplacementWatch.Request(
                "Antwerp and Rotterdam", DisplacementSelection.Parse("market=cocaine&dimension=port&area=BEANR,NLRTM").Selection!), CancellationToken.None);
            watchId = saved.Id!.Value;
            Assert.Equal((DisplacementClass.CannotTell, "2023", 0), (saved.Watch!.Classification, saved.Watch.LastPeriod, saved.Alerts));
        }

        await ImportAsync(test, Batch(2024, 80, 20)); // the import's hook checks the watches
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var alert = Assert.Single(await new ListDisplacementAlerts.Handler(belgian).HandleAsync(true, 10, CancellationToken.None));
            Assert.Equal((watchId, "2020", "2024", "CannotTell", "Shift"), (alert.WatchId, alert.WindowFrom, alert.Period, alert.Previous, alert.Current));
            Assert.StartsWith("Shift from Rotterdam to Antwerp", alert.Summary, StringComparison.Ordinal);
            Assert.Contains(alert.Evidence, s => s.Kind == "share_trend" && s.Area == "BEANR" && s.PValue < 0.05 && s.Estimate > 0);
            Assert.Contains(alert.Evidence, s => s.Kind == "total_trend" && s.PValue > 0.05);
            Assert.Equal(1, await new ListDisplacementAlerts.Handler(belgian).CountUnacknowledgedAsync(CancellationToken.None));
            Assert.Equal(AcknowledgeDisplacementAlert.Outcome.Acknowledged,
                await new AcknowledgeDisplacementAlert.Handler(belgian, TimeProvider.System).HandleAsync(alert.Id, CancellationToken.None));
            Assert.Equal(0, await new ListDisplacementAlerts.Handler(belgian).CountUnacknowledgedAsync(CancellationToken.None));
        }
        await using (var dutch = await test.NewContextAsync(DutchAnalyst))
        {
            // Watches and alerts belong to their account.
            Assert.Empty(await new ListDisplacementAlerts.Handler(dutch).HandleAsync(true, 10, CancellationToken.None));
            Assert.Empty(await new ListDisplacementWatches.Handler(dutch).HandleAsync(CancellationToken.None));
        }

        await ImportAsync(test, Batch(2025, 90, 10)); // 2021-2025: still a shift
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            Assert.Single(await new ListDisplacementAlerts.Handler(belgian).HandleAsync(true, 10, CancellationToken.None));
            var watch = Assert.Single(await new ListDisplacementWatches.Handler(belgian).HandleAsync(CancellationToken.None));
            Assert.Equal(("2025", "Shift", 0), (watch.LastPeriod, watch.Classification, watch.UnacknowledgedAlerts));
        }

        // The year still running is not checked: a part-year batch that reverses the shift raises no alert until the year ends.
        await ImportAsync(test, Batch(DateTime.UtcNow.Year, 5, 95, date: DateTime.UtcNow.Date.AddDays(-1 * (DateTime.UtcNow.DayOfYear > 1 ? 1 : 0))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        await using (var belgian = await test.NewContextAsync(BelgianAnalyst))
        {
            var watch = Assert.Single(await new ListDisplacementWatches.Handler(belgian).HandleAsync(CancellationToken.None));
            Assert.Equal(("2025", "Shift", 0), (watch.LastPeriod, watch.Classification, watch.UnacknowledgedAlerts));
        }
    }
}
