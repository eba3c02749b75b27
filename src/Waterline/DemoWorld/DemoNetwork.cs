using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Linkage;
using Waterline.Networks;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.DemoWorld;

/// <summary>
/// A synthetic cocaine importing network over six two-month phases of 2024, for the network pages: suppliers abroad, a
/// broker, an Antwerp and a Rotterdam port cell, distributors in both countries and a money side (launderers, front
/// companies, accounts), tied by communications, payments, shipments, ownership, co-offending and family. In phase 3 a
/// seizure in Antwerp takes the first broker out; from phase 4 the Rotterdam broker runs the imports. Most records are
/// released to the Benelux port partners; a Dutch cell is known only to the Dutch police (TLP:AMBER+STRICT) and a
/// Belgian circle only to Belgian law enforcement, so analysts of the two countries see different networks. Every
/// report is one investigation report (an observation of kind InvestigationReport, which the market picture leaves
/// out) naming the two subjects it ties (so co-occurrence and relation agree), and the records of
/// one actor are joined by confirmed links into one resolved entity. Names are made up here and combined at random.
/// Deterministic: the same seed gives the same network.
/// </summary>
public static class DemoNetwork
{
    public const string ExternalIdPrefix = "demo-network-";
    public const int Phases = 6;

    /// <summary>Who may see an actor's reports.</summary>
    public enum Circle
    {
        /// <summary>Released to the Benelux port partners (BE and NL police and customs).</summary>
        Shared,
        /// <summary>BE-FEDPOL, released to Belgian law enforcement only.</summary>
        Belgian,
        /// <summary>NL-POLITIE, TLP:AMBER+STRICT: the Dutch police alone.</summary>
        Dutch,
    }

    public sealed record Actor(string Key, SubjectKind Kind, string? Name, string? Identifier, string? Country, Circle Circle, DateOnly? BirthDate = null);

    public sealed record Report(int Phase, DateOnly On, RelationKind Kind, string From, string To, Market Market, Circle Circle,
        decimal? AmountEur = null, int? Count = null);

    public sealed record Plan(IReadOnlyList<Actor> Actors, IReadOnlyList<Report> Reports);

    public sealed record Result(int Actors, int Observations, int Subjects, int Relations, int Links, bool AlreadySeeded);

    /// <summary>The first day of a phase (1-6): phases are January-February 2024, March-April...</summary>
    public static DateOnly PhaseStart(int phase) => new(2024, (2 * phase) - 1, 1);

    /// <summary>The last day of a phase.</summary>
    public static DateOnly PhaseEnd(int phase) => PhaseStart(phase).AddMonths(2).AddDays(-1);

    private static readonly string[] Given = ["Arno", "Bram", "Cas", "Dries", "Elian", "Fenna", "Gijs", "Hanne", "Ilyas", "Jorre", "Kiki", "Lander",
        "Mats", "Nora", "Omar", "Pim", "Quinten", "Rayan", "Siebe", "Tess", "Ugo", "Vince", "Wout", "Yara", "Zakaria", "Lieke", "Driss", "Anouk"];
    private static readonly string[] Family = ["Vanderwaal", "Oudekerk", "Brelaere", "Mertensen", "Dhondtijn", "Van Ostaeyen", "Kapteijns",
        "El Ghazouani", "Bourhaddou", "Verstockt", "De Kimpe", "Haverkamp", "Yeldirim", "Lanckriet", "Schoutteet", "Van Assche-Mol", "Rijkhoff", "Tahiri"];

    /// <summary>About 90 actors and 450 reports.</summary>
    public static Plan Draw(int seed)
    {
        var r = new Random(seed ^ 0x4E37_0A11);
        var actors = new List<Actor>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        Actor Person(string key, string country, Circle circle = Circle.Shared)
        {
            string name;
            do
            {
                name = $"{Given[r.Next(Given.Length)]} {Family[r.Next(Family.Length)]}";
            }
            while (!used.Add(name));
            var a = new Actor(key, SubjectKind.Person, name, null, country, circle, new DateOnly(1970, 1, 1).AddDays(r.Next(30 * 365)));
            actors.Add(a);
            return a;
        }
        Actor Thing(string key, SubjectKind kind, string? name, string? identifier, string? country, Circle circle = Circle.Shared)
        {
            var a = new Actor(key, kind, name, identifier, country, circle);
            actors.Add(a);
            return a;
        }
        string Iban(string country) => country + r.Next(10, 99).ToString(CultureInfo.InvariantCulture) + " DEMO " + r.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)
            + " " + r.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

