using System.Text.RegularExpressions;

namespace Waterline.Analytics.Linkage;

/// <summary>
/// A postal address taken apart and normalised for comparison. Every part is folded (<see cref="NameNormaliser.Fold"/>)
/// and null when absent.
/// </summary>
/// <param name="Street">Canonical street name: abbreviations expanded ("av." is "avenue", "Kerkstr." is "kerkstraat"),
/// "sint"/"saint" as "st", a separate Dutch street word glued on ("Kerk straat" is "kerkstraat").</param>
/// <param name="AlternateStreet">The other language's name of a bilingual Brussels street ("Rue de la Loi / Wetstraat"),
/// canonical in the same way.</param>
/// <param name="Number">House number with its letter or "bis"/"ter" suffix ("12a", "16bis").</param>
/// <param name="Box">Box or addition: Belgian bus / boîte ("bus 3", "bte 3", "b3", "/3") and Dutch toevoeging
/// ("-2", "hs", "II"); a numeric box without leading zeros.</param>
/// <param name="Postcode">Belgian 4 digits ("1000") or Dutch 4 digits and 2 letters without a space ("1015cj").</param>
/// <param name="Locality">Municipality or place as written after the postcode (or after the last comma).</param>
public readonly record struct Address(string? Street, string? AlternateStreet, string? Number, string? Box,
    string? Postcode, string? Locality)
{
    /// <summary>Whether the postcode is Dutch (4 digits and 2 letters), which with the house number identifies an address.</summary>
    public bool HasDutchPostcode => Postcode is { Length: 6 };
}

/// <summary>
/// Parses one-line Belgian and Dutch addresses in Dutch or French ("Kerkstraat 12 bus 3, 2000 Antwerpen", "Av. Louise
/// 54/b2, 1050 Ixelles", "16 rue de la Loi, 1000 Bruxelles", "Keizersgracht 123-2, 1015 CJ Amsterdam"). The parts
/// are those of Dutch address data (NEN 5825: straatnaam, huisnummer, huisletter, toevoeging, postcode, woonplaats)
/// and of Belgian addresses (bpost: street, number, box, postcode, municipality); the abbreviation table is
/// Waterline's own. French generic words come before the name (rue, avenue, chaussée), Dutch ones are glued to its
/// end (straat, laan, steenweg), which decides whether "pl." is "place" or "plein".
/// </summary>
public static partial class AddressNormaliser
{
    // French: the generic word leads the street name.
    private static readonly Dictionary<string, string> LeadingAbbreviations = new(StringComparer.Ordinal)
    {
        ["r"] = "rue",
        ["av"] = "avenue",
        ["ave"] = "avenue",
        ["bd"] = "boulevard",
        ["bld"] = "boulevard",
        ["blvd"] = "boulevard",
        ["bvd"] = "boulevard",
        ["boul"] = "boulevard",
        ["ch"] = "chaussee",
        ["chee"] = "chaussee",
        ["chauss"] = "chaussee",
        ["pl"] = "place",
        ["sq"] = "square",
        ["imp"] = "impasse",
        ["qu"] = "quai",
        ["rte"] = "route",
        ["gal"] = "galerie",
        ["stwg"] = "steenweg",
    };

    // Dutch: the generic word ends the street name, as a word of its own or as a suffix.
    private static readonly (string Abbreviation, string Word)[] TrailingAbbreviations =
    [
        ("stwg", "steenweg"),
        ("stw", "steenweg"),
        ("str", "straat"),
        ("ln", "laan"),
        ("pl", "plein"),
        ("bd", "boulevard"),
        ("bvd", "boulevard"),
    ];

    // Dutch generic words written as a separate word ("Kerk straat", "Koning Albert laan") are glued on.
    private static readonly HashSet<string> DutchStreetWords = new(StringComparer.Ordinal)
    {
        "straat", "laan", "plein", "steenweg", "weg", "dreef", "lei", "kaai", "kade", "gracht", "singel", "baan", "dijk",
    };

    private static readonly Dictionary<string, string> Saints = new(StringComparer.Ordinal)
    {
        ["sint"] = "st",
        ["saint"] = "st",
        ["sainte"] = "ste",
        ["sinte"] = "ste",
    };

    private static readonly HashSet<string> BoxMarkers = new(StringComparer.Ordinal)
    {
        "bus", "bte", "boite", "bt", "b", "box", "/", "-",
    };

    private static readonly HashSet<string> NumberSuffixes = new(StringComparer.Ordinal) { "bis", "ter", "quater" };

