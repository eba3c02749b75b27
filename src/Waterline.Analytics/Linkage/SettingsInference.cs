using System.Globalization;

namespace Waterline.Analytics.Linkage;

/// <summary>Settings chosen from a file's columns, with the reason for each choice.</summary>
/// <param name="Fields">The comparison fields, one per compared column.</param>
/// <param name="Blocking">The blocking rules.</param>
/// <param name="Reasons">Lines a person can read: why each column got its kind or was left out, and each rule's pair count.</param>
public sealed record InferredSettings(IReadOnlyList<FieldComparison> Fields, IReadOnlyList<BlockingRule> Blocking, IReadOnlyList<string> Reasons);

/// <summary>
/// Chooses comparison fields from column names (English, Dutch and French forms) and values, and blocking rules by
/// counting the pairs each candidate rule would generate before any is run. Used when no settings file is given.
/// </summary>
public static class SettingsInference
{
    /// <summary>Column names taken for ground truth (never compared: comparing them would leak the answer).</summary>
    public static readonly IReadOnlyList<string> TruthColumns = ["cluster", "entid", "trueid", "truth", "groundtruth", "label", "matchid"];

    /// <summary>Chooses fields for <paramref name="columns"/> (name, values) and blocking rules under a pair budget.</summary>
    /// <param name="columns">Candidate columns with their raw values (the id and source columns already removed).</param>
    /// <param name="pairBudget">The most pairs a single blocking rule may generate; null for 50 per record (at least 100,000).</param>
    public static InferredSettings Infer(IReadOnlyList<(string Name, IReadOnlyList<string?> Values)> columns, long? pairBudget = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var reasons = new List<string>();
        var fields = new List<FieldComparison>();
        var kept = new List<IReadOnlyList<string?>>();
        foreach (var (name, values) in columns)
        {
            var key = Key(name);
            if (TruthColumns.Contains(key))
            {
                reasons.Add($"{name}: left out (its name says ground truth)");
                continue;
            }
            var nonNull = values.Count(v => !string.IsNullOrWhiteSpace(v));
            if (values.Count == 0 || nonNull < values.Count * 0.05)
            {
                reasons.Add($"{name}: left out (fewer than 5 % of rows have a value)");
                continue;
            }
            var (field, why) = Choose(name, key, values);
            fields.Add(field);
            kept.Add(values);
            reasons.Add($"{name}: {field.Kind.ToString().ToLowerInvariant()}{(field.TermFrequency ? " with term frequencies" : "")} ({why})");
        }
        if (fields.Count == 0)
            throw new ArgumentException("No column is usable for comparison.", nameof(columns));

        DropComposites(fields, kept, reasons);
        var records = LinkageRecords.Encode(fields, kept);
        (fields, kept, records) = DropRedundant(fields, kept, records, reasons);
        var budget = pairBudget ?? Math.Max(100_000L, 50L * records.Count);
        var rules = SuggestRules(records, budget, reasons);
        return new InferredSettings(fields, rules, reasons);
    }

    // A column that holds two or more other columns' values among its words ("thomas chudleigh" beside first name
    // "thomas" and surname "chudleigh") is their combination: compared too, it would count their evidence again.
    private static void DropComposites(List<FieldComparison> fields, List<IReadOnlyList<string?>> kept, List<string> reasons)
    {
        var drop = new List<int>();
        for (var g = 0; g < fields.Count; g++)
        {
            var parts = new List<int>();
            for (var f = 0; f < fields.Count; f++)
            {
                if (f != g && !drop.Contains(f) && fields[f].Kind is ComparisonKind.Name or ComparisonKind.GivenName or ComparisonKind.Text
                    && ContainedShare(kept[g], kept[f]) >= 0.8)
                    parts.Add(f);
            }
            if (parts.Count < 2)
                continue;
            drop.Add(g);
            reasons.Add($"{fields[g].Column}: left out (its words hold {string.Join(" and ", parts.Select(p => fields[p].Column))}: a combination of them)");
        }
        foreach (var g in drop.OrderDescending())
        {
            fields.RemoveAt(g);
            kept.RemoveAt(g);
        }
    }

    // Among records with both values, the share whose part value is one of the whole value's words (sampled).
    private static double ContainedShare(IReadOnlyList<string?> whole, IReadOnlyList<string?> part)
    {
        var both = 0;
        var contained = 0;
        var step = Math.Max(1, whole.Count / 5000);
        for (var i = 0; i < whole.Count; i += step)
        {
            if (string.IsNullOrWhiteSpace(whole[i]) || string.IsNullOrWhiteSpace(part[i]))
                continue;
            both++;
            var words = NameNormaliser.Tokens(whole[i]);
            var value = NameNormaliser.Fold(part[i]);
            if (words.Length > 1 && words.Contains(value))
                contained++;
        }
        return both < 20 ? 0 : (double)contained / both;
    }