        var broker1 = Person("broker-1", "BE");
        var broker2 = Person("broker-2", "NL");
        var suppliers = Enumerable.Range(1, 4).Select(i => Person($"supplier-{i}", i <= 2 ? "EC" : "CO")).ToList();
        var antwerp = Enumerable.Range(1, 10).Select(i => Person($"antwerp-{i}", "BE")).ToList();
        var rotterdam = Enumerable.Range(1, 10).Select(i => Person($"rotterdam-{i}", "NL")).ToList();
        var beDistributors = Enumerable.Range(1, 12).Select(i => Person($"be-distributor-{i}", "BE")).ToList();
        var nlDistributors = Enumerable.Range(1, 10).Select(i => Person($"nl-distributor-{i}", "NL")).ToList();
        var launderers = Enumerable.Range(1, 4).Select(i => Person($"launderer-{i}", i <= 2 ? "BE" : "NL")).ToList();
        var dutchCell = Enumerable.Range(1, 8).Select(i => Person($"dutch-cell-{i}", "NL", Circle.Dutch)).ToList();
        var belgianCircle = Enumerable.Range(1, 6).Select(i => Person($"belgian-circle-{i}", "BE", Circle.Belgian)).ToList();
        string[] trades = ["Fruit Import", "Reefer Logistics", "Car Trading", "Agro Export", "Bouw & Sloop", "Cold Storage"];
        var companies = Enumerable.Range(1, 6).Select(i => Thing($"company-{i}", SubjectKind.Company,
            $"{Family[r.Next(Family.Length)]} {trades[i - 1]} {(i % 2 == 0 ? "BV" : "NV")}", (10_000_000 + r.Next(89_999_999)).ToString(CultureInfo.InvariantCulture),
            i % 2 == 0 ? "NL" : "BE")).ToList();
        var accounts = Enumerable.Range(1, 8).Select(i => Thing($"account-{i}", SubjectKind.BankAccount, null, Iban(i % 2 == 0 ? "NL" : "BE"), i % 2 == 0 ? "NL" : "BE")).ToList();
        string[] ships = ["Demo Horizon", "Demo Meridian", "Demo Caribe"];
        var vessels = Enumerable.Range(0, 3).Select(i => Thing($"vessel-{i + 1}", SubjectKind.Vessel, ships[i],
            $"IMO 9{r.Next(100000, 999999).ToString(CultureInfo.InvariantCulture)}", null)).ToList();

        var reports = new List<Report>();
        DateOnly Day(int phase) => PhaseStart(phase).AddDays(r.Next(PhaseEnd(phase).DayNumber - PhaseStart(phase).DayNumber + 1));
        Circle Side(Actor a, Actor b) => a.Circle != Circle.Shared ? a.Circle : b.Circle;
        void Add(int phase, RelationKind kind, Actor from, Actor to, Market market = Market.Cocaine, decimal? amount = null, int? count = null) =>
            reports.Add(new Report(phase, Day(phase), kind, from.Key, to.Key, market, Side(from, to), amount, count));
        void Call(int phase, Actor a, Actor b, Market market = Market.Cocaine) => Add(phase, RelationKind.Communication, a, b, market, count: 1 + r.Next(25));

