using System.Globalization;

namespace Waterline.Analytics.Linkage;

/// <summary>How a field's two values are compared: the comparison levels of a Fellegi-Sunter field.</summary>
public enum ComparisonKind
{
    /// <summary>0 null, 1 different, 2 equal.</summary>
    Exact,

    /// <summary>A person or company name: folded (accents, case), spaces, hyphens and apostrophes dropped, so
    /// "Van den Berg" = "vandenberg". Levels 0 null, 1 else, 2 Jaro-Winkler ≥ 0.70, 3 ≥ 0.88, 4 ≥ 0.92, 5 equal.</summary>
    Name,

    /// <summary>Free text (a street, a town): folded, spaces kept; the same Jaro-Winkler ladder as <see cref="Name"/>.</summary>
    Text,

    /// <summary>A given name: as <see cref="Name"/>, and names in one class of the alias table (Jan / Johannes / Hans,
    /// Mohamed / Muhammad) reach level 4 (<see cref="GivenNameAliases"/>).</summary>
    GivenName,

    /// <summary>A whole person name in one field ("Peeters, Jan"): the <see cref="PersonNameComparison"/> ladder
    /// (0 null, 1 else, 2 initials, 3 aliases, 4 reordered, 5 close, 6 exact).</summary>
    PersonName,

    /// <summary>A company or institution name: legal forms dropped (<see cref="OrganisationName"/>), then order-free
    /// token similarity. Levels 0 null, 1 else, 2 ≥ 0.75, 3 ≥ 0.88, 4 ≥ 0.95, 5 equal.</summary>
    OrganisationName,

    /// <summary>A one-line address: the <see cref="AddressComparison"/> ladder (0 null, 1 else, 2 same postcode,
    /// 3 same street, 4 same house, 5 exact).</summary>
    Address,

    /// <summary>A date, compared on its 8 digits yyyymmdd. Levels 0 null, 1 else, 2 edit distance ≤ 2 (catches day and
    /// month transposed), 3 one typo or one adjacent transposition (OSA distance 1), 4 equal.</summary>
    Date,

    /// <summary>A code (postcode, phone number, plate, identifier): upper case, separators dropped. Levels 0 null,
    /// 1 else, 2 one typo or adjacent transposition, 3 equal.</summary>
    Code,

    /// <summary>A number. Levels 0 null, 1 else, 2 within <see cref="FieldComparison.Tolerance"/>, 3 equal.</summary>
    Numeric,
}

/// <summary>
/// One field of a linkage model: its column, how it is normalised and compared, and whether the weight of an exact
/// agreement is adjusted for the value's frequency. The level ladders follow Splink's defaults for names (Jaro-Winkler
/// 0.92 / 0.88 / 0.7; Winkler 1990) and dates (Levenshtein ≤ 1 / ≤ 2); level 0 is always "null", adds nothing, and the
/// top level is always exact agreement.
/// </summary>
/// <param name="Column">The input column (or attribute) the field reads.</param>
/// <param name="Kind">The comparison ladder.</param>
/// <param name="TermFrequency">Adjust exact agreement by how common the value is (Winkler 1988's frequency-based
/// matching, as Splink's term-frequency adjustment): agreeing on a rare surname weighs more than on a common one.</param>
/// <param name="Tolerance">For <see cref="ComparisonKind.Numeric"/>: the largest absolute difference at level 2.</param>
public sealed record FieldComparison(string Column, ComparisonKind Kind, bool TermFrequency = false, double Tolerance = 0)
{
    /// <summary>The alias table for <see cref="ComparisonKind.GivenName"/> and <see cref="ComparisonKind.PersonName"/>;
    /// extend <see cref="GivenNameAliases.Default"/> with a user's list to add names.</summary>
    public GivenNameAliases Aliases { get; init; } = GivenNameAliases.Default;

    private PersonNameComparison PersonNames => field ??= new PersonNameComparison(Aliases);

    private static readonly AddressComparison Addresses = new();

    /// <summary>K: the number of levels including the null level 0.</summary>
    public int LevelCount => Kind switch
    {
        ComparisonKind.Exact => 3,
        ComparisonKind.Name or ComparisonKind.Text or ComparisonKind.GivenName or ComparisonKind.OrganisationName => 6,
        ComparisonKind.PersonName => PersonNameComparison.LevelCount,
        ComparisonKind.Address => AddressComparison.LevelCount,
        ComparisonKind.Date => 5,
        ComparisonKind.Code or ComparisonKind.Numeric => 4,
        _ => throw new InvalidOperationException($"Unknown comparison kind {Kind}."),
    };

    /// <summary>The top level: exact agreement.</summary>
    public byte ExactLevel => (byte)(LevelCount - 1);