    // Optional country prefix (B-, BE-, NL-), 4 digits not starting with 0, optionally 2 letters (Dutch).
    [GeneratedRegex(@"(?<![\p{L}\d])(?:(?:b|be|nl)[ -]?)?(?<digits>[1-9]\d{3})(?:[ ]?(?<letters>[a-z]{2}))?(?![\p{L}\d])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();

    /// <summary>
    /// Parses a one-line address. The postcode is the last 4-digit group (with 2 letters for a Dutch one) that comes
    /// after a house number, a comma or a country prefix, or starts the text; what follows it up to a comma is the
    /// locality. The house number is the last number of the street part not preceded by a box marker (bus, bte,
    /// boîte, b, "/"); in French order ("16 rue de la Loi") it comes first. A "/" or " - " between words separates the
    /// two names of a bilingual street.
    /// </summary>
    public static Address Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return default;
        var streetPart = text.AsSpan();
        string? postcode = null;
        string? locality = null;
        Match? chosen = null;
        for (var match = PostcodePattern().Match(text); match.Success; match = match.NextMatch())
        {
            var before = text.AsSpan(0, match.Index).TrimEnd();
            var prefixed = !char.IsAsciiDigit(match.Value[0]);
            if (match.Groups["letters"].Success || prefixed || before.Length == 0 || before[^1] == ','
                || before.IndexOfAnyInRange('0', '9') >= 0)
                chosen = match;
        }
        if (chosen is not null)
        {
            postcode = chosen.Groups["digits"].Value
                + (chosen.Groups["letters"].Success ? chosen.Groups["letters"].Value.ToLowerInvariant() : "");
            var after = text.AsSpan(chosen.Index + chosen.Length);
            var comma = after.IndexOf(',');
            locality = NullIfEmpty(NameNormaliser.Fold((comma >= 0 ? after[..comma] : after).ToString()));
            streetPart = text.AsSpan(0, chosen.Index);
        }
        else
        {
            // No postcode: a last comma-separated part without digits is the locality.
            var comma = streetPart.LastIndexOf(',');
            if (comma >= 0 && streetPart[(comma + 1)..].IndexOfAnyInRange('0', '9') < 0)
            {
                locality = NullIfEmpty(NameNormaliser.Fold(streetPart[(comma + 1)..].ToString()));
                streetPart = streetPart[..comma];
            }
        }

        var (street, alternate, number, box) = ParseStreet(Tokenise(streetPart));
        return new Address(street, alternate, number, box, postcode, locality);
    }

    /// <summary>
    /// The canonical form of a street name alone (see <see cref="Address.Street"/>): folded, abbreviations expanded,
    /// saints shortened, a separate Dutch street word glued on. Null when nothing is left.
    /// </summary>
    public static string? CanonicalStreet(string? street) =>
        street is null ? null : Canonical([.. Tokenise(street).Where(t => t is not ("," or "/" or "-"))]);

    // Words (folded), numbers with their suffix ("12a"), and the separators ",", "/" and "-" as tokens of their own.
    // A hyphen inside a word ("Sint-Jans") separates words; between digits or set apart by spaces it is a separator.
    private static List<string> Tokenise(ReadOnlySpan<char> text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c) || c is '\'' or '\u2019' || (start >= 0 && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                if (start < 0)
                    start = i;
                continue;
            }
            if (start >= 0)
            {
                var folded = NameNormaliser.Fold(text[start..i].ToString());
                if (folded.Length > 0)
                    tokens.AddRange(folded.Split(' '));
                start = -1;
            }
            if (c is ',' or '/')
                tokens.Add(c.ToString());
            else if (c == '-')
            {
                var inWord = i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]);
                if (!inWord)
                    tokens.Add("-");
            }
        }
        return tokens;
    }

    private static (string? Street, string? Alternate, string? Number, string? Box) ParseStreet(List<string> tokens)
    {
        // The house number: the last token starting with a digit, unless a box marker precedes it (then it is the
        // box, and the number is an earlier one).
        var numberAt = -1;
        var boxFrom = -1;
        for (var i = tokens.Count - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(tokens[i][0]))
                continue;
            var marked = i > 0 && BoxMarkers.Contains(tokens[i - 1]) && i > 1 && HasNumberBefore(tokens, i - 1);
            if (marked && boxFrom < 0)
            {
                boxFrom = i - 1;
                continue;
            }
            numberAt = i;
            break;
        }
        if (numberAt < 0)
            return (Canonical(Words(tokens, 0, tokens.Count)), null, null, null);

        var (number, numberRest) = SplitNumber(tokens[numberAt]);
        var afterNumber = new List<string>();
        if (numberRest.Length > 0)
            afterNumber.Add(numberRest);
        var end = tokens.Count;
        var leading = Words(tokens, 0, numberAt).Count > 0;
        if (!leading)
        {
            // French order: the street follows the number ("16, rue de la Loi"); only a suffix may sit between.
            var next = numberAt + 1;
            if (next < tokens.Count && NumberSuffixes.Contains(tokens[next]))
                number += tokens[next++];
            var (street, alternate) = Streets(tokens, next, tokens.Count);
            return (street, alternate, number, null);
        }
        for (var i = numberAt + 1; i < end; i++)
        {
            if (tokens[i] != ",")
                afterNumber.Add(tokens[i]);
        }
        // A letter or bis/ter right after the number belongs to it, unless it is the marker "b" of a following box.
        if (afterNumber.Count > 0 && (NumberSuffixes.Contains(afterNumber[0])
            || (afterNumber[0].Length == 1 && char.IsAsciiLetter(afterNumber[0][0]) && !(afterNumber[0] == "b" && afterNumber.Count > 1))))
        {
            number += afterNumber[0];
            afterNumber.RemoveAt(0);
        }
        if (afterNumber.Count > 0 && BoxMarkers.Contains(afterNumber[0]))
            afterNumber.RemoveAt(0);
        var box = afterNumber.Count > 0 ? NormaliseBox(string.Concat(afterNumber)) : null;
        var (name, other) = Streets(tokens, 0, numberAt);
        return (name, other, number, box);
    }

    private static bool HasNumberBefore(List<string> tokens, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (char.IsAsciiDigit(tokens[i][0]))
                return true;
        }
        return false;
    }

    // "12a" is number 12 with letter a; "12b3" and "12bus3" are number 12 with box 3; "16bis" keeps its suffix.
    private static (string Number, string Remainder) SplitNumber(string token)
    {
        var digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits]))
            digits++;
        var number = token[..digits].TrimStart('0');
        if (number.Length == 0)
            number = "0";
        var rest = token[digits..];
        if (rest.Length == 0)
            return (number, "");
        if (NumberSuffixes.Contains(rest) || (rest.Length == 1 && char.IsAsciiLetter(rest[0])))
            return (number + rest, "");
        foreach (var marker in (ReadOnlySpan<string>)["bus", "bte", "bt", "b"])
        {
            if (rest.StartsWith(marker, StringComparison.Ordinal) && rest.Length > marker.Length && char.IsAsciiDigit(rest[marker.Length]))
                return (number, rest[marker.Length..]);
        }
        // A letter then a toevoeging ("12a1"): keep the letter with the number.
        if (char.IsAsciiLetter(rest[0]) && rest.Length > 1 && char.IsAsciiDigit(rest[1]))
            return (number + rest[0], rest[1..]);
        return (number, rest);
    }

    private static string? NormaliseBox(string box)
    {
        if (box.Length > 1 && box[0] == 'b' && box.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
            box = box[1..];
        if (box.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            box = box.TrimStart('0');
            if (box.Length == 0)
                box = "0";
        }
        return NullIfEmpty(box);
    }

    // The street words between from and to, split at a "/" or "-" into a bilingual pair.
    private static (string? Street, string? Alternate) Streets(List<string> tokens, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (tokens[i] is "/" or "-")
                return (Canonical(Words(tokens, from, i)), Canonical(Words(tokens, i + 1, to)));
        }
        return (Canonical(Words(tokens, from, to)), null);
    }

    private static List<string> Words(List<string> tokens, int from, int to)
    {
        var words = new List<string>(to - from);
        for (var i = from; i < to; i++)
        {
            if (tokens[i] is not ("," or "/" or "-"))
                words.Add(tokens[i]);
        }
        return words;
    }

    private static string? Canonical(List<string> words)
    {
        if (words.Count == 0)
            return null;
        if (words.Count > 1 && LeadingAbbreviations.TryGetValue(words[0], out var leading))
            words[0] = leading;
        for (var i = 0; i < words.Count; i++)
        {
            if (Saints.TryGetValue(words[i], out var saint))
                words[i] = saint;
        }
        var last = words.Count - 1;
        foreach (var (abbreviation, word) in TrailingAbbreviations)
        {
            var token = words[last];
            if (token == abbreviation && last > 0)
            {
                words[last] = word;
                break;
            }
            // A suffix ("Kerkstr"), but never a whole leading word such as "r" or "pl".
            if (token.Length > abbreviation.Length + 1 && token.EndsWith(abbreviation, StringComparison.Ordinal)
                && !(words.Count > 1 && last == 0))
            {
                words[last] = token[..^abbreviation.Length] + word;
                break;
            }
        }
        if (words.Count > 1 && DutchStreetWords.Contains(words[last]))
        {
            words[last - 1] += words[last];
            words.RemoveAt(last);
        }
        return string.Join(' ', words);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
