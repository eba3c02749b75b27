namespace Waterline.Analytics.Linkage;

/// <summary>
/// A comparison-level ladder for addresses parsed by <see cref="AddressNormaliser.Parse"/>, with the level convention
/// of <see cref="FellegiSunterModel"/> (0 = null, 1 = else, higher = closer):
/// <list type="table">
/// <item><term>5 exact</term><description>same canonical street, number, box and place</description></item>
/// <item><term>4 same house</term><description>street Jaro-Winkler ≥ threshold, same number and place, box differs
/// or is missing on one side; or the same Dutch postcode (4 digits + 2 letters) and number, which in the Dutch
/// address register (BAG) fix the street whatever its spelling</description></item>
/// <item><term>3 same street</term><description>street Jaro-Winkler ≥ threshold and same place, number differs or is
/// missing</description></item>
/// <item><term>2 same postcode</term><description>both postcodes present and equal</description></item>
/// <item><term>1 else</term><description></description></item>
/// <item><term>0 null</term><description>either address has neither street nor postcode</description></item>
/// </list>
/// "Same place" compares postcodes when both are present, else localities when both are present, and is not a
/// disagreement when either side lacks both. Streets compare by Jaro-Winkler (Winkler 1990) on the canonical form
/// without the generic words both share (<see cref="StreetNameSimilarity"/>), the best over both names of a
/// bilingual Brussels street.
/// </summary>
/// <param name="streetThreshold">The Jaro-Winkler similarity from which two street names count as the same (0.92).</param>
public sealed class AddressComparison(double streetThreshold = 0.92)
{
    /// <summary>K: six levels, counting null.</summary>
    public const int LevelCount = 6;

    /// <summary>The Jaro-Winkler similarity from which two streets agree.</summary>
    public double StreetThreshold { get; } = streetThreshold is >= 0 and <= 1
        ? streetThreshold
        : throw new ArgumentOutOfRangeException(nameof(streetThreshold), streetThreshold, "A similarity threshold lies in [0, 1].");

    /// <summary>The level of two parsed addresses (see the class summary).</summary>
    public byte Level(in Address a, in Address b)
    {
        if ((a.Street is null && a.Postcode is null) || (b.Street is null && b.Postcode is null))
            return 0;
        var numberEqual = a.Number is not null && a.Number == b.Number;
        var place = SamePlace(a, b);
        var street = StreetSimilarity(a, b);
        if (street == 1.0 && numberEqual && a.Box == b.Box && place)
            return 5;
        if ((street >= StreetThreshold && numberEqual && place)
            || (a.HasDutchPostcode && a.Postcode == b.Postcode && numberEqual))
            return 4;
        if (street >= StreetThreshold && place)
            return 3;
        if (a.Postcode is not null && a.Postcode == b.Postcode)
            return 2;
        return 1;
    }

    /// <summary>The level of two one-line addresses, each parsed first.</summary>
    public byte Level(string? a, string? b) => Level(AddressNormaliser.Parse(a), AddressNormaliser.Parse(b));

    /// <summary>A short name of each level, for explanations.</summary>
    public static string LevelName(int level) => level switch
    {
        0 => "null",
        1 => "else",
        2 => "same postcode",
        3 => "same street",
        4 => "same house",
        5 => "exact",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Address levels are 0 to 5."),
    };

    /// <summary>
    /// The best Jaro-Winkler similarity between the street names of two addresses, over both names of a bilingual
    /// street; 0 when either has no street.
    /// </summary>
    public static double StreetSimilarity(in Address a, in Address b)
    {
        if (a.Street is null || b.Street is null)
            return 0;
        var best = StreetNameSimilarity(a.Street, b.Street);
        if (a.AlternateStreet is not null)
            best = Math.Max(best, StreetNameSimilarity(a.AlternateStreet, b.Street));
        if (b.AlternateStreet is not null)
            best = Math.Max(best, StreetNameSimilarity(a.Street, b.AlternateStreet));
        if (a.AlternateStreet is not null && b.AlternateStreet is not null)
            best = Math.Max(best, StreetNameSimilarity(a.AlternateStreet, b.AlternateStreet));
        return best;
    }

    /// <summary>
    /// Jaro-Winkler similarity (Winkler 1990) of two canonical street names after dropping what both share and says
    /// nothing about which street it is: leading generic words and articles ("chaussee de", "rue de la") and a Dutch
    /// street word at the end ("straat"). Otherwise the shared prefix earns the Winkler bonus: "chaussee de wavre"
    /// and "chaussee de waterloo" score 0.936 whole but 0.683 as "wavre" and "waterloo". Equal names score 1.
    /// </summary>
    public static double StreetNameSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
            return 1.0;
        while (true)
        {
            var endA = a.IndexOf(' ');
            var endB = b.IndexOf(' ');
            if (endA < 0 || endB < 0 || !a[..endA].SequenceEqual(b[..endB]) || !LeadingWords.Contains(a[..endA]))
                break;
            a = a[(endA + 1)..];
            b = b[(endB + 1)..];
        }
        foreach (var word in TrailingWords)
        {
            if (a.Length > word.Length && b.Length > word.Length
                && a.EndsWith(word, StringComparison.Ordinal) && b.EndsWith(word, StringComparison.Ordinal))
            {
                a = a[..^word.Length];
                b = b[..^word.Length];
                break;
            }
        }
        return StringSimilarity.JaroWinkler(a, b);
    }

    // Generic words of French (and leading Dutch "steenweg op") street names and the articles after them.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LeadingWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "rue", "avenue", "boulevard", "chaussee", "place", "square", "impasse", "quai", "route", "galerie", "allee",
        "chemin", "clos", "dreve", "sentier", "steenweg", "de", "du", "des", "la", "le", "les", "l", "d", "op",
        "van", "st", "ste",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    // Dutch street words as canonical names end with them, longest first so "steenweg" goes before "weg".
    private static readonly string[] TrailingWords =
        ["steenweg", "straat", "gracht", "singel", "plein", "dreef", "laan", "kaai", "kade", "baan", "dijk", "lei", "weg"];

    private static bool SamePlace(in Address a, in Address b)
    {
        if (a.Postcode is not null && b.Postcode is not null)
            return a.Postcode == b.Postcode;
        if (a.Locality is not null && b.Locality is not null)
            return a.Locality == b.Locality;
        return true;
    }
}
