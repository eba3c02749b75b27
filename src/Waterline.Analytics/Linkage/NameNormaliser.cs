using System.Globalization;
using System.Text;

namespace Waterline.Analytics.Linkage;

/// <summary>How <see cref="NameNormaliser.Fold"/> treats spellings that some sources write differently.</summary>
[Flags]
public enum NameFolding
{
    None = 0,

    /// <summary>Dutch ij (and the ligature ĳ) written as y: Meijer = Meyer, Rijn = Ryn.</summary>
    IjAsY = 1,

    /// <summary>German umlauts transliterated with e (DIN 5007-2): Müller = Mueller. Without it, ü is u.</summary>
    UmlautsAsE = 2,
}

/// <summary>
/// A person's name split the way Dutch, Flemish, French and German registers file it: given names, the surname
/// particles ("van den", "de la", "von") and the core surname that is sorted on (Dutch practice as in NEN 1888;
/// Flemish registers keep the particles in the surname, which <see cref="SurnameKey"/> covers).
/// </summary>
/// <param name="GivenNames">Folded given-name tokens; a single letter is an initial.</param>
/// <param name="Particles">Folded particle tokens in order, contractions split ("vanden" is "van", "den").</param>
/// <param name="Surname">Folded core surname tokens joined by one space ("berg" for "Van den Berg").</param>
public sealed record PersonName(IReadOnlyList<string> GivenNames, IReadOnlyList<string> Particles, string Surname)
{
    /// <summary>Particles and surname run together ("vandenberg"), which also matches the fused spelling "Vandenberg".</summary>
    public string SurnameKey => string.Concat(Particles) + Surname.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>First letters of the given names ("jp" for "Jan Peter" and for "J.P.").</summary>
    public string Initials => string.Concat(GivenNames.Select(g => g[0]));
}