    // Two fields that agree together among random pairs (a town and its postcode) carry one piece of evidence, not two:
    // keep the one that agrees by chance least often (the more discriminating) and say so.
    private static (List<FieldComparison>, List<IReadOnlyList<string?>>, LinkageRecords) DropRedundant(
        List<FieldComparison> fields, List<IReadOnlyList<string?>> kept, LinkageRecords records, List<string> reasons)
    {
        var n = records.Count;
        if (n < 2)
            return (fields, kept, records);
        var random = new Random(4);
        var samples = (int)Math.Min(200_000, (double)n * (n - 1) / 2);
        var left = new int[samples];
        var right = new int[samples];
        for (var k = 0; k < samples; k++)
        {
            left[k] = random.Next(n);
            do
                right[k] = random.Next(n);
            while (right[k] == left[k]);
        }
        var implied = AgreementDependence.Implied(records.Fields.Select(f => f.Codes).ToArray(), left, right);
        var drop = new HashSet<int>();
        for (var g = 0; g < fields.Count; g++)
        {
            for (var f = g + 1; f < fields.Count; f++)
            {
                if (!implied[g][f] || !implied[f][g] || drop.Contains(f) || drop.Contains(g))
                    continue;
                var (keep, lose) = ChanceAgreement(records.Fields[f]) < ChanceAgreement(records.Fields[g]) ? (f, g) : (g, f);
                drop.Add(lose);
                reasons.Add($"{fields[lose].Column}: left out (it agrees whenever {fields[keep].Column} does, so it adds no evidence of its own)");
            }
        }
        if (drop.Count == 0)
            return (fields, kept, records);
        var keptFields = fields.Where((_, i) => !drop.Contains(i)).ToList();
        var keptColumns = kept.Where((_, i) => !drop.Contains(i)).ToList();
        return (keptFields, keptColumns, LinkageRecords.Encode(keptFields, keptColumns));
    }

    // Σ (frequency share)²: the chance that two random non-null values are equal.
    private static double ChanceAgreement(EncodedField field) =>
        field.NonNull == 0 ? 1 : field.Frequencies.Sum(c => (double)c / field.NonNull * c / field.NonNull);

