namespace Waterline.Analytics.Networks;

/// <summary>
/// Freeman's (1979) centralisation, "Centrality in social networks: conceptual clarification", Social Networks
/// 1(3):215-239: C = Σ (max - c(v)) / the largest value that sum can take on n nodes, which is reached by the star
/// graph. 1 for a star, 0 when every node has the same centrality. Undirected graphs; n &gt; 2 (0 otherwise).
/// </summary>
/// <remarks>
/// Each method takes the centralities already computed, so a caller that has them pays nothing more:
/// degree: raw degrees, denominator (n-1)(n-2); betweenness: normalised betweenness (networkx's, divided by
/// (n-1)(n-2)/2 for undirected pairs), denominator n-1; closeness: networkx's closeness with the Wasserman-Faust
/// scaling (equal to (n-1)/Σd on a connected graph), denominator (n-1)(n-2)/(2n-3). On a disconnected graph the
/// closeness centralisation uses the scaled values against the connected star's maximum.
/// </remarks>
public static class Centralisation
{
    /// <summary>Degree centralisation from raw degrees (<see cref="Centrality.Degree"/>).</summary>
    public static double Degree(ReadOnlySpan<int> degree)
    {
        var n = degree.Length;
        if (n <= 2)
            return 0;
        var max = 0;
        foreach (var d in degree)
            max = Math.Max(max, d);
        long sum = 0;
        foreach (var d in degree)
            sum += max - d;
        return sum / ((n - 1.0) * (n - 2.0));
    }

    /// <summary>Betweenness centralisation from normalised betweenness (<see cref="Betweenness.Compute"/> with
    /// <c>normalised: true</c>).</summary>
    public static double Betweenness(ReadOnlySpan<double> normalisedBetweenness) =>
        Freeman(normalisedBetweenness, normalisedBetweenness.Length - 1.0);

    /// <summary>Closeness centralisation from closeness (<see cref="Centrality.Closeness"/>).</summary>
    public static double Closeness(ReadOnlySpan<double> closeness)
    {
        var n = closeness.Length;
        return Freeman(closeness, (n - 1.0) * (n - 2.0) / (2.0 * n - 3.0));
    }

    private static double Freeman(ReadOnlySpan<double> values, double denominator)
    {
        if (values.Length <= 2)
            return 0;
        var max = double.NegativeInfinity;
        foreach (var x in values)
            max = Math.Max(max, x);
        var sum = 0.0;
        foreach (var x in values)
            sum += max - x;
        return sum / denominator;
    }
}
