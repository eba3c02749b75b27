using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Linkage;

/// <summary>Records and subjects for the linkage tests, written through the real ObservationWriter.</summary>
internal static class LinkageData
{
    public static readonly Reader FedpolAnalyst = new("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst, "case BE-2026-041");
    public static readonly Reader FedpolInvestigator = new("investigator.be-fedpol", "BE-FEDPOL", Role.Investigator, "case BE-2026-041");
    public static readonly Reader CustomsAnalyst = new("analyst.be-customs", "BE-CUSTOMS", Role.Analyst, "case BE-2026-041");
    public static readonly Reader PolitieAnalyst = new("analyst.nl-politie", "NL-POLITIE", Role.Analyst, "zaak 26NL0042");

    private static int _next;

    /// <summary>One seizure of <paramref name="organisation"/> naming <paramref name="subjects"/>; returns the subject ids.</summary>
    public static async Task<long[]> RecordAsync(TestDatabase test, string organisation, Tlp tlp, string[] releasableTo,
        params RecordSubjects.NewSubject[] subjects)
    {
        await using var db = test.NewContext();
        var externalId = $"link-{Interlocked.Increment(ref _next)}";
        await WriteObservationsAsync(db, [Seizure(organisation, externalId, tlp, releasableTo)]);
        var id = await db.Observations.Where(o => o.ExternalId == externalId).Select(o => o.Id).SingleAsync();
        var ids = await new RecordSubjects.Handler(db).HandleAsync(new RecordSubjects.Request(id, subjects), CancellationToken.None);
        return [.. ids!];
    }

    /// <summary><paramref name="perSource"/> AMBER records for each police, customs and FIOD source the demo subjects use.</summary>
    public static async Task WriteHostsAsync(TestDatabase test, int perSource)
    {
        await using var db = test.NewContext();
        string[] sources = ["BE-FEDPOL", "BE-LOCPOL", "BE-CUSTOMS", "NL-POLITIE", "NL-DOUANE", "NL-FIOD"];
        await WriteObservationsAsync(db, [.. sources.SelectMany(s => Enumerable.Range(0, perSource).Select(i =>
            Seizure(s, $"host-{s}-{i}", Tlp.Amber, [s.StartsWith("BE", StringComparison.Ordinal) ? "BE-LAW-ENFORCEMENT" : "NL-LAW-ENFORCEMENT"])))]);
    }

    public static RecordSubjects.NewSubject Person(string name, DateOnly? born = null) => new(SubjectKind.Person, SubjectRole.Suspect, name, born);

    private static Seizure Seizure(string organisation, string externalId, Tlp tlp, string[] releasableTo) => new()
    {
        ExternalId = externalId, SourceOrganisation = organisation, Country = organisation[..2], RegionCode = organisation.StartsWith("BE", StringComparison.Ordinal) ? "10000" : "NL33",
        Market = Market.Cocaine, Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2025, 3, 9, 0, 0, 0, DateTimeKind.Utc), Quantity = 12, Unit = QuantityUnit.Kilogram, QuantityKg = 12,
        Tlp = tlp, Handling = HandlingCode.H1, ReleasableTo = releasableTo,
    };

    private static async Task WriteObservationsAsync(WaterlineDbContext db, IReadOnlyList<Observation> observations)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync(observations, CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }
}