/// <summary>
/// Normalises Dutch, French and German personal names for comparison: case folding, accent stripping (Unicode
/// canonical decomposition, UAX #15, with the letters it does not decompose mapped by hand: ß→ss, ø→o, æ→ae,
/// œ→oe, ł→l, đ→d, þ→th), optional ij/y and umlaut folding, tokens, surname particles and initials; and the
/// symmetric Monge-Elkan token-set similarity (Monge and Elkan 1996) with Jaro-Winkler as the inner comparator.
/// </summary>
public static class NameNormaliser
{
    // Surname particles of Dutch (Dutch civil register list of "voorvoegsels"), French and German names.
    // "t" is 't (het) once the apostrophe is dropped; "d" and "l" are d' and l'.
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "de", "der", "den", "het", "t", "ter", "ten", "te", "op", "in", "uit", "aan", "bij", "onder",
        "le", "la", "les", "du", "des", "d", "l",
        "von", "vom", "zu", "zum", "zur", "dem", "am",
        "di", "da", "del", "della", "dos", "das",
    };

    // Fused particle spellings common in Flanders and the Netherlands, with their parts.
    private static readonly Dictionary<string, string[]> Contractions = new(StringComparer.Ordinal)
    {
        ["vanden"] = ["van", "den"],
        ["vander"] = ["van", "der"],
        ["vande"] = ["van", "de"],
        ["vant"] = ["van", "t"],
        ["vanter"] = ["van", "ter"],
        ["vonder"] = ["von", "der"],
        ["vondem"] = ["von", "dem"],
        ["dela"] = ["de", "la"],
        ["delle"] = ["de", "le"],
    };

    /// <summary>
    /// Lower-cases (invariant culture), strips accents, maps ß ø æ œ ł đ þ, drops apostrophes (D'Hondt = Dhondt)
    /// and turns every other non-letter, non-digit into a single space. The result is trimmed.
    /// </summary>
    public static string Fold(string? text, NameFolding folding = NameFolding.None)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var lower = text.ToLowerInvariant();
        if ((folding & NameFolding.UmlautsAsE) != 0)
        {
            // Precomposed and decomposed umlauts alike, before decomposition drops the diaeresis.
            lower = lower.Normalize(NormalizationForm.FormC)
                .Replace("ä", "ae", StringComparison.Ordinal)
                .Replace("ö", "oe", StringComparison.Ordinal)
                .Replace("ü", "ue", StringComparison.Ordinal);
        }
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (c is '\'' or '\u2019' or '\u2018' or '`' or '\u00B4')
                continue;
            var mapped = c switch
            {
                'ß' => "ss",
                'ø' => "o",
                'æ' => "ae",
                'œ' => "oe",
                'ł' => "l",
                'đ' => "d",
                'þ' => "th",
                'ı' => "i",
                'ĳ' => "ij",
                _ => null,
            };
            if (mapped is null && !char.IsLetterOrDigit(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                folded.Append(' ');
                pendingSpace = false;
            }
            if (mapped is null)
                folded.Append(c);
            else
                folded.Append(mapped);
        }
        var result = folded.ToString();
        if ((folding & NameFolding.IjAsY) != 0)
            result = result.Replace("ij", "y", StringComparison.Ordinal);
        return result;
    }

    /// <summary>Folded tokens of a name (see <see cref="Fold"/>): "J.P. van 't Hof" gives j, p, van, t, hof.</summary>
    public static string[] Tokens(string? text, NameFolding folding = NameFolding.None) =>
        Fold(text, folding).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Parses a name written in one field: "Surname, Given names" when there is a comma (particles may trail the
    /// given names, as in Dutch indexes: "Berg, Jan van den"), otherwise "Given names Surname", where the surname
    /// starts at the first particle after the first token, or is the last token when there is none.
    /// </summary>
    public static PersonName Parse(string? fullName, NameFolding folding = NameFolding.None)
    {
        if (string.IsNullOrWhiteSpace(fullName))
            return new PersonName([], [], "");
        var comma = fullName.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            var surname = Expand(Tokens(fullName[..comma], folding));
            var given = Expand(Tokens(fullName[(comma + 1)..], folding));
            // Trailing particles of the given part belong to the surname ("Berg, Jan van den").
            var trailing = given.Count;
            while (trailing > 1 && Particles.Contains(given[trailing - 1]))
                trailing--;
            var particles = given.GetRange(trailing, given.Count - trailing);
            return Split(given.GetRange(0, trailing), [.. particles, .. surname]);
        }

        var tokens = Expand(Tokens(fullName, folding));
        if (tokens.Count <= 1)
            return Split([], tokens);
        var start = tokens.Count - 1;
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (Particles.Contains(tokens[i]))
            {
                start = i;
                break;
            }
        }
        return Split(tokens.GetRange(0, start), tokens.GetRange(start, tokens.Count - start));
    }

    /// <summary>Parses a name held in two fields, surname (with or without particles) and given names.</summary>
    public static PersonName Parse(string? surname, string? givenNames, NameFolding folding = NameFolding.None) =>
        Split(Expand(Tokens(givenNames, folding)), Expand(Tokens(surname, folding)));

    // Leading particles of the surname part are particles; the last token is always surname, never a particle.
    private static PersonName Split(List<string> given, List<string> surname)
    {
        var leading = 0;
        while (leading < surname.Count - 1 && Particles.Contains(surname[leading]))
            leading++;
        return new PersonName(given, surname.GetRange(0, leading), string.Join(' ', surname.Skip(leading)));
    }

    private static List<string> Expand(string[] tokens)
    {
        var expanded = new List<string>(tokens.Length + 2);
        foreach (var token in tokens)
        {
            if (Contractions.TryGetValue(token, out var parts))
                expanded.AddRange(parts);
            else
                expanded.Add(token);
        }
        return expanded;
    }

    /// <summary>
    /// Whether two lists of given names can belong to the same person: position by position, each pair is equal,
    /// or one is an initial of the other ("J.P." and "Jan Peter", "J. Peter" and "Jan Peter"); a missing later
    /// given name ("Jan" and "Jan Peter") is no disagreement. No given names at all agree with anything.
    /// </summary>
    public static bool GivenNamesAgree(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x == y)
                continue;
            var initial = x.Length == 1 || y.Length == 1;
            if (!initial || x[0] != y[0])
                return false;
        }
        return true;
    }

    /// <summary>
    /// Order-free token-set similarity: the symmetric Monge-Elkan measure (Monge and Elkan 1996), the mean over
    /// both directions of the mean best Jaro-Winkler score of each token against the other side's tokens.
    /// "Maria Anna" and "Anna Maria" score 1; two empty sets score 1; one empty set scores 0.
    /// </summary>
    public static double TokenSetSimilarity(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
            return 1.0;
        if (a.Count == 0 || b.Count == 0)
            return 0.0;
        return (MeanBest(a, b) + MeanBest(b, a)) / 2.0;
    }

    /// <summary>Token-set similarity of two names as written, folded first (see <see cref="Fold"/>).</summary>
    public static double TokenSetSimilarity(string? a, string? b, NameFolding folding = NameFolding.None) =>
        TokenSetSimilarity(Tokens(a, folding), Tokens(b, folding));

    private static double MeanBest(IReadOnlyList<string> from, IReadOnlyList<string> to)
    {
        var sum = 0.0;
        foreach (var x in from)
        {
            var best = 0.0;
            foreach (var y in to)
                best = Math.Max(best, StringSimilarity.JaroWinkler(x, y));
            sum += best;
        }
        return sum / from.Count;
    }
}
