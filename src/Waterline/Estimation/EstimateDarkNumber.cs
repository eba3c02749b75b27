using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waterline.Analytics.Estimation;
using Waterline.Analytics.Linkage;
using Waterline.Linkage;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Estimation;

/// <summary>The dark number of a population the analyst defines (observation kinds, market, country or province, period)
/// from the sources that count as lists: the reports are matched into cases by the Address subjects they name (resolved
/// entities of confirmed links, the normalised address, or an explicit site id), each case gets its capture history,
/// and every hierarchical log-linear model is fitted and compared (docs/estimation.md). Only records the reader may read
/// enter (the query filters of observations and subjects); reading the addresses needs a stated purpose and is logged.</summary>
public static class EstimateDarkNumber
{
    /// <summary>More lists than this take minutes per estimate (1,024 models with profile intervals for 5 lists).</summary>
    public const int MaxLists = 5;

    /// <summary>How the reports of one case are recognised across lists.</summary>
    public enum Matching
    {
        /// <summary>Resolved entities where confirmed links exist, and the normalised address.</summary>
        Auto,
        /// <summary>Only the resolved entities of the linkage module: unlinked addresses are cases of their own.</summary>
        ResolvedEntities,
        /// <summary>The address parsed and normalised (street, number, box, postcode).</summary>
        Address,
        /// <summary>An explicit site id: the Identifier of the Address subject (a grid connection code, a cadastral parcel).</summary>
        SiteId,
    }

    public enum Stratification
    {
        None,
        /// <summary>By province of the case's first report.</summary>
        Region,
        /// <summary>By calendar year of the case's first report.</summary>
        Period,
    }

    /// <summary>Which model gives the chosen estimate.</summary>
    public enum Rule
    {
        /// <summary>The Home Office forward stepwise rule.</summary>
        Stepwise,
        Aic,
        Bic,
    }

    /// <summary>The population and its lists: Lists are source organisation codes, each one list (2 to <see cref="MaxLists"/>);
    /// Kinds the observation kinds that belong to the population (e.g. ProductionSite and PartnerSignal); RegionCode a
    /// province code (NIS or CBS PVxx); From and To the first and last day, inclusive.</summary>
    public sealed record Request(IReadOnlyList<string> Lists, IReadOnlyList<ObservationKind> Kinds, Market? Market = null, string? Country = null,
        string? RegionCode = null, DateOnly? From = null, DateOnly? To = null, Matching MatchBy = Matching.Auto,
        Stratification StrataBy = Stratification.None, Rule ChooseBy = Rule.Stepwise)
    {
        /// <summary>The first problem, as "field: reason"; null when valid. One list is valid: the result says why it cannot estimate.</summary>
        public string? Problem() =>
            Lists is null || Lists.Count == 0 ? "lists: name at least one source organisation."
            : Lists.Count > MaxLists ? $"lists: at most {MaxLists} lists (was {Lists.Count})."
            : Lists.Any(string.IsNullOrWhiteSpace) ? "lists: a list has no organisation code."
            : Lists.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Lists.Count ? "lists: a source is named twice."
            : Kinds is null || Kinds.Count == 0 ? "kinds: name at least one observation kind."
            : Kinds.Any(k => !Enum.IsDefined(k)) ? "kinds: unknown observation kind."
            : Country is { Length: > 0 } c && c.Length != 2 ? $"country: '{c}' is not an ISO 3166-1 alpha-2 code."
            : From is { } f && To is { } t && t < f ? "to: the period ends before it starts."
            : null;
    }

    /// <summary>One list: its source, its name, the readable reports in the population and the cases they make.</summary>
    public sealed record ListSummary(string Code, string Name, int Records, int Cases);

    /// <summary>Cases with one capture history, e.g. "101" = on the first and third list only.</summary>
    public sealed record HistoryCount(string History, IReadOnlyList<string> OnLists, int Count);

    /// <summary>One fitted model; numbers are null when the model gives no estimate (Status and Reason say why).</summary>
    public sealed record ModelRow(string Label, IReadOnlyList<string> Terms, EstimateStatus Status, string? Reason, double? Deviance,
        int DegreesOfFreedom, double? Aic, double? Bic, double? Unseen, double? Total, double? StandardError, double? Lower, double? Upper,
        bool LowerAtObserved, bool UpperUnbounded, IReadOnlyList<string> SelectedBy);

