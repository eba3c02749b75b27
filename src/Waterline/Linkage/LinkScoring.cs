using System.Globalization;
using Waterline.Analytics.Linkage;
using Waterline.Observations;

namespace Waterline.Linkage;

/// <summary>A subject as the linkage reads it.</summary>
public sealed record SubjectRecord(long Id, long ObservationId, SubjectKind Kind, string? Name, DateOnly? BirthDate,
    string? Identifier, string? Address, string? Country);

/// <summary>One field's part of a pair's match weight, with a label for its comparison level.</summary>
public sealed record LinkContribution(string Field, int Level, string Label, double M, double U, double Weight);

/// <summary>The waterfall of one pair: the prior weight, then each field's contribution; they add up to the match weight.</summary>
public sealed record LinkExplanation(double PriorWeight, IReadOnlyList<LinkContribution> Fields)
{
    public double MatchWeight => PriorWeight + Fields.Sum(f => f.Weight);
}

/// <summary>
/// How subjects of one kind are blocked, compared and scored: comparison levels per field, computed with the library's
/// comparators (NameNormaliser, StringSimilarity.JaroWinkler, PhoneNumber.ToE164, Identifiers), and a
/// <see cref="FellegiSunterModel"/> with preset parameters. The one place that scores: a trained model can replace
/// <see cref="Preset"/> without touching the use cases.
/// </summary>
/// <remarks>
/// The m and u figures are set by hand, not trained. u: rough chance agreement in a population of some 10^5 people
/// (an exact birth date about 1 in 365 x 80 years; a common surname a few in a thousand; a phone, plate, IBAN or company
/// number practically unique). m: how often the same subject is written with that level across sources, in the
/// order of magnitude Splink's tutorial models reach on fake_1000 (surname exact about 0.8, birth date exact about 0.9)
/// and the variant rates planted in the demo world (DemoSubjects). Priors: 1 in 100 for compared person, company and vessel pairs (blocking on names already
/// makes them likely), 1 in 1,000 for the others.
/// </remarks>
internal sealed class LinkScoring
{
    private readonly Field[] _fields;
    private readonly Func<Prepared, string?>[] _blocking;

    private LinkScoring(double prior, Field[] fields, Func<Prepared, string?>[] blocking)
    {
        _fields = fields;
        _blocking = blocking;
        Model = new FellegiSunterModel(prior, [.. fields.Select(f => (IReadOnlyList<double>)[0, .. f.M])],
            [.. fields.Select(f => (IReadOnlyList<double>)[0, .. f.U])]);
    }

    public FellegiSunterModel Model { get; }

    /// <param name="Name">Field name shown in the waterfall.</param>
    /// <param name="Labels">Label per level from 1 (level 0 is "missing").</param>
    /// <param name="M">P(level | match) per level from 1.</param>
    /// <param name="U">P(level | non-match) per level from 1.</param>
    /// <param name="Compare">The level of a pair; 0 when either side lacks the field.</param>
    private sealed record Field(string Name, string[] Labels, double[] M, double[] U, Func<Prepared, Prepared, byte> Compare);

    /// <summary>A record with its comparable forms worked out once.</summary>
    internal sealed class Prepared(SubjectRecord record)
    {
        public SubjectRecord Record { get; } = record;
        public PersonName? Person { get; init; }
        /// <summary>Folded name (company, vessel) without legal forms.</summary>
        public string? Name { get; init; }
        /// <summary>Normalised identifier: E.164 phone, plate, IBAN, company or IMO digits.</summary>
        public string? Key { get; init; }
        public string? Street { get; init; }
        public string? HouseNumber { get; init; }
        public string? Postcode { get; init; }
    }

