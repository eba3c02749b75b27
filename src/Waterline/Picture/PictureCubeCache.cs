using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>Holds the latest <see cref="PictureCube"/> of one database (register one per database, as a singleton).
/// Freshness is exact, not timed: each call reads picture_state.generation (one tiny query) and reloads the cube when
/// it differs from the cached one's. One reload at a time; calls that arrive meanwhile wait for it and then use it.</summary>
public sealed class PictureCubeCache
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private Loaded? _loaded;
    private long _clock;

    /// <summary>A cube and the tick taken just before its snapshot was opened.</summary>
    private sealed record Loaded(PictureCube Cube, long Tick);

    public async Task<PictureCube> GetAsync(WaterlineDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // Inside a transaction the caller may see its own uncommitted cells: a cube for this call only, never shared.
            return await PictureCube.LoadAsync(db, ct);
        }
        var generation = await PictureCube.ReadGenerationAsync(db, ct);
        var tick = Interlocked.Increment(ref _clock);
        if (Volatile.Read(ref _loaded) is { } cached && cached.Cube.Generation == generation)
        {
            return cached.Cube;
        }
        await _reload.WaitAsync(ct);
        try
        {
            // A cube whose snapshot was opened after this call read its generation holds at least what the call saw.
            if (_loaded is { } current && (current.Cube.Generation == generation || current.Tick > tick))
            {
                return current.Cube;
            }
            var loadTick = Interlocked.Increment(ref _clock);
            var cube = await PictureCube.LoadAsync(db, ct);
            Volatile.Write(ref _loaded, new Loaded(cube, loadTick));
            return cube;
        }
        finally
        {
            _reload.Release();
        }
    }
}