    /// <summary>What a level means, for explanations.</summary>
    public string LevelLabel(int level) => level switch
    {
        0 => "null",
        1 => "different",
        _ when level == ExactLevel => "exact",
        _ => Kind switch
        {
            ComparisonKind.Name or ComparisonKind.Text => level switch { 2 => "Jaro-Winkler ≥ 0.70", 3 => "Jaro-Winkler ≥ 0.88", _ => "Jaro-Winkler ≥ 0.92" },
            ComparisonKind.GivenName => level switch { 2 => "Jaro-Winkler ≥ 0.70", 3 => "Jaro-Winkler ≥ 0.88", _ => "alias or Jaro-Winkler ≥ 0.92" },
            ComparisonKind.PersonName => PersonNameComparison.LevelName(level),
            ComparisonKind.OrganisationName => level switch { 2 => "token set ≥ 0.75", 3 => "token set ≥ 0.88", _ => "token set ≥ 0.95" },
            ComparisonKind.Address => AddressComparison.LevelName(level),
            ComparisonKind.Date => level == 2 ? "2 digits differ" : "1 typo or transposition",
            ComparisonKind.Code => "1 typo or transposition",
            ComparisonKind.Numeric => string.Create(CultureInfo.InvariantCulture, $"within {Tolerance}"),
            _ => level.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The normal form two values are compared in, or null when the value is missing or unusable.</summary>
    public string? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var text = raw.Trim();
        switch (Kind)
        {
            case ComparisonKind.Name or ComparisonKind.GivenName:
                return KeepLettersAndDigits(NameNormaliser.Fold(text), upper: false);
            case ComparisonKind.Text or ComparisonKind.PersonName or ComparisonKind.Address:
                var folded = NameNormaliser.Fold(text);
                return folded.Length == 0 ? null : folded;
            case ComparisonKind.Code:
                return KeepLettersAndDigits(text, upper: true);
            case ComparisonKind.OrganisationName:
                return OrganisationName.Normalise(text);
            case ComparisonKind.Date:
                return DateDigits(text);
            case ComparisonKind.Numeric:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? number.ToString("R", CultureInfo.InvariantCulture)
                    : null;
            default:
                return text;
        }
    }

    /// <summary>The level of two different, non-null normal forms (equal ones are <see cref="ExactLevel"/>).</summary>
    public byte Compare(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
            return ExactLevel;
        switch (Kind)
        {
            case ComparisonKind.Name or ComparisonKind.Text:
                var similarity = StringSimilarity.JaroWinkler(a, b);
                return similarity >= 0.92 ? (byte)4 : similarity >= 0.88 ? (byte)3 : similarity >= 0.70 ? (byte)2 : (byte)1;
            case ComparisonKind.GivenName:
                var given = StringSimilarity.JaroWinkler(a, b);
                return given >= 0.92 || Aliases.AreFoldedAliases(a, b) ? (byte)4 : given >= 0.88 ? (byte)3 : given >= 0.70 ? (byte)2 : (byte)1;
            case ComparisonKind.PersonName:
                return PersonNames.Level(a, b);
            case ComparisonKind.OrganisationName:
                var tokens = OrganisationName.Similarity(a, b);
                return tokens >= 0.95 ? (byte)4 : tokens >= 0.88 ? (byte)3 : tokens >= 0.75 ? (byte)2 : (byte)1;
            case ComparisonKind.Address:
                return Addresses.Level(a, b);
            case ComparisonKind.Date:
                if (StringSimilarity.DamerauLevenshtein(a, b, 1) <= 1)
                    return 3;
                return StringSimilarity.Levenshtein(a, b, 2) <= 2 ? (byte)2 : (byte)1;
            case ComparisonKind.Code:
                return StringSimilarity.DamerauLevenshtein(a, b, 1) <= 1 ? (byte)2 : (byte)1;
            case ComparisonKind.Numeric:
                var x = double.Parse(a, CultureInfo.InvariantCulture);
                var y = double.Parse(b, CultureInfo.InvariantCulture);
                return Math.Abs(x - y) <= Tolerance ? (byte)2 : (byte)1;
            default:
                return 1;
        }
    }

    private static string? KeepLettersAndDigits(string text, bool upper)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
                buffer[n++] = upper ? char.ToUpperInvariant(c) : c;
        }
        return n == 0 ? null : new string(buffer[..n]);
    }

    // Dates as DateComparison.Parse reads them (ISO, yyyymmdd, day first) to yyyymmdd; other forms .NET understands last.
    private static string? DateDigits(string text)
    {
        if (DateComparison.Parse(text) is { } date)
            return date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
            return dateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        // A date that does not parse (a typo such as 1985-02-30) is still compared digit by digit.
        var digits = KeepLettersAndDigits(text, upper: true);
        return digits is { Length: 8 } && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