    /// <summary>Estimate of one table: every model, the rules' choices and the chosen estimate.</summary>
    public sealed record Estimate(double Observed, IReadOnlyList<HistoryCount> Histories, IReadOnlyList<ModelRow> Models, string? BestAic,
        string? BestBic, string? Stepwise, ModelRow? Chosen, ChaoEstimate? ChaoLowerBound, IReadOnlyList<TwoListEstimate> TwoList,
        IReadOnlyList<string> Notes, IReadOnlyList<string> Warnings);

    public sealed record Stratum(string Code, string Name, int Cases, Estimate? Estimate, IReadOnlyList<string> Warnings);

    /// <summary>The sum over strata (Strata.Sum): null numbers with a reason when a stratum has no estimate.</summary>
    public sealed record StrataSum(double Observed, double? Total, double? Unseen, double? StandardError, double? Lower, double? Upper, string? Reason);

    /// <summary>MatchedBy: the matching actually used, in plain words. RecordsWithoutKey: readable reports in the population
    /// naming no address (or site id) to match on, left out.</summary>
    public sealed record Result(Request Request, Matching MatchingUsed, string MatchedBy, IReadOnlyList<ListSummary> Lists, int Records,
        int RecordsWithoutKey, int Cases, Estimate? Estimate, IReadOnlyList<Stratum> Strata, StrataSum? Sum,
        IReadOnlyList<string> Warnings, IReadOnlyList<string> Assumptions);