    public static LinkScoring Preset(SubjectKind kind) => kind switch
    {
        SubjectKind.Person => new(0.01,
        [
            new("surname", ["different", "similar", "close", "same"], [0.03, 0.05, 0.12, 0.80], [0.955, 0.03, 0.01, 0.005], CompareSurname),
            new("given names", ["different", "initials agree", "similar", "same"], [0.04, 0.12, 0.09, 0.75], [0.90, 0.05, 0.03, 0.02], CompareGivenNames),
            new("birth date", ["different", "transposed", "same"], [0.01, 0.09, 0.90], [0.9985, 0.0012, 0.0003], CompareBirthDate),
        ],
        [
            p => Nonempty(p.Person!.SurnameKey),
            p => p.Record.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            p => p.Person!.GivenNames.Count > 0 && p.Record.BirthDate is { } d ? $"{p.Person.GivenNames[0]}|{d.Year}" : null,
            // Every token sorted: catches given name and surname swapped.
            p => Nonempty(string.Join(' ', NameNormaliser.Tokens(p.Record.Name).Order(StringComparer.Ordinal))),
        ]),
        SubjectKind.Company or SubjectKind.Vessel => new(0.01,
        [
            new("name", ["different", "similar", "close", "same"], [0.05, 0.08, 0.12, 0.75], [0.97, 0.02, 0.007, 0.003], CompareName),
            new(kind == SubjectKind.Vessel ? "IMO number" : "company number", ["different", "same"], [0.1, 0.9], [0.9999, 0.0001], CompareKey),
            new("country", ["different", "same"], [0.05, 0.95], [0.5, 0.5], CompareCountry),
        ],
        [p => p.Key, p => Nonempty(p.Name), p => p.Name is { Length: > 0 } n ? n.Split(' ')[0] : null]),
        SubjectKind.Phone => new(0.001,
        [
            new("number", ["different", "same last 7 digits", "same"], [0.02, 0.03, 0.95], [0.99989, 0.0001, 0.00001], ComparePhone),
        ],
        [p => p.Key, p => p.Key is { Length: > 7 } k ? k[^7..] : null]),
        SubjectKind.Vehicle => new(0.001,
        [
            new("plate", ["different", "one character off", "same"], [0.03, 0.07, 0.90], [0.99995, 0.00004, 0.00001], ComparePlate),
            new("country", ["different", "same"], [0.05, 0.95], [0.5, 0.5], CompareCountry),
        ],
        [p => p.Key, p => p.Key is { Length: > 3 } k ? k[..^1] : null, p => p.Key is { Length: > 3 } k ? k[1..] : null]),
        SubjectKind.BankAccount => new(0.001,
        [
            new("IBAN", ["different", "same"], [0.05, 0.95], [0.99999, 0.00001], CompareKey),
            new("holder", ["different", "similar", "close", "same"], [0.1, 0.1, 0.1, 0.7], [0.97, 0.02, 0.007, 0.003], CompareName),
        ],
        [p => p.Key]),
        SubjectKind.Address => new(0.001,
        [
            new("street", ["different", "similar", "same"], [0.05, 0.10, 0.85], [0.97, 0.02, 0.01], CompareStreet),
            new("house number", ["different", "same"], [0.10, 0.90], [0.95, 0.05], CompareHouseNumber),
            new("postcode", ["different", "same"], [0.05, 0.95], [0.99, 0.01], ComparePostcode),
        ],
        [p => p.Postcode is null || p.HouseNumber is null ? null : $"{p.Postcode}|{p.HouseNumber}", p => Nonempty(p.Street)]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public IReadOnlyList<string> FieldNames => [.. _fields.Select(f => f.Name)];

    public Prepared Prepare(SubjectRecord r) => r.Kind switch
    {
        SubjectKind.Person => new(r) { Person = NameNormaliser.Parse(r.Name) },
        SubjectKind.Company => new(r) { Name = CompanyName(r.Name), Key = CompanyNumber(r.Identifier) },
        SubjectKind.Vessel => new(r) { Name = CompanyName(r.Name), Key = Digits(r.Identifier) },
        SubjectKind.Phone => new(r) { Key = PhoneNumber.ToE164(r.Identifier, r.Country is "NL" ? "NL" : "BE") ?? Digits(r.Identifier) },
        SubjectKind.Vehicle => new(r) { Key = Identifiers.NormaliseLicencePlate(r.Identifier) },
        SubjectKind.BankAccount => new(r) { Key = Identifiers.NormaliseIban(r.Identifier), Name = CompanyName(r.Name) },
        SubjectKind.Address => PrepareAddress(r),
        _ => new(r),
    };

    /// <summary>One key list per blocking rule (a null key leaves the record out of that rule).</summary>
    public IReadOnlyList<IReadOnlyList<string?>> BlockingKeys(IReadOnlyList<Prepared> records) =>
        [.. _blocking.Select(rule => (IReadOnlyList<string?>)[.. records.Select(rule)])];

    /// <summary>The level of every pair in every field, column-major as <see cref="FellegiSunterModel"/> takes them.</summary>
    public byte[][] Levels(IReadOnlyList<Prepared> records, CandidatePairs pairs)
    {
        var columns = _fields.Select(_ => new byte[pairs.Count]).ToArray();
        for (var k = 0; k < pairs.Count; k++)
        {
            var (a, b) = (records[pairs.Left[k]], records[pairs.Right[k]]);
            for (var f = 0; f < _fields.Length; f++)
            {
                columns[f][k] = _fields[f].Compare(a, b);
            }
        }
        return columns;
    }

    public LinkExplanation Explain(byte[][] levels, int pair)
    {
        var e = Model.Explain(levels, pair);
        return new LinkExplanation(e.PriorWeight, [.. e.Fields.Select(c => new LinkContribution(_fields[c.Field].Name, c.Level,
            c.Level == 0 ? "missing" : _fields[c.Field].Labels[c.Level - 1], c.M, c.U, c.Weight))]);
    }

    private static string? Nonempty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static byte Similarity(string? a, string? b, double close, double similar, bool fourLevels = true)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return 0;
        }
        if (a == b)
        {
            return (byte)(fourLevels ? 4 : 3);
        }
        var jw = StringSimilarity.JaroWinkler(a, b);
        return fourLevels ? (byte)(jw >= close ? 3 : jw >= similar ? 2 : 1) : (byte)(jw >= similar ? 2 : 1);
    }

