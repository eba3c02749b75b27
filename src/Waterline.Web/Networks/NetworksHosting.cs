using Waterline.DemoWorld;
using Waterline.Storage;

namespace Waterline.Web.Networks;

/// <summary>Start-up work of the networks module.</summary>
internal static class NetworksHosting
{
    /// <summary>The demo network (DemoNetwork) whenever the demo world is enabled; once per database, also into one
    /// seeded before the network existed.</summary>
    public static async Task SeedDemoNetworkAsync(IConfiguration configuration, WaterlineDbContext db, ILogger logger, CancellationToken ct)
    {
        if (!configuration.GetValue("DemoWorld:Enabled", true))
        {
            return;
        }
        var progress = new InlineProgress<string>(message => logger.LogInformation("Demo network: {Progress}", message));
        var result = await DemoNetwork.WriteAsync(db, configuration.GetValue("DemoWorld:Seed", 20240101), progress, ct);
        if (!result.AlreadySeeded)
        {
            logger.LogInformation("Demo network seeded: {Actors} actors over {Phases} phases", result.Actors, DemoNetwork.Phases);
        }
    }
}
