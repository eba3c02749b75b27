using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;
using static Waterline.Tests.Audit.AuditTesting;

namespace Waterline.Tests.Audit;

public sealed class SearchAuditLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Reader Admin = new("admin.janssens", "WATERLINE", Role.Administrator, "COC review 2026-04");

    /// <summary>Six entries an hour apart from <see cref="T0"/>; the clock then moves to T0 + 10 h for the searches.</summary>
    private static async Task<(ManualClock Clock, AuditLog Log)> SeedAsync(TestDatabase test)
    {
        var clock = new ManualClock(T0);
        var log = new AuditLog(clock);
        AuditRecord[] records =
        [
            new("anna.peeters", "FGP-ANT", AuditAction.Consultation, "observation:1", "case 2026/117"),
            new("bram.devos", "FGP-ANT", AuditAction.Collection, "import_batch:7", null, null, "{\"accepted\":5}"),
            new("anna.peeters", "FGP-ANT", AuditAction.Disclosure, "observation:1", "Case 2026/117 – JIT", "POLITIE-NL"),
            new("chloe.martin", "BE-CUSTOMS", AuditAction.Erasure, "observation:9", "retention expired"),
            new("dirk.smit", "POLITIE-NL", AuditAction.Consultation, "person:42", "OVJ 12/345"),
            new("anna.peeters", "FGP-ANT", AuditAction.Export, "picture:cocaine", "case 2026/117"),
        ];
        await using var db = test.NewContext();
        foreach (var r in records)
        {
            await log.AppendAsync(db, r, CancellationToken.None);
            clock.Now += TimeSpan.FromHours(1);
        }
        clock.Now = T0.AddHours(10);
        return (clock, log);
    }

    private static async Task<SearchAuditLog.Result> SearchAsync(TestDatabase test, AuditLog log, AuditFilter filter, long? before = null, int limit = 50)
    {
        await using var db = test.NewContext();
        return await new SearchAuditLog.Handler(db, log).HandleAsync(new SearchAuditLog.Request(Admin, filter, before, limit), CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_filter_selects_exactly_its_entries_newest_first(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (_, log) = await SeedAsync(test);
        // Expected sequences read off the six seeded records above.
        (AuditFilter Filter, long[] Expected)[] cases =
        [
            (new(Actor: "anna.peeters"), [6, 3, 1]),
            (new(Organisation: "FGP-ANT"), [6, 3, 2, 1]),
            (new(Action: AuditAction.Erasure), [4]),
            (new(WhatContains: "OBSERVATION:1"), [3, 1]),
            (new(PurposeContains: "2026/117"), [6, 3, 1]),
            (new(From: T0.AddHours(2).UtcDateTime, To: T0.AddHours(4).UtcDateTime), [4, 3]),
            (new(Actor: "anna.peeters", Action: AuditAction.Disclosure), [3]),
            (new(Actor: "nobody"), []),
        ];
        foreach (var (filter, expected) in cases)
        {
            var result = await SearchAsync(test, log, filter);
            Assert.True(expected.SequenceEqual(result.Entries.Select(e => e.Sequence)), $"{filter.Describe()}: got {string.Join(",", result.Entries.Select(e => e.Sequence))}");
            Assert.Null(result.NextBefore);
        }
        var disclosure = (await SearchAsync(test, log, new(Action: AuditAction.Disclosure))).Entries.Single();
        Assert.Equal(("POLITIE-NL", T0.AddHours(2).UtcDateTime, DateTimeKind.Utc), (disclosure.Recipient, disclosure.OccurredAt, disclosure.OccurredAt.Kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_follow_each_other_without_overlap_and_the_searches_are_themselves_recorded(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (_, log) = await SeedAsync(test);
        var filter = new AuditFilter(To: T0.AddHours(10).UtcDateTime);

        var first = await SearchAsync(test, log, filter, limit: 4);
        Assert.Equal([6, 5, 4, 3], first.Entries.Select(e => e.Sequence));
        Assert.Equal(3, first.NextBefore);
        var second = await SearchAsync(test, log, filter, first.NextBefore, limit: 4);
        Assert.Equal([2, 1], second.Entries.Select(e => e.Sequence));
        Assert.Null(second.NextBefore);

        // LED art. 25: reading the log is a consultation, recorded with who, why and what was asked.
        Assert.Equal([7L, 8L], [first.RecordedAs, second.RecordedAs]);
        var recorded = (await SearchAsync(test, log, new(Actor: Admin.Account))).Entries;
        Assert.Equal([8, 7], recorded.Select(e => e.Sequence));
        Assert.All(recorded, e => Assert.Equal((AuditAction.Consultation, "audit_log", "WATERLINE", "COC review 2026-04"), (e.Action, e.What, e.Organisation, e.Purpose)));
        Assert.Equal("{\"to\":\"2026-03-01T18:00:00Z\"}", recorded[0].Detail);
        Assert.True((await VerifyAsync(test)).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_export_is_recorded_first_and_holds_the_selected_entries_oldest_first(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (_, log) = await SeedAsync(test);
        var rows = await ExportAsync(test, log, new AuditFilter(Actor: "anna.peeters"), "COC");

        Assert.Equal([1, 3, 6], rows.Select(r => long.Parse(r["sequence"], CultureInfo.InvariantCulture)));
        Assert.Equal(("Disclosure", "POLITIE-NL", "2026-03-01T10:00:00.000000Z"), (rows[1]["action"], rows[1]["recipient"], rows[1]["occurred_at"]));

        await using var db = test.NewContext();
        var export = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditAction.Export && e.Actor == Admin.Account);
        Assert.Equal((7L, "audit_log", "COC", "COC review 2026-04", "{\"actor\":\"anna.peeters\"}"),
            (export.Sequence, export.What, export.Recipient, export.Purpose, export.Detail));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unfiltered_export_can_be_verified_from_the_file_alone(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (_, log) = await SeedAsync(test);
        var rows = await ExportAsync(test, log, new AuditFilter(), null, pageSize: 4);

        Assert.Equal(6, rows.Count);
        var previous = AuditHash.Genesis;
        foreach (var r in rows)
        {
            string? Optional(string name) => r[name].Length == 0 ? null : r[name];
            var at = DateTime.ParseExact(r["occurred_at"], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.Equal(previous, r["previous_hash"]);
            Assert.Equal(r["hash"], AuditHash.Compute(previous, long.Parse(r["sequence"], CultureInfo.InvariantCulture), at, r["actor"],
                r["organisation"], r["action"], r["what"], Optional("purpose"), Optional("recipient"), Optional("detail")));
            previous = r["hash"];
        }
    }

    private static async Task<List<Dictionary<string, string>>> ExportAsync(TestDatabase test, AuditLog log, AuditFilter filter, string? recipient,
        int pageSize = 1_000)
    {
        await using var db = test.NewContext();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var result = await new ExportAuditLog.Handler(db, log) { PageSize = pageSize }
            .HandleAsync(new ExportAuditLog.Request(Admin, filter, recipient), output, CancellationToken.None);
        using var csv = new CsvReader(new StringReader(output.ToString()), CultureInfo.InvariantCulture);
        await csv.ReadAsync();
        csv.ReadHeader();
        Assert.Equal(ExportAuditLog.Header, csv.HeaderRecord);
        var rows = new List<Dictionary<string, string>>();
        while (await csv.ReadAsync())
        {
            rows.Add(ExportAuditLog.Header.ToDictionary(h => h, h => csv.GetField(h)!));
        }
        Assert.Equal(rows.Count, result.Rows);
        return rows;
    }
}
