namespace Waterline.Analytics.Hotspots;

/// <summary>The Benjamini and Hochberg (1995) step-up procedure: control of the expected share of false discoveries among
/// the areas called significant, for the many local tests of a hotspot map. Adjusted p-values as R's
/// <c>p.adjust(p, "BH")</c>.</summary>
public static class FalseDiscoveryRate
{
    /// <summary>Adjusted p_(i) = min over k ≥ i of m p_(k) / k, capped at 1, in the input order. NaN p-values (areas without
    /// neighbours) stay NaN and do not count among the m tests, as <c>p.adjust</c> with <c>n = sum(!is.na(p))</c>.</summary>
    public static double[] Adjust(double[] pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var adjusted = new double[pValues.Length];
        Array.Fill(adjusted, double.NaN);
        var order = Enumerable.Range(0, pValues.Length).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var m = order.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            if (pValues[i] is < 0 or > 1)
                throw new ArgumentException($"p-value {i} is {pValues[i]}, outside [0, 1]", nameof(pValues));
            running = Math.Min(running, (double)m / rank * pValues[i]);
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>The discoveries at false discovery rate <paramref name="q"/>: adjusted p ≤ q.</summary>
    public static bool[] Significant(double[] pValues, double q)
    {
        if (!(q > 0 && q < 1))
            throw new ArgumentOutOfRangeException(nameof(q), "q must lie between 0 and 1");
        return [.. Adjust(pValues).Select(a => a <= q)];
    }
}
