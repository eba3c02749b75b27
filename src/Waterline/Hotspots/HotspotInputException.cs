namespace Waterline.Hotspots;

/// <summary>A hotspot request that cannot be answered as asked, naming the request field to change (the API turns it into
/// a 400 problem naming that field).</summary>
public sealed class HotspotInputException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;

    /// <summary>Throws for a "field: reason" problem text from a request's Problem().</summary>
    internal static void ThrowIf(string? problem)
    {
        if (problem is null)
        {
            return;
        }
        var colon = problem.IndexOf(':', StringComparison.Ordinal);
        throw colon > 0 ? new HotspotInputException(problem[..colon], problem[(colon + 2)..]) : new HotspotInputException("request", problem);
    }
}
