using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Saves a selection as a watch of the reader's account and classifies its latest window at once (the baseline: no
/// alert). With <see cref="Request.Since"/>, the baseline is the window ending at that period and every later period is then
/// checked as if it had just arrived, so the changes since then are recorded as alerts.</summary>
public static class SaveDisplacementWatch
{
    /// <remarks>
    /// <para>Account: The owning account when the context acts as the system (demo seeding); otherwise the reader's.</para>
    /// </remarks>
    public sealed record Request(string Name, DisplacementSelection Selection, SeriesPeriod? Since = null, string? Account = null);

    public sealed record Result(long? Id, string? Field, string? Problem, DisplacementWatch? Watch, int Alerts);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(request);
            var reader = db.Reader ?? throw new Access.AccessRefusedException("reader", "No reader: sign in to save a watch.");
            var account = reader.IsSystem ? request.Account : reader.Account;
            if (string.IsNullOrWhiteSpace(account))
                return new Result(null, "account", "the system saves a watch for an account: name it", null, 0);
            var name = request.Name?.Trim() ?? "";
            if (name.Length is 0 or > 200)
                return new Result(null, "name", "give a name of 1 to 200 characters", null, 0);
            if (request.Since is { } since && since.Month is null != (request.Selection.Granularity == PeriodGranularity.Year))
                return new Result(null, "since", $"{since} is not a period of the selection's granularity", null, 0);
            var watch = new DisplacementWatch
            {
                Account = account, Name = name, Selection = request.Selection.ToQuery(), CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Add(watch);
            await db.SaveChangesAsync(ct);
            var check = new CheckDisplacementWatches.Handler(db, clock);
            if (request.Since is { } from)
            {
                // The baseline as it stood when `from` was the latest period: the selection cut there.
                var cut = request.Selection with { To = request.Selection.To is { } to && to.CompareTo(from) < 0 ? to : from };
                watch.Selection = cut.ToQuery();
                await check.HandleAsync(new CheckDisplacementWatches.Request(watch.Id), ct);
                watch.Selection = request.Selection.ToQuery();
                await db.SaveChangesAsync(ct);
            }
            var result = await check.HandleAsync(new CheckDisplacementWatches.Request(watch.Id), ct);
            return new Result(watch.Id, null, null, watch, result.Alerts);
        }
    }
}
