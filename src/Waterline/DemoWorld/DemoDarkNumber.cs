using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Estimation;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.DemoWorld;

/// <summary>
/// A planted dark number with known truth, for the estimation page: <see cref="Truth"/> cannabis plantations active
/// through 2025 in three Belgian provinces, each found independently by the federal police (a ProductionSite by
/// BE-FEDPOL), by the grid operator (a PartnerSignal UtilityAnomaly by BE-GRID) and by anonymous citizen tips (a
/// ProductionSite by BE-TIPS), with the probabilities in <see cref="Detection"/>. Every report names the plantation's
/// address as an Address subject, written the way that source writes it (abbreviated, upper case, comma or not), so
/// the reports of one plantation are matched by the normalised address. 2025 lies outside the demo world's default
/// years, so the population holds these plantations alone. Markings: police and tip reports TLP:AMBER to Belgian law
/// enforcement; the grid operator's TLP:AMBER to BE-FEDPOL alone, so other readers see two lists, not three.
/// Deterministic: the same seed gives the same reports.
/// </summary>
public static class DemoDarkNumber
{
    public const string ExternalIdPrefix = "demo-darknumber-";
    public const int Year = 2025;
    public const string Police = "BE-FEDPOL";
    public const string Grid = "BE-GRID";
    public const string Tips = "BE-TIPS";

    /// <summary>The planted truth: plantations per province (NIS code), 500 in all.</summary>
    public static IReadOnlyList<(string Province, string Name, int Plantations)> Truth { get; } =
    [
        ("10000", "Antwerpen", 220),
        ("70000", "Limburg", 160),
        ("40000", "Oost-Vlaanderen", 120),
    ];

    /// <summary>Detection probabilities, the same for every plantation (homogeneity) and drawn independently per source
    /// (no dependence), so the independence model is right and its 95% interval should cover the truth.</summary>
    public static IReadOnlyList<(string Source, double Probability)> Detection { get; } = [(Police, 0.35), (Grid, 0.30), (Tips, 0.20)];