    // Candidate rules: each field whole, names and text by their first 3 characters, and every two fields together,
    // each counted before anything runs. Chosen greedily, single fields before pairs of fields and then the smallest
    // count first, among rules that fit the budget, cover
    // at least half the records and use no field an earlier choice used: rules on disjoint fields fail independently,
    // so a pair that disagrees on any one field is still compared by another rule (the idea behind Splink's blocking
    // suggestions), and selective rules keep the pair count low. At most four rules.
    private static List<BlockingRule> SuggestRules(LinkageRecords records, long budget, List<string> reasons)
    {
        var singles = new List<BlockingTerm>();
        foreach (var field in records.Fields)
        {
            var c = field.Comparison;
            singles.Add(new BlockingTerm(c.Column));
            if (c.Kind is ComparisonKind.Name or ComparisonKind.Text)
                singles.Add(new BlockingTerm(c.Column, 3));
        }
        var candidates = singles.Select(t => new BlockingRule([t])).ToList();
        for (var a = 0; a < singles.Count; a++)
        {
            for (var b = a + 1; b < singles.Count; b++)
            {
                if (!string.Equals(singles[a].Column, singles[b].Column, StringComparison.OrdinalIgnoreCase))
                    candidates.Add(new BlockingRule([singles[a], singles[b]]));
            }
        }
        var counted = candidates
            .Select(r => Count(r, records))
            .Where(c => c.Pairs > 0 && c.Pairs <= budget && c.Coverage >= 0.5)
            .OrderBy(c => c.Rule.Terms.Count).ThenBy(c => c.Pairs).ThenBy(c => c.Rule.ToString(), StringComparer.Ordinal)
            .ToList();
        var chosen = new List<(BlockingRule Rule, long Pairs, double Coverage)>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in counted)
        {
            if (chosen.Count == 4)
                break;
            if (candidate.Rule.Terms.Any(t => used.Contains(t.Column)))
                continue;
            chosen.Add(candidate);
            foreach (var term in candidate.Rule.Terms)
                used.Add(term.Column);
        }
        if (chosen.Count == 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"No blocking rule fits the budget of {budget:N0} pairs while covering half the records; give a settings file with rules."));
        foreach (var (rule, pairs, coverage) in chosen)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"blocking on {rule}: {pairs:N0} pairs, {coverage:P0} of records have a key (budget {budget:N0} per rule)"));
        return chosen.Select(c => c.Rule).ToList();
    }

    // A rule's pair count and the share of records it blocks at all, from one pass over its block ids.
    private static (BlockingRule Rule, long Pairs, double Coverage) Count(BlockingRule rule, LinkageRecords records)
    {
        var ids = rule.BlockIds(records, out var blocks);
        var coverage = ids.Length == 0 ? 0 : (double)ids.Count(id => id >= 0) / ids.Length;
        return (rule, Blocking.CountPairs(ids, blocks), coverage);
    }

    private static string Key(string name) => new(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static (FieldComparison Field, string Why) Choose(string name, string key, IReadOnlyList<string?> values)
    {
        var sample = values.Where(v => !string.IsNullOrWhiteSpace(v)).Take(2000).Select(v => v!.Trim()).ToList();
        var dateShare = Share(sample, v => new FieldComparison(name, ComparisonKind.Date).Normalise(v) is not null && v.Any(c => c is '-' or '/' or '.') || (v.Length == 8 && v.All(char.IsAsciiDigit) && v[0] is '1' or '2'));
        var digitShare = Share(sample, v => v.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '.' or '/' or '(' or ')'));
        var distinct = sample.Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var tokens = sample.Count == 0 ? 0 : sample.Average(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

        var words = name.ToLowerInvariant().Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens > 1.5 && Has(key, "given", "first", "fname") && Has(key, "surname", "last"))
            return (new FieldComparison(name, ComparisonKind.PersonName), "a column of given name and surname together");
        if (Has(key, "given", "first", "forename", "voornaam", "prenom", "vorname") || Word(words, "fname"))
            return (new FieldComparison(name, ComparisonKind.GivenName, TermFrequency: true), "a given-name column");
        if (Has(key, "surname", "lastname", "family", "achternaam", "familienaam", "nachname") || Word(words, "lname", "last", "nom"))
            return (new FieldComparison(name, ComparisonKind.Name, TermFrequency: true), "a surname column");
        if (tokens > 1.5 && Has(key, "name", "naam", "nom"))
            return (new FieldComparison(name, ComparisonKind.PersonName), "a name column of several words");
        if (Has(key, "dob", "birthdate", "dateofbirth", "geboorte", "naissance", "date") && dateShare >= 0.8)
            return (new FieldComparison(name, ComparisonKind.Date), "a date column whose values are dates");
        if (Has(key, "postcode", "zip", "postal", "plz"))
            return (new FieldComparison(name, ComparisonKind.Code, TermFrequency: true), "a postcode column");
        if (Has(key, "phone", "telef", "mobile") || Word(words, "tel", "gsm", "fax"))
            return (new FieldComparison(name, ComparisonKind.Code), "a phone column");
        if (Has(key, "gender", "sex", "geslacht", "sexe"))
            return (new FieldComparison(name, ComparisonKind.Exact), "a gender column");
        if (Has(key, "city", "town", "suburb", "place", "gemeente", "commune", "locality", "municipality", "woonplaats", "plaats"))
            return (new FieldComparison(name, ComparisonKind.Text, TermFrequency: true), "a place column");
        if (Has(key, "name", "naam"))
            return (new FieldComparison(name, ComparisonKind.Name, TermFrequency: true), "a name column");
        if (Has(key, "address", "adres") && digitShare < 0.9 && tokens > 2)
            return (new FieldComparison(name, ComparisonKind.Address), "an address column");
        if (Has(key, "email", "mail", "street", "address", "adres", "straat", "rue") && digitShare < 0.9)
            return (new FieldComparison(name, ComparisonKind.Text), "an address or e-mail column");
        if (dateShare >= 0.8)
            return (new FieldComparison(name, ComparisonKind.Date), string.Create(CultureInfo.InvariantCulture, $"{dateShare:P0} of values are dates"));
        if (distinct <= 20)
            return (new FieldComparison(name, ComparisonKind.Exact), string.Create(CultureInfo.InvariantCulture, $"only {distinct} distinct values"));
        if (digitShare >= 0.9)
            return (new FieldComparison(name, ComparisonKind.Code), string.Create(CultureInfo.InvariantCulture, $"{digitShare:P0} of values are numbers or codes"));
        return (new FieldComparison(name, ComparisonKind.Text, TermFrequency: tokens <= 1.5), "free text");
    }

    // Short keys (lname, tel, nom) must be whole words of the column name, or "fullname" would read as "lname".
    private static bool Word(string[] words, params string[] keys) => words.Any(w => keys.Any(k => w == k || (w.StartsWith(k, StringComparison.Ordinal) && w[k.Length..].All(char.IsAsciiDigit))));

    private static bool Has(string key, params string[] parts) => parts.Any(p => key.Contains(p, StringComparison.Ordinal));

    private static double Share(List<string> sample, Func<string, bool> test) => sample.Count == 0 ? 0 : (double)sample.Count(test) / sample.Count;
}
