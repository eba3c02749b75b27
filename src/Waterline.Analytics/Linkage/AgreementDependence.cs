namespace Waterline.Analytics.Linkage;

/// <summary>
/// Which fields agree because another field agrees, among random (almost all non-matching) pairs: a town and its
/// postcode, a name and the e-mail built from it. The Fellegi-Sunter model assumes fields independent given the match
/// status (Fellegi and Sunter 1969); for such fields that fails among non-matches, so their agreement must not count
/// as fresh evidence where the other field was fixed by blocking (see Winkler 1993, "Improved decision rules in the
/// Fellegi-Sunter model of record linkage", on dependence between fields).
/// </summary>
public static class AgreementDependence
{
    /// <summary>
    /// <c>result[g][f]</c> is true when, among the sampled pairs where field g agrees exactly, field f agrees exactly in at
    /// least <paramref name="share"/> of them (by default half: against a base rate of a few in a thousand, that is dependence, not chance) (and in at least <paramref name="minimumPairs"/> pairs), while f agrees in
    /// under half of all pairs (a field that nearly always agrees, such as gender, says little either way).
    /// </summary>
    /// <param name="codes">Per field, the dictionary code of each record (-1 = null); equal codes = exact agreement.</param>
    /// <param name="left">Sampled pairs: first record.</param>
    /// <param name="right">Sampled pairs: second record.</param>
    /// <param name="share">The conditional agreement from which f counts as implied by g.</param>
    /// <param name="minimumPairs">Pairs with g agreeing needed before anything is concluded.</param>
    public static bool[][] Implied(IReadOnlyList<int[]> codes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, double share = 0.5, int minimumPairs = 20)
    {
        var fields = codes.Count;
        var agree = new long[fields];
        var both = new long[fields, fields];
        var flags = new bool[fields];
        for (var k = 0; k < left.Length; k++)
        {
            var agreeing = 0;
            for (var f = 0; f < fields; f++)
            {
                var a = codes[f][left[k]];
                flags[f] = a >= 0 && a == codes[f][right[k]];
                if (flags[f])
                    agreeing++;
            }
            // A random pair agreeing on most fields is probably a true match (small files hold many): it says
            // nothing about how non-matches agree, so it is left out.
            if (fields > 2 && agreeing * 2 > fields)
                continue;
            for (var f = 0; f < fields; f++)
            {
                if (flags[f])
                    agree[f]++;
            }
            for (var g = 0; g < fields; g++)
            {
                if (!flags[g])
                    continue;
                for (var f = 0; f < fields; f++)
                {
                    if (flags[f])
                        both[g, f]++;
                }
            }
        }
        var result = new bool[fields][];
        for (var g = 0; g < fields; g++)
        {
            result[g] = new bool[fields];
            for (var f = 0; f < fields; f++)
            {
                result[g][f] = f != g && agree[g] >= minimumPairs && both[g, f] >= share * agree[g] && agree[f] < 0.5 * left.Length;
            }
        }
        return result;
    }
}