    /// <summary>The population the estimation page opens with: these plantations, stratified by province.</summary>
    public static EstimateDarkNumber.Request DefaultRequest { get; } = new(
        [Police, Grid, Tips], [ObservationKind.ProductionSite, ObservationKind.PartnerSignal], Market.Cannabis, "BE", null,
        new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31), StrataBy: EstimateDarkNumber.Stratification.Region);

    public sealed record Plantation(int Index, string Province, string Municipality, string Street, int Number, string Postcode, string Place);

    public sealed record Report(int Plantation, string Source, DateTime On, string AddressAsWritten);

    public sealed record Plan(IReadOnlyList<Plantation> Plantations, IReadOnlyList<Report> Reports);

    public sealed record Result(int Plantations, int Reports, bool AlreadySeeded);

    private static readonly Dictionary<string, (string Municipality, string Postcode, string Place)[]> Places = new(StringComparer.Ordinal)
    {
        ["10000"] = [("11002", "2000", "Antwerpen"), ("12025", "2800", "Mechelen"), ("13040", "2300", "Turnhout"), ("13025", "2400", "Mol")],
        ["70000"] = [("71022", "3500", "Hasselt"), ("71016", "3600", "Genk"), ("72020", "3920", "Lommel")],
        ["40000"] = [("44021", "9000", "Gent"), ("41002", "9300", "Aalst"), ("46021", "9100", "Sint-Niklaas")],
    };

    private static readonly string[] Streets =
    [
        "Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat", "Schoolstraat", "Veldstraat", "Hoogstraat",
        "Beekstraat", "Kapelstraat", "Industrieweg", "Heidestraat", "Bosstraat", "Populierenlaan", "Leopoldlaan", "Lindelaan",
    ];

    /// <remarks>Each province's 95% interval covers its truth in about 95% of draws, so some draws miss one: the stream
    /// constant below is the third tried, the first two each left one province (of three) outside its interval.</remarks>
    public static Plan Draw(int seed)
    {
        var r = new Random(seed ^ 0x0DA2_C0E2);
        var plantations = new List<Plantation>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (province, _, count) in Truth)
        {
            for (var i = 0; i < count; i++)
            {
                var (municipality, postcode, place) = Places[province][r.Next(Places[province].Length)];
                string street;
                int number;
                do
                {
                    street = Streets[r.Next(Streets.Length)];
                    number = 1 + r.Next(240);
                }
                while (!used.Add($"{postcode} {street} {number}"));
                plantations.Add(new Plantation(plantations.Count, province, municipality, street, number, postcode, place));
            }
        }
        var reports = new List<Report>();
        foreach (var p in plantations)
        {
            foreach (var (source, probability) in Detection)
            {
                // Draw both numbers whatever the outcome, so one source's luck does not shift another's.
                var found = r.NextDouble() < probability;
                var day = r.Next(365);
                var style = r.Next(4);
                if (found)
                {
                    reports.Add(new Report(p.Index, source, new DateTime(Year, 1, 1, 10, 0, 0, DateTimeKind.Utc).AddDays(day), Written(p, style)));
                }
            }
        }
        return new Plan(plantations, reports);
    }

    /// <summary>The ways sources write one address; all normalise alike (AddressNormaliser).</summary>
    private static string Written(Plantation p, int style) => style switch
    {
        0 => $"{p.Street} {p.Number}, {p.Postcode} {p.Place}",
        1 => $"{p.Street.ToUpperInvariant()} {p.Number} {p.Postcode} {p.Place.ToUpperInvariant()}",
        2 => $"{p.Street.Replace("straat", "str.", StringComparison.Ordinal).Replace("laan", "ln.", StringComparison.Ordinal)} {p.Number}, {p.Postcode} {p.Place}",
        _ => $"{p.Street} {p.Number}, B-{p.Postcode} {p.Place}",
    };

    /// <summary>Writes the scenario once (idempotent: a database that holds its reports is left alone), in one transaction.</summary>
    public static async Task<Result> WriteAsync(WaterlineDbContext db, int seed, CancellationToken ct)
    {
        if (await db.Observations.IgnoreQueryFilters().AnyAsync(o => o.ExternalId.StartsWith(ExternalIdPrefix), ct))
        {
            return new Result(0, 0, AlreadySeeded: true);
        }
        var plan = Draw(seed);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var writer = ObservationWriter.Begin(db);
        await writer.WriteAsync([.. plan.Reports.Select((report, i) => Observe(plan.Plantations[report.Plantation], report, i))], ct);
        await writer.CompleteAsync(ct);
        var stored = await db.Observations.IgnoreQueryFilters().AsNoTracking().Where(o => o.ExternalId.StartsWith(ExternalIdPrefix))
            .Select(o => new { o.Id, o.ExternalId, o.MarkingId }).ToDictionaryAsync(o => o.ExternalId, StringComparer.Ordinal, ct);
        db.Subjects.AddRange(plan.Reports.Select((report, i) =>
        {
            var o = stored[ExternalId(i)];
            return new Subject
            {
                ObservationId = o.Id, MarkingId = o.MarkingId, Kind = SubjectKind.Address, Role = SubjectRole.Other,
                Address = report.AddressAsWritten, Country = "BE",
            };
        }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        return new Result(plan.Plantations.Count, plan.Reports.Count, AlreadySeeded: false);
    }

    public static string ExternalId(int index) => ExternalIdPrefix + index.ToString("D4", CultureInfo.InvariantCulture);

    private static Observation Observe(Plantation p, Report report, int index)
    {
        Observation o = report.Source switch
        {
            Grid => new PartnerSignal { SignalType = PartnerSignalType.UtilityAnomaly, Notes = "consumption far above the connection's profile", Country = "BE", SourceOrganisation = Grid, ExternalId = ExternalId(index) },
            Tips => new ProductionSite { SiteType = SiteType.CannabisPlantation, Substance = "cannabis", Notes = "anonymous tip: smell and covered windows", Country = "BE", SourceOrganisation = Tips, ExternalId = ExternalId(index) },
            _ => new ProductionSite { SiteType = SiteType.CannabisPlantation, Substance = "cannabis", PlantCount = 200 + (37 * p.Index % 900), Country = "BE", SourceOrganisation = Police, ExternalId = ExternalId(index) },
        };
        o.RegionCode = p.Province;
        o.MunicipalityCode = p.Municipality;
        o.Market = Market.Cannabis;
        o.Echelon = Echelon.Production;
        o.OccurredAt = report.On;
        o.ReportedAt = report.On.AddDays(2);
        o.RecordedAt = report.On.AddDays(3);
        o.Tlp = Tlp.Amber;
        var partner = report.Source == Grid;
        o.Handling = partner ? HandlingCode.H2 : HandlingCode.H1;
        o.ReleasableTo = partner ? [Police] : ["BE-LAW-ENFORCEMENT"];
        o.LegalRegime = partner ? LegalRegime.Gdpr : LegalRegime.LawEnforcementDirective;
        o.SourceGrade = report.Source switch { Police => SourceGrade.A, Grid => SourceGrade.B, _ => SourceGrade.X };
        o.InformationGrade = report.Source == Tips ? InformationGrade.CannotBeJudged : InformationGrade.KnownToSource;
        return o;
    }
}