    // Surname and given names are compared both ways round and the better reading kept: sources swap them.
    private static byte CompareSurname(Prepared a, Prepared b) => Swapped(a, b) ? SurnameLevel(a.Person!, Swap(b.Person!)) : SurnameLevel(a.Person!, b.Person!);

    private static byte CompareGivenNames(Prepared a, Prepared b) => Swapped(a, b) ? GivenLevel(a.Person!, Swap(b.Person!)) : GivenLevel(a.Person!, b.Person!);

    private static bool Swapped(Prepared a, Prepared b) =>
        b.Person!.GivenNames.Count == 1 && b.Person.Particles.Count == 0 && a.Person!.GivenNames.Count > 0
        && SurnameLevel(a.Person, Swap(b.Person)) + GivenLevel(a.Person, Swap(b.Person)) > SurnameLevel(a.Person, b.Person) + GivenLevel(a.Person, b.Person);

    private static PersonName Swap(PersonName p) => new([p.Surname], [], p.GivenNames[0]);

    private static byte SurnameLevel(PersonName a, PersonName b) => Similarity(a.SurnameKey, b.SurnameKey, 0.94, 0.88);

    private static byte GivenLevel(PersonName a, PersonName b)
    {
        if (a.GivenNames.Count == 0 || b.GivenNames.Count == 0)
        {
            return 0;
        }
        var (x, y) = (string.Join(' ', a.GivenNames), string.Join(' ', b.GivenNames));
        if (x == y)
        {
            return 4;
        }
        if (a.GivenNames[0].Length > 1 && b.GivenNames[0].Length > 1 && StringSimilarity.JaroWinkler(x, y) >= 0.9)
        {
            return 3;
        }
        return NameNormaliser.GivenNamesAgree(a.GivenNames, b.GivenNames) ? (byte)2 : (byte)1;
    }

