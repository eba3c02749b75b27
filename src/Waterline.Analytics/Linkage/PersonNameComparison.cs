namespace Waterline.Analytics.Linkage;

/// <summary>
/// A comparison-level ladder for a person's whole name, parsed by <see cref="NameNormaliser.Parse(string?, NameFolding)"/>,
/// with the level convention of <see cref="FellegiSunterModel"/> (0 = null, 1 = else, higher = closer). A pair gets
/// the first level, from the top, that holds:
/// <list type="table">
/// <item><term>6 exact</term><description>same <see cref="PersonName.SurnameKey"/>, both have given names and they are
/// equal position by position (a missing later given name is no disagreement)</description></item>
/// <item><term>5 close</term><description>Jaro-Winkler ≥ threshold on the surname key and on the first given
/// name</description></item>
/// <item><term>4 reordered</term><description>given name and surname swapped (each close to the other's), or the
/// order-free symmetric Monge-Elkan token-set similarity of all name tokens ≥ threshold (which also catches names
/// just below the per-field threshold, "Peeters" and "Peters")</description></item>
/// <item><term>3 alias</term><description>surname close and the first given names (or all given names together) are
/// aliases in the <see cref="GivenNameAliases"/> table ("Jan" and "Johannes")</description></item>
/// <item><term>2 initials</term><description>surname close and the given names agree by initials ("J.P." and "Jan
/// Peter") or are missing on one side</description></item>
/// <item><term>1 else</term><description></description></item>
/// <item><term>0 null</term><description>either name has no surname</description></item>
/// </list>
/// The ladder mirrors Splink's name comparisons (exact, Jaro-Winkler thresholds, "columns reversed" for swapped
/// forename and surname; Splink docs, comparison library, NameComparison and ForenameSurnameComparison) with
/// Waterline's alias and initials levels added. Jaro-Winkler is Winkler (1990); token-set similarity is Monge and
/// Elkan (1996), see <see cref="NameNormaliser.TokenSetSimilarity(IReadOnlyList{string}, IReadOnlyList{string})"/>.
/// </summary>
/// <param name="aliases">The alias table; <see cref="GivenNameAliases.Default"/> when null.</param>
/// <param name="threshold">The Jaro-Winkler and token-set similarity from which names count as close (0.92).</param>
public sealed class PersonNameComparison(GivenNameAliases? aliases = null, double threshold = 0.92)
{
    /// <summary>K: seven levels, counting null.</summary>
    public const int LevelCount = 7;

    /// <summary>The alias table used by the alias level.</summary>
    public GivenNameAliases Aliases { get; } = aliases ?? GivenNameAliases.Default;

    /// <summary>The similarity from which names count as close.</summary>
    public double Threshold { get; } = threshold is >= 0 and <= 1
        ? threshold
        : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A similarity threshold lies in [0, 1].");

    /// <summary>The level of two parsed names (see the class summary).</summary>
    public byte Level(PersonName a, PersonName b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var surnameA = a.SurnameKey;
        var surnameB = b.SurnameKey;
        if (surnameA.Length == 0 || surnameB.Length == 0)
            return 0;
        var givenA = a.GivenNames;
        var givenB = b.GivenNames;
        var bothGiven = givenA.Count > 0 && givenB.Count > 0;

        if (surnameA == surnameB && bothGiven && EqualOnCommonPositions(givenA, givenB))
            return 6;
        var surnameClose = StringSimilarity.JaroWinkler(surnameA, surnameB) >= Threshold;
        if (surnameClose && bothGiven && StringSimilarity.JaroWinkler(givenA[0], givenB[0]) >= Threshold)
            return 5;
        if (bothGiven && StringSimilarity.JaroWinkler(surnameA, givenB[0]) >= Threshold
            && StringSimilarity.JaroWinkler(givenA[0], surnameB) >= Threshold)
            return 4;
        if (NameNormaliser.TokenSetSimilarity(AllTokens(a), AllTokens(b)) >= Threshold)
            return 4;
        if (surnameClose && bothGiven && (Aliases.AreFoldedAliases(givenA[0], givenB[0])
            || Aliases.AreFoldedAliases(string.Join(' ', givenA), string.Join(' ', givenB))))
            return 3;
        if (surnameClose && NameNormaliser.GivenNamesAgree(givenA, givenB))
            return 2;
        return 1;
    }

    /// <summary>The level of two names written in one field each ("Jan Peeters", "Peeters, Jan").</summary>
    public byte Level(string? a, string? b, NameFolding folding = NameFolding.None) =>
        Level(NameNormaliser.Parse(a, folding), NameNormaliser.Parse(b, folding));

    /// <summary>A short name of each level, for explanations.</summary>
    public static string LevelName(int level) => level switch
    {
        0 => "null",
        1 => "else",
        2 => "surname close, initials agree",
        3 => "surname close, given names are aliases",
        4 => "reordered or close as a token set",
        5 => "close (Jaro-Winkler)",
        6 => "exact",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Person-name levels are 0 to 6."),
    };

    private static bool EqualOnCommonPositions(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }

    private static List<string> AllTokens(PersonName name)
    {
        var tokens = new List<string>(name.GivenNames.Count + name.Particles.Count + 2);
        tokens.AddRange(name.GivenNames);
        tokens.AddRange(name.Particles);
        tokens.AddRange(name.Surname.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return tokens;
    }
}
