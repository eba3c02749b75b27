using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Observations;
using Waterline.Picture;
using Waterline.Sharing;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>Purpose for personal data, and forwarding under handling codes and TLP (SIENA H0-H3, TLP 2.0).</summary>
public sealed class SharingTests
{
    private static readonly Reader FedpolAnalyst = new("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst, "case BE-2024-118");
    private static readonly Reader LocpolAnalyst = new("analyst.be-locpol", "BE-LOCPOL", Role.Analyst, "case BE-2024-118");
    private static readonly Reader HarcAnalyst = new("analyst.nl-harc", "NL-HARC", Role.Analyst, "zaak 26NL0042");

    private static async Task<long> WriteAsync(TestDatabase test, string externalId, Tlp tlp, HandlingCode handling, params string[] releasableTo)
    {
        await using var db = test.NewContext();
        var seizure = new Seizure
        {
            ExternalId = externalId, SourceOrganisation = "BE-FEDPOL", Country = "BE", RegionCode = "10000", Market = Market.Cocaine,
            Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc),
            RecordedAt = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), Quantity = 120, Unit = QuantityUnit.Kilogram,
            QuantityKg = 120, Tlp = tlp, Handling = handling, ReleasableTo = releasableTo,
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync([seizure], CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
        return await db.Observations.Where(o => o.ExternalId == externalId).Select(o => o.Id).SingleAsync();
    }

    private static async Task<double> KilogramsSeenAsync(TestDatabase test, Reader reader)
    {
        await using var db = await test.NewContextAsync(reader);
        var picture = await new GetMarketPicture.Handler(db).HandleAsync(new GetMarketPicture.Request { Measure = PictureMeasure.QuantityKg }, CancellationToken.None);
        return picture.Totals.Sum(t => t.Value ?? 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Personal_data_is_refused_without_a_purpose_and_given_with_one(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var id = await WriteAsync(test, "p-1", Tlp.Amber, HandlingCode.H0);
        await using (var db = await test.NewContextAsync(FedpolAnalyst))
        {
            await new RecordSubjects.Handler(db).HandleAsync(new RecordSubjects.Request(id,
            [
                new RecordSubjects.NewSubject(SubjectKind.Person, SubjectRole.Suspect, "Jan Peeters (synthetic)", new DateOnly(1990, 4, 1)),
                new RecordSubjects.NewSubject(SubjectKind.Phone, SubjectRole.Suspect, Identifier: "+32470000001"),
                new RecordSubjects.NewSubject(SubjectKind.Company, SubjectRole.Other, "Fruit Import BV (synthetic)"),
            ]), CancellationToken.None);
        }

        await using var noPurpose = await test.NewContextAsync(FedpolAnalyst with { Purpose = null });
        await Assert.ThrowsAsync<PurposeRequiredException>(() =>
            new GetObservation.Handler(noPurpose, TimeProvider.System).HandleAsync(new GetObservation.Request(id, IncludePersonalData: true), CancellationToken.None));
        var withheld = await new GetObservation.Handler(noPurpose, TimeProvider.System).HandleAsync(new GetObservation.Request(id), CancellationToken.None);
        Assert.Equal(2, withheld!.PersonalSubjects);
        Assert.Equal([SubjectKind.Company], withheld.Subjects.Select(s => s.Kind));

        await using var withPurpose = await test.NewContextAsync(FedpolAnalyst);
        var full = await new GetObservation.Handler(withPurpose, TimeProvider.System).HandleAsync(new GetObservation.Request(id, IncludePersonalData: true), CancellationToken.None);
        Assert.Equal(3, full!.Subjects.Count);
        Assert.Contains(full.Subjects, s => s.Identifier == "+32470000001");
        var consulted = Assert.Single(await withPurpose.Set<AuditEntry>().Where(e => e.Action == AuditAction.Consultation).ToListAsync());
        Assert.Equal(("analyst.be-fedpol", "case BE-2024-118", $"observation:{id}"), (consulted.Actor, consulted.Purpose, consulted.What));

        // Subjects are as hidden as their record: an organisation that cannot read the record cannot find its subjects.
        await using var harc = await test.NewContextAsync(HarcAnalyst);
        Assert.Equal(0, await harc.Subjects.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forwarding_releases_the_record_and_its_share_of_the_picture_to_the_recipient_only(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var id = await WriteAsync(test, "f-1", Tlp.Amber, HandlingCode.H0, "BE-LAW-ENFORCEMENT");
        Assert.Equal(0, await KilogramsSeenAsync(test, HarcAnalyst));
        Assert.Equal(120, await KilogramsSeenAsync(test, LocpolAnalyst));

        await using (var db = await test.NewContextAsync(LocpolAnalyst))
        {
            var outcome = await new ForwardObservation.Handler(db, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "NL-HARC", "joint port case"), CancellationToken.None);
            Assert.Equal(ForwardObservation.Outcome.Forwarded, outcome);
        }
        Assert.Equal(120, await KilogramsSeenAsync(test, HarcAnalyst));
        Assert.Equal(120, await KilogramsSeenAsync(test, LocpolAnalyst));
        Assert.Equal(0, await KilogramsSeenAsync(test, new Reader("analyst.nl-politie", "NL-POLITIE", Role.Analyst)));
        await using (var log = test.NewContext())
        {
            var disclosure = Assert.Single(await log.Set<AuditEntry>().Where(e => e.Action == AuditAction.Disclosure).ToListAsync());
            Assert.Equal(("analyst.be-locpol", "NL-HARC", "joint port case"), (disclosure.Actor, disclosure.Recipient, disclosure.Detail));
        }
        await using (var all = test.NewContext())
        {
            // The record's share moved; no cell of nothing is left behind.
            Assert.Equal(1, await all.PictureCells.CountAsync());
            Assert.Equal(120, await all.PictureCells.SumAsync(c => c.QuantityKg));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_H2_record_is_forwarded_by_others_only_after_the_owner_consents(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var id = await WriteAsync(test, "h2-1", Tlp.Amber, HandlingCode.H2, "BE-LAW-ENFORCEMENT");
        await using (var db = await test.NewContextAsync(LocpolAnalyst))
        {
            var refused = await Assert.ThrowsAsync<AccessRefusedException>(() =>
                new ForwardObservation.Handler(db, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "NL-HARC", null), CancellationToken.None));
            Assert.Contains("consent of the owner (BE-FEDPOL)", refused.Message);
            await Assert.ThrowsAsync<AccessRefusedException>(() =>
                new RecordConsent.Handler(db, TimeProvider.System).HandleAsync(new RecordConsent.Request(id, "NL-HARC", null), CancellationToken.None));
        }
        Assert.Equal(0, await KilogramsSeenAsync(test, HarcAnalyst));
        await using (var owner = await test.NewContextAsync(FedpolAnalyst))
        {
            Assert.True(await new RecordConsent.Handler(owner, TimeProvider.System).HandleAsync(new RecordConsent.Request(id, "NL-HARC", "JIT"), CancellationToken.None));
        }
        await using (var db = await test.NewContextAsync(LocpolAnalyst))
        {
            Assert.Equal(ForwardObservation.Outcome.Forwarded,
                await new ForwardObservation.Handler(db, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "NL-HARC", null), CancellationToken.None));
        }
        Assert.Equal(120, await KilogramsSeenAsync(test, HarcAnalyst));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_red_record_never_leaves_its_named_recipients_not_even_by_its_owner(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var id = await WriteAsync(test, "red-1", Tlp.Red, HandlingCode.H0, "BE-PROSECUTION");
        await using var owner = await test.NewContextAsync(FedpolAnalyst);
        var refused = await Assert.ThrowsAsync<AccessRefusedException>(() =>
            new ForwardObservation.Handler(owner, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "NL-HARC", null), CancellationToken.None));
        Assert.Contains("TLP:RED", refused.Message);
        Assert.Equal(ForwardObservation.Outcome.AlreadyReleased,
            await new ForwardObservation.Handler(owner, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "BE-PROSECUTION", null), CancellationToken.None));
        Assert.Equal(0, await KilogramsSeenAsync(test, HarcAnalyst));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_record_the_forwarder_cannot_read_is_not_found(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var id = await WriteAsync(test, "strict-1", Tlp.AmberStrict, HandlingCode.H0);
        await using var db = await test.NewContextAsync(HarcAnalyst);
        Assert.Equal(ForwardObservation.Outcome.NotFound,
            await new ForwardObservation.Handler(db, TimeProvider.System).HandleAsync(new ForwardObservation.Request(id, "NL-HARC", null), CancellationToken.None));
        Assert.Equal(0, await KilogramsSeenAsync(test, HarcAnalyst));
    }
}
