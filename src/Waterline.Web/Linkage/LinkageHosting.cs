using Waterline.Linkage;
using Waterline.Storage;

namespace Waterline.Web.Linkage;

/// <summary>Start-up work of the linkage module.</summary>
internal static class LinkageHosting
{
    /// <summary>After the demo world is seeded: fill the review queue, so that it has work on first start.</summary>
    public static async Task FindDemoCandidatesAsync(WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        var result = await new FindLinkCandidates.Handler(db, TimeProvider.System).HandleAsync(new FindLinkCandidates.Request(), ct);
        logger.LogInformation("Linkage: {Added} candidate pairs queued in {Seconds:F1} s ({Kinds})", result.Added, result.Elapsed.TotalSeconds,
            string.Join(", ", result.Kinds.Select(k => $"{k.Kind} {k.Added}/{k.Compared}")));
    }
}