    /// <summary>Below this many cases the intervals are wide and the model choice unstable.</summary>
    public const int FewCases = 20;

    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "Closed population: no plantation (or site, or person) starts or stops within the period, so every list looks at the same set of cases.",
        "Independence, or modelled dependence: being on one list does not change the chance of being on another, except through the interactions in the chosen model. A source that tips off another makes the overlap too large and the dark number too small.",
        "Homogeneity: within a list every case is equally easy to find. Cases that every source finds hard to see are underestimated by every model; Chao's lower bound gives a feel for how much.",
        "Perfect matching: a case on two lists is recognised as one. Missed matches make the estimate too large, false matches too small.",
    ];

    private sealed record Row(long ObservationId, string Source, string? Region, DateTime OccurredAt);

    private sealed record Key(long ObservationId, long SubjectId, string? Address, string? Identifier);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (request.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(request));
            }
            var reader = LinkedRecords.ReaderOf(db, nameof(EstimateDarkNumber));
            // LED art. 4(1)(b): the addresses that match the cases are personal data.
            LinkedRecords.RequirePurpose(reader, SubjectKind.Address);

            var lists = request.Lists.Select(l => l.Trim().ToUpperInvariant()).ToList();
            var population = Population(request, lists);
            var rows = await population.Select(o => new Row(o.Id, o.SourceOrganisation, o.RegionCode, o.OccurredAt)).ToListAsync(ct);
            var keys = await (from s in db.Subjects.AsNoTracking()
                              where s.Kind == SubjectKind.Address
                              join o in population on s.ObservationId equals o.Id
                              select new Key(s.ObservationId, s.Id, s.Address, s.Identifier)).ToListAsync(ct);
            var names = await db.Organisations.AsNoTracking().Where(o => lists.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
            var regionNames = await db.Places.AsNoTracking().Where(p => rows.Select(r => r.Region).Distinct().Contains(p.Code))
                .ToDictionaryAsync(p => p.Code, p => p.NameNl ?? p.Code, ct);

            var entities = request.MatchBy is Matching.Auto or Matching.ResolvedEntities ? await ResolvedEntities.LoadAsync(db, ct) : null;
            var linked = entities is not null && keys.Any(k => entities.EntityOf(k.SubjectId) != k.SubjectId || entities.Members(k.SubjectId).Count > 1);
            var used = request.MatchBy == Matching.Auto && !linked ? Matching.Address : request.MatchBy;
            var matchedBy = used switch
            {
                Matching.Auto => "resolved entities (confirmed links between the reports' addresses) together with the normalised address",
                Matching.ResolvedEntities => linked
                    ? "resolved entities only (confirmed links); addresses not linked are cases of their own"
                    : "resolved entities only, but no address in the population is linked: every report is a case of its own",
                Matching.Address => "normalised address (street, number, box and postcode; abbreviations and case ignored)"
                    + (request.MatchBy == Matching.Auto ? "; no confirmed links among these addresses" : ""),
                _ => "explicit site id (the identifier on the address)",
            };

            var cases = MatchCases(rows, keys, used, entities, out var withoutKey);
            await LinkedRecords.AuditConsultationAsync(db, clock, reader,
                $"estimation:{string.Join('+', lists)}:{request.Market}:{request.Country}{request.RegionCode}:{request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}",
                keys.Count, ct);

            var warnings = new List<string>();
            var summaries = lists.Select(l => new ListSummary(l, names.GetValueOrDefault(l, l), rows.Count(r => r.Source == l),
                cases.Count(c => c.Sources.Contains(l)))).ToList();
            foreach (var empty in summaries.Where(s => s.Records == 0))
            {
                warnings.Add($"No report from {empty.Code} that you may read is in this population: that list is left out.");
            }
            foreach (var unmatched in summaries.Where(s => s.Records > 0 && s.Cases == 0))
            {
                warnings.Add($"None of the {unmatched.Records} report(s) from {unmatched.Code} names anything to match on: that list is left out.");
            }
            if (withoutKey > 0)
            {
                warnings.Add($"{withoutKey} report(s) name no address{(used == Matching.SiteId ? " with a site id" : "")} to match on and are left out of the count.");
            }
            var active = summaries.Where(s => s.Cases > 0).ToList();
            Estimate? estimate = null;
            List<Stratum> strata = [];
            StrataSum? sum = null;
            if (active.Count < 2)
            {
                warnings.Add(active.Count == 0
                    ? "No case in this population: there is nothing to estimate from."
                    : $"Only one list ({active[0].Code}) has cases you may read. Capture-recapture needs at least two overlapping lists: with one, nothing can be said about what it misses.");
            }
            else
            {
                var activeLists = active.Select(a => a.Code).ToList();
                estimate = Fit(activeLists, cases, request.ChooseBy);
                warnings.AddRange(estimate.Warnings);
                if (request.StrataBy != Stratification.None)
                {
                    foreach (var g in cases.GroupBy(c => StratumOf(c, request.StrataBy)).OrderBy(g => g.Key, StringComparer.Ordinal))
                    {
                        var name = request.StrataBy == Stratification.Region ? regionNames.GetValueOrDefault(g.Key, g.Key) : g.Key;
                        var part = Fit(activeLists, [.. g], request.ChooseBy);
                        strata.Add(new Stratum(g.Key, name, g.Count(), part, part.Warnings));
                    }
                    var parts = strata.Select(s => s.Estimate?.Chosen is { Unseen: { } u, StandardError: { } se }
                        ? new StratumEstimate(s.Code, s.Estimate.Observed, u, se)
                        : new StratumEstimate(s.Code, s.Cases, double.NaN, double.NaN)).ToList();
                    var total = Strata.Sum(parts);
                    sum = new StrataSum(total.Observed, Finite(total.Total), Finite(total.Unseen), Finite(total.StandardError), Finite(total.Lower),
                        Finite(total.Upper), total.Reason);
                    if (total.Reason is not null)
                    {
                        warnings.Add($"Sum over strata: {total.Reason}");
                    }
                }
            }
            return new Result(request with { Lists = lists }, used, matchedBy, summaries, rows.Count, withoutKey, cases.Count, estimate, strata, sum,
                warnings, Assumptions);
        }

        private IQueryable<Observation> Population(Request request, List<string> lists)
        {
            var kinds = request.Kinds.Distinct().ToList();
            var q = db.Observations.AsNoTracking().Where(o => lists.Contains(o.SourceOrganisation) && kinds.Contains(o.Kind));
            if (request.Market is { } market)
            {
                q = q.Where(o => o.Market == market);
            }
            if (request.Country is { Length: > 0 } country)
            {
                var c = country.ToUpperInvariant();
                q = q.Where(o => o.Country == c);
            }
            if (request.RegionCode is { Length: > 0 } region)
            {
                q = q.Where(o => o.RegionCode == region);
            }
            return q.Within(request.From, request.To);
        }

        private static string StratumOf(Case c, Stratification by) => by == Stratification.Region
            ? c.Region ?? "unknown"
            : c.First.Year.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One matched case: the sources whose reports it gathers, its first report's province and time.</summary>
    private sealed record Case(IReadOnlySet<string> Sources, string? Region, DateTime First);

    /// <summary>Reports sharing a key are one case (union-find over reports; a report with several addresses joins them).</summary>
    private static List<Case> MatchCases(List<Row> rows, List<Key> keys, Matching used, ResolvedEntities? entities, out int withoutKey)
    {
        var index = rows.Select((r, i) => (r.ObservationId, i)).ToDictionary(x => x.ObservationId, x => x.i);
        var parent = Enumerable.Range(0, rows.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                (parent[x], x) = (parent[parent[x]], parent[x]);
            }
            return x;
        }
        var hasKey = new bool[rows.Count];
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        void Join(string key, int report)
        {
            hasKey[report] = true;
            if (owner.TryGetValue(key, out var other))
            {
                parent[Find(report)] = Find(other);
            }
            else
            {
                owner[key] = report;
            }
        }
        foreach (var k in keys.OrderBy(k => k.SubjectId))
        {
            if (!index.TryGetValue(k.ObservationId, out var report))
            {
                continue;
            }
            if (used is Matching.Auto or Matching.ResolvedEntities)
            {
                Join("entity:" + entities!.EntityOf(k.SubjectId).ToString(CultureInfo.InvariantCulture), report);
            }
            if (used is Matching.Auto or Matching.Address && AddressKey(k.Address) is { } address)
            {
                Join("address:" + address, report);
            }
            if (used == Matching.SiteId && !string.IsNullOrWhiteSpace(k.Identifier))
            {
                Join("site:" + NameNormaliser.Fold(k.Identifier).Replace(" ", "", StringComparison.Ordinal), report);
            }
        }
        withoutKey = hasKey.Count(h => !h);
        return [.. Enumerable.Range(0, rows.Count).Where(i => hasKey[i]).GroupBy(Find).Select(g =>
        {
            var first = g.Select(i => rows[i]).MinBy(r => (r.OccurredAt, r.ObservationId))!;
            return new Case(g.Select(i => rows[i].Source).ToHashSet(StringComparer.Ordinal), first.Region, first.OccurredAt);
        })];
    }

    /// <summary>Builds the capture table of <paramref name="cases"/> over <paramref name="lists"/>, fits every hierarchical
    /// two-way model and applies the rules; warnings say in plain words when the data cannot carry an estimate.</summary>
    private static Estimate Fit(IReadOnlyList<string> lists, IReadOnlyList<Case> cases, Rule rule)
    {
        var k = lists.Count;
        var counts = new double[1 << k];
        foreach (var c in cases)
        {
            var h = 0;
            for (var i = 0; i < k; i++)
            {
                if (c.Sources.Contains(lists[i]))
                {
                    h |= 1 << (k - 1 - i);
                }
            }
            counts[h]++;
        }
        var warnings = new List<string>();
        var histories = Enumerable.Range(1, (1 << k) - 1)
            .Select(h => new HistoryCount(string.Concat(Enumerable.Range(0, k).Select(i => (h >> (k - 1 - i) & 1) == 1 ? '1' : '0')),
                [.. Enumerable.Range(0, k).Where(i => (h >> (k - 1 - i) & 1) == 1).Select(i => lists[i])], (int)counts[h]))
            .OrderByDescending(x => x.OnLists.Count).ThenBy(x => x.History, StringComparer.Ordinal).ToList();
        var observed = counts.Sum();
        if (observed == 0)
        {
            return new Estimate(0, histories, [], null, null, null, null, null, [], [], ["No case here."]);
        }
        var table = CaptureTable.FromCounts(lists, counts);
        var overlapping = Enumerable.Range(1, table.CellCount).Where(h => System.Numerics.BitOperations.PopCount((uint)h) >= 2).Sum(table.Count);
        if (overlapping == 0)
        {
            warnings.Add("No case is on more than one list: the lists do not overlap, so they say nothing about what all of them miss. No estimate.");
        }
        else if (observed < FewCases || overlapping < 5)
        {
            warnings.Add($"Tiny counts ({observed:0} cases, {overlapping:0} on more than one list): the interval is wide and the choice of model unstable; read the estimate as an order of magnitude at best.");
        }
        for (var i = 0; i < k; i++)
        {
            if (table.Overlap(table.Bit(i)) == 0)
            {
                warnings.Add($"{lists[i]} has no case here, so it cannot be used as a list.");
            }
        }
        var comparison = ModelSelection.Compare(table);
        var chosen = rule switch { Rule.Aic => comparison.BestAic, Rule.Bic => comparison.BestBic, _ => comparison.Stepwise };
        var rows = comparison.Models.Select(m => Describe(m, comparison)).ToList();
        // The stepwise fit is a separate instance of a model in the list: compare by model.
        var chosenRow = chosen is null ? null : rows[comparison.Models.ToList().FindIndex(m => m.Model.Equals(chosen.Model))];
        if (comparison.Models.All(m => !m.HasEstimate))
        {
            warnings.Add("Every model diverges or cannot be identified from these overlaps: the data cannot support an estimate.");
        }
        else if (chosenRow is null)
        {
            warnings.Add($"The {RuleName(rule)} rule selects no model with an estimate.");
        }
        else if (chosenRow.UpperUnbounded)
        {
            warnings.Add("The chosen model's 95% interval has no upper end: the overlaps are too small to bound the dark number.");
        }
        ChaoEstimate? chao = null;
        var f = table.CaptureFrequencies();
        if (f[1] + f[2] > 0)
        {
            chao = ChaoLowerBound.Estimate(table);
        }
        var twoList = new List<TwoListEstimate>();
        if (k == 2)
        {
            double n1 = table.Overlap(table.Bit(0)), n2 = table.Overlap(table.Bit(1)), m = table.Overlap(table.Bit(0) | table.Bit(1));
            if (m > 0)
            {
                twoList.Add(TwoList.LincolnPetersen(n1, n2, m));
            }
            twoList.Add(TwoList.Chapman(n1, n2, m));
        }
        return new Estimate(observed, histories, rows, comparison.BestAic?.Label, comparison.BestBic?.Label, comparison.Stepwise?.Label, chosenRow,
            chao, twoList, comparison.Notes, warnings);
    }

    private static string RuleName(Rule rule) => rule switch { Rule.Aic => "smallest-AIC", Rule.Bic => "smallest-BIC", _ => "stepwise" };

    private static ModelRow Describe(LogLinearEstimate m, ModelComparison comparison)
    {
        var selected = new List<string>();
        if (m.Model.Equals(comparison.Stepwise?.Model))
        {
            selected.Add("stepwise");
        }
        if (m.Model.Equals(comparison.BestAic?.Model))
        {
            selected.Add("AIC");
        }
        if (m.Model.Equals(comparison.BestBic?.Model))
        {
            selected.Add("BIC");
        }
        var i = m.Interval;
        return new ModelRow(m.Label, m.Terms, m.Status, m.Reason, Finite(m.Deviance), m.DegreesOfFreedom, Finite(m.Aic), Finite(m.Bic),
            Finite(m.Unseen), Finite(m.Total), Finite(m.StandardError), i is null ? null : Finite(i.Lower), i is null ? null : Finite(i.Upper),
            i?.LowerAtObserved ?? false, i is not null && double.IsPositiveInfinity(i.Upper), selected);
    }

    /// <summary>The normalised address as a matching key: street, number, box and postcode (the locality's spelling varies
    /// across languages); the folded text when it does not parse into a street and number.</summary>
    public static string? AddressKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var a = AddressNormaliser.Parse(text);
        return a.Street is not null && a.Number is not null
            ? $"{a.Street}|{a.Number}|{a.Box}|{a.Postcode ?? a.Locality}"
            : NameNormaliser.Fold(text);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