        // Ownership is reported once, at the start.
        Add(1, RelationKind.Ownership, broker1, accounts[0]);
        Add(1, RelationKind.Ownership, broker2, accounts[1]);
        for (var i = 0; i < launderers.Count; i++)
        {
            Add(1, RelationKind.Ownership, launderers[i], companies[i]);
            Add(1, RelationKind.Ownership, companies[i], accounts[2 + i]);
        }
        Add(1, RelationKind.Ownership, antwerp[0], companies[4]);
        Add(1, RelationKind.Ownership, rotterdam[0], companies[5]);
        Add(1, RelationKind.Ownership, companies[5], accounts[6]);
        Add(1, RelationKind.Ownership, companies[4], accounts[7]);
        Add(2, RelationKind.Family, broker2, dutchCell[0]);
        Add(1, RelationKind.Family, broker1, belgianCircle[0]);

        for (var phase = 1; phase <= Phases; phase++)
        {
            // The seizure of phase 3 takes broker 1 out; broker 2, a Rotterdam contact until then, takes over.
            var broker = phase <= 3 ? broker1 : broker2;
            var brokerAccount = phase <= 3 ? accounts[0] : accounts[1];
            foreach (var s in suppliers)
            {
                Call(phase, broker, s);
            }
            foreach (var cell in new[] { antwerp, rotterdam })
            {
                for (var k = 0; k < 2 + r.Next(2); k++)
                {
                    Call(phase, broker, cell[0]);
                }
                foreach (var member in cell.Skip(1))
                {
                    Call(phase, cell[0], member);
                    var other = cell[1 + r.Next(cell.Count - 1)];
                    if (r.NextDouble() < 0.3 && other != member)
                    {
                        Call(phase, member, other);
                    }
                }
            }
            if (phase <= 3)
            {
                Call(phase, broker1, broker2);
            }
            Call(phase, broker, beDistributors[0]);
            foreach (var d in beDistributors.Skip(1))
            {
                Call(phase, beDistributors[0], d);
            }
            Call(phase, broker2, nlDistributors[0], Market.Cannabis);
            foreach (var d in nlDistributors.Skip(1))
            {
                Call(phase, nlDistributors[0], d, Market.Cannabis);
            }
            // Money: the broker pays the launderers, whose companies pay the suppliers' side through the front companies.
            for (var i = 0; i < launderers.Count; i++)
            {
                Add(phase, RelationKind.Payment, brokerAccount, accounts[2 + i], amount: 10_000m * (5 + r.Next(40)));
                Call(phase, broker, launderers[i]);
            }
            Add(phase, RelationKind.Payment, accounts[2 + r.Next(4)], accounts[6 + r.Next(2)], amount: 1_000m * (20 + r.Next(200)));
            // Shipments: a vessel delivers to a port cell's company.
            var vessel = vessels[(phase - 1) % vessels.Count];
            Add(phase, RelationKind.Shipment, vessel, phase <= 3 ? companies[4] : companies[5]);
            Add(phase, RelationKind.Shipment, suppliers[(phase - 1) % suppliers.Count], vessel);
            if (phase >= 2)
            {
                foreach (var member in dutchCell)
                {
                    Call(phase, broker2, member);
                }
            }
            if (phase <= 3)
            {
                foreach (var member in belgianCircle)
                {
                    Call(phase, broker1, member);
                }
            }
        }
        // The seizure (phase 3): broker 1 and two dockworkers arrested with the load.
        Add(3, RelationKind.CoOffending, broker1, antwerp[1]);
        Add(3, RelationKind.CoOffending, broker1, antwerp[2]);
        Add(3, RelationKind.CoOffending, antwerp[1], antwerp[2]);
        return new Plan(actors, [.. reports.OrderBy(x => x.On).ThenBy(x => x.From, StringComparer.Ordinal).ThenBy(x => x.To, StringComparer.Ordinal)]);
    }

    /// <summary>Writes the network once (idempotent: a database that holds its observations is left alone), in one transaction.</summary>
    public static async Task<Result> WriteAsync(WaterlineDbContext db, int seed, IProgress<string>? progress, CancellationToken ct)
    {
        if (await db.Observations.IgnoreQueryFilters().AnyAsync(o => o.ExternalId.StartsWith(ExternalIdPrefix), ct))
        {
            return new Result(0, 0, 0, 0, 0, AlreadySeeded: true);
        }
        var plan = Draw(seed);
        var actors = plan.Actors.ToDictionary(a => a.Key, StringComparer.Ordinal);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var writer = ObservationWriter.Begin(db);
        var observations = plan.Reports.Select((p, i) => Observe(p, i)).ToList();
        await writer.WriteAsync(observations, ct);
        await writer.CompleteAsync(ct);
        progress?.Report($"{observations.Count} reports written");

        var stored = await db.Observations.IgnoreQueryFilters().AsNoTracking().Where(o => o.ExternalId.StartsWith(ExternalIdPrefix))
            .Select(o => new { o.Id, o.ExternalId, o.MarkingId }).ToDictionaryAsync(o => o.ExternalId, StringComparer.Ordinal, ct);
        var pairs = new List<(Subject From, Subject To, Report Report, long ObservationId, int MarkingId)>();
        foreach (var (report, i) in plan.Reports.Select((p, i) => (p, i)))
        {
            var o = stored[ExternalId(i)];
            pairs.Add((SubjectOf(actors[report.From], o.Id, o.MarkingId), SubjectOf(actors[report.To], o.Id, o.MarkingId), report, o.Id, o.MarkingId));
        }
        db.Subjects.AddRange(pairs.SelectMany(p => new[] { p.From, p.To }));
        await db.SaveChangesAsync(ct);
        db.Set<SubjectRelation>().AddRange(pairs.Select(p => new SubjectRelation
        {
            ObservationId = p.ObservationId, MarkingId = p.MarkingId, FromSubjectId = p.From.Id, ToSubjectId = p.To.Id, Kind = p.Report.Kind,
            OccurredOn = p.Report.On, AmountEur = p.Report.AmountEur, Count = p.Report.Count,
        }));

        // One actor's records form one resolved entity: each record is linked to the actor's first.
        var recordsOf = pairs.SelectMany(p => new[] { (p.Report.From, p.From), (p.Report.To, p.To) })
            .GroupBy(x => x.Item1, StringComparer.Ordinal).ToList();
        var explanation = JsonSerializer.Serialize(new LinkExplanation(20, []), FindLinkCandidates.Json);
        var at = PhaseEnd(Phases).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var links = new List<LinkCandidate>();
        foreach (var g in recordsOf)
        {
            var ids = g.Select(x => x.Item2.Id).Order().ToList();
            links.AddRange(ids.Skip(1).Select(id => new LinkCandidate
            {
                Kind = actors[g.Key].Kind, LeftSubjectId = ids[0], RightSubjectId = id, MatchWeight = 20, MatchProbability = 1, Explanation = explanation,
                Status = LinkStatus.Confirmed, FoundAt = at, DecidedBy = "demo-world", DecidedOrganisation = "BE-DRUGSCOM", DecidedAt = at,
            }));
        }
        db.Set<LinkCandidate>().AddRange(links);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        progress?.Report($"{actors.Count} actors, {pairs.Count * 2} subject records, {pairs.Count} relations, {links.Count} confirmed links");
        return new Result(actors.Count, observations.Count, pairs.Count * 2, pairs.Count, links.Count, AlreadySeeded: false);
    }

    public static string ExternalId(int index) => ExternalIdPrefix + index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>How the investigation learnt of a tie of this kind (the demo's choice, also used by <see cref="RefileSqlite"/>).</summary>
    public static InvestigationMethod MethodOf(RelationKind kind) => kind switch
    {
        RelationKind.Communication => InvestigationMethod.Interception,
        RelationKind.Payment or RelationKind.Ownership => InvestigationMethod.FinancialInquiry,
        _ => InvestigationMethod.Surveillance,
    };

    private static InvestigationReport Observe(Report report, int index)
    {
        var (org, country, region, tlp, release) = report.Circle switch
        {
            Circle.Dutch => ("NL-POLITIE", "NL", "PV28", Tlp.AmberStrict, Array.Empty<string>()),
            Circle.Belgian => ("BE-FEDPOL", "BE", "10000", Tlp.Amber, ["BE-LAW-ENFORCEMENT"]),
            _ when report.Market == Market.Cannabis => ("NL-POLITIE", "NL", "PV28", Tlp.Amber, ["BENELUX-PORTS"]),
            _ => ("BE-FEDPOL", "BE", "10000", Tlp.Amber, new[] { "BENELUX-PORTS" }),
        };
        var at = report.On.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        return new InvestigationReport
        {
            ExternalId = ExternalId(index), SourceOrganisation = org, Country = country, RegionCode = region, Market = report.Market,
            Echelon = report.Market == Market.Cannabis ? Echelon.MiddleMarket : Echelon.ImportTransit, OccurredAt = at, ReportedAt = at.AddDays(1),
            RecordedAt = at.AddDays(2), Handling = HandlingCode.H1, Tlp = tlp, ReleasableTo = release, SourceGrade = SourceGrade.B,
            InformationGrade = InformationGrade.KnownToSource, LegalRegime = LegalRegime.LawEnforcementDirective,
            Method = MethodOf(report.Kind), CaseReference = CaseReference, Notes = $"Demo network, phase {report.Phase}: {report.Kind} report",
        };
    }

    public const string CaseReference = "DEMO-NETWORK-2024";

    // Databases seeded before investigation reports existed hold the demo network as unquantified seizures, which
    // inflated the seizure counts of 2024: the migration InvestigationReports takes them out of picture_cells, refiles
    // them, and raises the picture's generation so cached cubes reload. Nothing happens on a database without them.
    private const string RefiledCell = "o.kind = 'Seizure' AND o.external_id LIKE 'demo-network-%' AND o.market = picture_cells.market " +
        "AND o.echelon = picture_cells.echelon AND o.country = picture_cells.country AND COALESCE(o.region_code, '') = picture_cells.region_code " +
        "AND o.source_organisation = picture_cells.source_organisation AND o.marking_id = picture_cells.marking_id AND ";

    private const string Refile = "DELETE FROM picture_cells WHERE observations = 0;\n" +
        "UPDATE observations SET kind = 'InvestigationReport', case_reference = '" + CaseReference + "', method = CASE " +
        "(SELECT r.kind FROM subject_relations r WHERE r.observation_id = observations.id ORDER BY r.id LIMIT 1) " +
        "WHEN 'Communication' THEN 'Interception' WHEN 'Payment' THEN 'FinancialInquiry' WHEN 'Ownership' THEN 'FinancialInquiry' " +
        "ELSE 'Surveillance' END WHERE kind = 'Seizure' AND external_id LIKE 'demo-network-%';\n" +
        "INSERT INTO picture_state (id, generation) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET generation = picture_state.generation + 1;";

    /// <summary>Refiles a demo network stored as seizures (SQLite; months as in ObservationWriter, UTC yyyymm).</summary>
    public const string RefileSqlite = "UPDATE picture_cells SET observations = observations - (SELECT COUNT(*) FROM observations o WHERE " +
        RefiledCell + "CAST(strftime('%Y%m', o.occurred_at) AS INTEGER) = picture_cells.month) WHERE kind = 'Seizure';\n" + Refile;

    /// <summary>Refiles a demo network stored as seizures (PostgreSQL).</summary>
    public const string RefilePostgres = "UPDATE picture_cells SET observations = observations - (SELECT COUNT(*) FROM observations o WHERE " +
        RefiledCell + "(EXTRACT(YEAR FROM o.occurred_at AT TIME ZONE 'UTC') * 100 + EXTRACT(MONTH FROM o.occurred_at AT TIME ZONE 'UTC'))::integer " +
        "= picture_cells.month) WHERE kind = 'Seizure';\n" + Refile;

    private static Subject SubjectOf(Actor a, long observationId, int markingId) => new()
    {
        ObservationId = observationId, MarkingId = markingId, Kind = a.Kind, Role = a.Kind == SubjectKind.Person ? SubjectRole.Suspect : SubjectRole.Other,
        Name = a.Name, BirthDate = a.BirthDate, Identifier = a.Identifier, Country = a.Country,
    };
}
