namespace Waterline.Analytics.Linkage;

/// <summary>
/// Company and institution names in a comparable form: folded (accents, case), punctuation dropped, and the words
/// that say what kind of legal person it is left out, since "Akzo Nobel N.V." and "AKZO NOBEL NV" are one company:
/// Dutch and Belgian forms (NV, BV, BVBA, CV, VOF, CommV, VZW), French (SA, SPRL, SRL, SARL, SAS, SC, ASBL), German
/// (GmbH, AG, KG), English (Inc, Ltd, LLC, PLC, Corp, Co) and others common in European registers (AB, Oy, SpA, AS).
/// Letters a legal form was split into by dots ("N. V.", "B.V.") are joined first. "Koninklijke" (royal warrant),
/// often abbreviated, is a title and left out too. The forms are those of the EU's Business Registers Interconnection
/// System list of entity legal forms (ISO 20275, ELF code list), reduced to what appears in names.
/// </summary>
public static class OrganisationName
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "nv", "bv", "bvba", "cv", "cva", "vof", "commv", "vzw", "ivzw", "cvba", "se",
        "sa", "sprl", "srl", "sarl", "sas", "sc", "scs", "scrl", "asbl", "snc",
        "gmbh", "ag", "kg", "ohg", "ev", "mbh",
        "inc", "incorporated", "ltd", "limited", "llc", "plc", "corp", "corporation", "co", "company", "lp", "llp",
        "ab", "oy", "oyj", "spa", "as", "asa", "aps", "sl", "kk",
        "the", "of", "en", "et", "and", "und", "de", "der", "het",
        // Royal warrants ("Koninklijke Philips" is Philips) are titles, not names.
        "koninklijke", "royal", "royale", "royaal",
    };

    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["kon"] = "koninklijke", ["konink"] = "koninklijke", ["koninkl"] = "koninklijke", ["kon."] = "koninklijke",
        ["intl"] = "international", ["int"] = "international", ["mfg"] = "manufacturing", ["ind"] = "industries",
        ["electronic"] = "electronics", ["tech"] = "technologies", ["technology"] = "technologies",
    };

    /// <summary>The comparable form (tokens joined by one space), or null when nothing but legal forms remains.</summary>
    public static string? Normalise(string? name)
    {
        var tokens = Tokens(name);
        return tokens.Count == 0 ? null : string.Join(' ', tokens);
    }

    /// <summary>The comparable tokens of a name, in order.</summary>
    public static IReadOnlyList<string> Tokens(string? name)
    {
        var words = NameNormaliser.Fold(name).Split(static c => !char.IsLetterOrDigit(c));
        var tokens = new List<string>(words.Count);
        for (var w = 0; w < words.Count; w++)
        {
            // "n v", "b v": single letters in a row are one abbreviation split by dots or spaces.
            var word = words[w];
            while (word.Length is > 0 and < 3 && w + 1 < words.Count && words[w + 1].Length == 1 && word.All(char.IsLetter))
                word += words[++w];
            word = Abbreviations.TryGetValue(word, out var full) ? full : word;
            if (LegalForms.Contains(word))
                continue;
            tokens.Add(word);
        }
        return tokens;
    }

    /// <summary>Order-free similarity of two comparable forms (symmetric Monge-Elkan over Jaro-Winkler, as
    /// <see cref="NameNormaliser.TokenSetSimilarity(IReadOnlyList{string}, IReadOnlyList{string})"/>).</summary>
    public static double Similarity(string a, string b) =>
        NameNormaliser.TokenSetSimilarity(a.Split(' '), b.Split(' '));

    private static List<string> Split(this string text, Func<char, bool> separator)
    {
        var result = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !separator(text[i]))
            {
                if (start < 0)
                    start = i;
                continue;
            }
            if (start >= 0)
                result.Add(text[start..i]);
            start = -1;
        }
        return result;
    }
}
