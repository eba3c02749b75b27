using System.Globalization;
using Waterline.Access;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>A generated set of records covering every marking combination that matters, and an independent statement of
/// who should see each: the rule as docs/security.md words it, written out plainly over in-memory lists here (not by
/// calling AccessPolicy), so the tests compare the database's answers with the rule, not the code with itself.
///
/// Records: 4 owners x 5 TLP levels x 2 handling codes x 4 releasabilities = 160 seizures. Each has a distinct
/// quantity (record i weighs i + 1 kg) and a month of its own within 2023-2024, so that sums and date ranges identify
/// exactly which records went into a figure.</summary>
internal static class AccessMatrix
{
    public static readonly string[] Owners = ["BE-FEDPOL", "BE-CUSTOMS", "NL-POLITIE", "BE-GRID"];
    public static readonly Tlp[] Levels = Enum.GetValues<Tlp>();
    public static readonly HandlingCode[] Handlings = [HandlingCode.H0, HandlingCode.H2];
    public static readonly string[][] Releasabilities =
    [
        [],
        ["BENELUX-PORTS"],
        ["NL-HARC"],
        ["BE-LAW-ENFORCEMENT", "BE-NICC"],
    ];

    /// <summary>Readers: every role in organisations inside and outside the groups above.</summary>
    public static IEnumerable<Reader> Readers() =>
        from org in new[] { "BE-FEDPOL", "BE-LOCPOL", "BE-CUSTOMS", "NL-HARC", "NL-POLITIE", "BE-GRID", "BE-NICC", "BE-DRUGSCOM" }
        from role in Enum.GetValues<Role>()
        select new Reader($"{role}.{org}".ToLowerInvariant(), org, role, "matrix test");

    public sealed record Record(string ExternalId, string Owner, Tlp Tlp, HandlingCode Handling, string[] ReleasableTo, double Kg, int Month, string Country);

    public static IReadOnlyList<Record> Records()
    {
        var list = new List<Record>();
        foreach (var owner in Owners)
        {
            foreach (var tlp in Levels)
            {
                foreach (var handling in Handlings)
                {
                    foreach (var release in Releasabilities)
                    {
                        var i = list.Count;
                        var month = ((2023 + (i / 12 % 2)) * 100) + (i % 12) + 1;
                        list.Add(new Record(string.Create(CultureInfo.InvariantCulture, $"acc-{i:D3}"), owner, tlp, handling, release,
                            i + 1, month, owner.StartsWith("NL", StringComparison.Ordinal) ? "NL" : "BE"));
                    }
                }
            }
        }
        return list;
    }

    /// <summary>The rule, in plain words: a researcher reads no record; a partner reporter reads their organisation's;
    /// everyone else reads what their organisation owns, what is released to a set it belongs to, and what is released to
    /// no set at all and marked TLP:CLEAR or TLP:GREEN.</summary>
    public static bool ShouldSee(Reader reader, Record r)
    {
        if (reader.Role == Role.Researcher)
        {
            return false;
        }
        if (reader.Role == Role.PartnerReporter)
        {
            return r.Owner == reader.Organisation;
        }
        return r.Owner == reader.Organisation || ReleasedTo(reader.Organisation, r) || (r.ReleasableTo.Length == 0 && r.Tlp is Tlp.Clear or Tlp.Green);
    }

    /// <summary>What a research extract may count for a researcher: what their organisation could read as an analyst.</summary>
    public static bool ShouldCountForResearch(Reader reader, Record r) =>
        ShouldSee(reader with { Role = Role.Analyst }, r);

    private static bool ReleasedTo(string organisation, Record r) =>
        r.ReleasableTo.Any(entry => entry == organisation
            || KnownReleasabilityGroups.All.Any(g => g.Name == entry && g.Members.Contains(organisation)));

    public static async Task WriteAsync(WaterlineDbContext db)
    {
        var observations = Records().Select(r => (Observation)new Seizure
        {
            ExternalId = r.ExternalId, SourceOrganisation = r.Owner, Country = r.Country, RegionCode = r.Country == "BE" ? "10000" : "PV28",
            Market = Market.Cocaine, Echelon = Echelon.ImportTransit,
            OccurredAt = new DateTime(r.Month / 100, r.Month % 100, 15, 0, 0, 0, DateTimeKind.Utc),
            RecordedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Quantity = r.Kg, Unit = QuantityUnit.Kilogram, QuantityKg = r.Kg, Tlp = r.Tlp, Handling = r.Handling, ReleasableTo = r.ReleasableTo,
        }).ToList();
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync(observations, CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }
}