    /// <summary>Exact; or day and month swapped, or two adjacent digits transposed (1987-03-12 / 1978-03-12 / 1987-03-21).</summary>
    private static byte CompareBirthDate(Prepared a, Prepared b)
    {
        if (a.Record.BirthDate is not { } x || b.Record.BirthDate is not { } y)
        {
            return 0;
        }
        if (x == y)
        {
            return 3;
        }
        if (x.Year == y.Year && x.Month == y.Day && x.Day == y.Month)
        {
            return 2;
        }
        var (s, t) = (x.ToString("yyyyMMdd", CultureInfo.InvariantCulture), y.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        return StringSimilarity.DamerauLevenshtein(s, t, 1) <= 1 ? (byte)2 : (byte)1;
    }

    private static byte CompareName(Prepared a, Prepared b) => Similarity(a.Name, b.Name, 0.94, 0.88);

    private static byte CompareKey(Prepared a, Prepared b) => a.Key is null || b.Key is null ? (byte)0 : a.Key == b.Key ? (byte)2 : (byte)1;

    private static byte CompareCountry(Prepared a, Prepared b) =>
        a.Record.Country is null || b.Record.Country is null ? (byte)0 : a.Record.Country == b.Record.Country ? (byte)2 : (byte)1;

    private static byte ComparePhone(Prepared a, Prepared b) =>
        a.Key is null || b.Key is null ? (byte)0 : a.Key == b.Key ? (byte)3 : a.Key.Length > 7 && b.Key.Length > 7 && a.Key[^7..] == b.Key[^7..] ? (byte)2 : (byte)1;

    private static byte ComparePlate(Prepared a, Prepared b) =>
        a.Key is null || b.Key is null ? (byte)0 : a.Key == b.Key ? (byte)3 : StringSimilarity.DamerauLevenshtein(a.Key, b.Key, 1) <= 1 ? (byte)2 : (byte)1;

    private static byte CompareStreet(Prepared a, Prepared b)
    {
        if (string.IsNullOrEmpty(a.Street) || string.IsNullOrEmpty(b.Street))
        {
            return 0;
        }
        return a.Street == b.Street ? (byte)3 : NameNormaliser.TokenSetSimilarity(a.Street, b.Street) >= 0.88 ? (byte)2 : (byte)1;
    }

    private static byte CompareHouseNumber(Prepared a, Prepared b) =>
        a.HouseNumber is null || b.HouseNumber is null ? (byte)0 : a.HouseNumber == b.HouseNumber ? (byte)2 : (byte)1;

    private static byte ComparePostcode(Prepared a, Prepared b) =>
        a.Postcode is null || b.Postcode is null ? (byte)0 : a.Postcode == b.Postcode ? (byte)2 : (byte)1;

    // Legal forms say nothing about which company it is, and sources drop or abbreviate them.
    private static readonly HashSet<string> LegalForms = new(["bv", "nv", "bvba", "srl", "sprl", "sa", "vof", "cv", "comm", "v", "b", "n", "ltd", "gmbh", "synthetic"], StringComparer.Ordinal);

    private static string? CompanyName(string? name)
    {
        var tokens = NameNormaliser.Tokens(name).Where(t => !LegalForms.Contains(t)).ToArray();
        return tokens.Length == 0 ? null : string.Join(' ', tokens);
    }

    private static string? CompanyNumber(string? identifier) =>
        Identifiers.NormaliseKbo(identifier) ?? Digits(identifier);

    private static string? Digits(string? text)
    {
        var digits = new string((text ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits;
    }

    /// <summary>"Kerkstraat 12, 2000 Antwerpen" or "12 rue de la Gare, 1000 Bruxelles": street words, first house number,
    /// postcode (4 digits, with the two letters of a Dutch one); the place name is left out (it is spelt in three languages).</summary>
    private static Prepared PrepareAddress(SubjectRecord r)
    {
        var tokens = NameNormaliser.Tokens(r.Address);
        string? postcode = null, number = null;
        var street = new List<string>();
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            // After the house number, four digits are the postcode (with a Dutch postcode's two letters, written apart or not).
            if (number is not null && t.Length is 4 or 6 && t[..4].All(char.IsAsciiDigit) && t[4..].All(char.IsAsciiLetter))
            {
                postcode = t.Length == 4 && i + 1 < tokens.Length && tokens[i + 1].Length == 2 && tokens[i + 1].All(char.IsAsciiLetter) ? t + tokens[i + 1] : t;
                break;
            }
            if (number is null && char.IsAsciiDigit(t[0]))
            {
                number = t;
            }
            else if (!char.IsAsciiDigit(t[0]))
            {
                street.Add(t);
            }
        }
        return new(r) { Street = street.Count == 0 ? null : string.Join(' ', street), HouseNumber = number, Postcode = postcode };
    }
}
