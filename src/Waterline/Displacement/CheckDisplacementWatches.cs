using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Displacement;

/// <summary>Recomputes displacement watches: for every period that arrived since a watch's last check, the window of the
/// watch's length ending at that period is classified; when the class differs from the stored one, a DisplacementAlert
/// records from what to what, the period and the evidence. Each watch is computed over what its owner may read
/// (AccessPolicy.CanRead for the owner's organisation and role), whoever runs the check. Runs after every committed
/// import (ImportObservations) and on demand.</summary>
public static class CheckDisplacementWatches
{
    /// <remarks>
    /// <para>WatchId: One watch; null: every watch (of <c>Account</c> when given).</para>
    /// <para>Account: Only this account's watches; null: everyone's.</para>
    /// </remarks>
    public sealed record Request(long? WatchId = null, string? Account = null);

    /// <remarks>
    /// <para>Problems: Watches that could not be classified, with the reason (also stored on the watch).</para>
    /// </remarks>
    public sealed record Result(int Checked, int Alerts, IReadOnlyList<string> Problems);

    internal static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web);

    public sealed class Handler(WaterlineDbContext db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(request);
            var query = db.Set<DisplacementWatch>().AsQueryable();
            if (request.WatchId is { } id)
                query = query.Where(w => w.Id == id);
            if (request.Account is { } owner)
                query = query.Where(w => w.Account == owner);
            var watches = await query.OrderBy(w => w.Id).ToListAsync(ct);
            if (watches.Count == 0)
                return new Result(0, 0, []);
            var names = watches.Select(w => w.Account).Distinct().ToArray();
            var accounts = await db.Set<Account>().AsNoTracking().Where(a => names.Contains(a.UserName)).ToDictionaryAsync(a => a.UserName, ct);
            var readable = new Dictionary<(string, Role), int[]>();
            var now = clock.GetUtcNow().UtcDateTime;
            var alerts = 0;
            var problems = new List<string>();
            foreach (var watch in watches)
            {
                watch.CheckedAt = now;
                watch.Problem = await CheckAsync(watch, accounts, readable, now, ct) is var (raised, problem) && problem is null ? null : problem;
                alerts += raised;
                if (watch.Problem is { } p)
                    problems.Add($"watch {watch.Id} ({watch.Name}): {p}");
            }
            await db.SaveChangesAsync(ct);
            return new Result(watches.Count, alerts, problems);
        }

        private async Task<(int Raised, string? Problem)> CheckAsync(DisplacementWatch watch, Dictionary<string, Account> accounts,
            Dictionary<(string, Role), int[]> readable, DateTime now, CancellationToken ct)
        {
            if (!accounts.TryGetValue(watch.Account, out var account) || account.Disabled)
                return (0, $"account {watch.Account} is missing or disabled");
            var parsed = DisplacementSelection.Parse(watch.Selection);
            if (parsed.Selection is not { } selection)
                return (0, $"selection: {parsed.Field}: {parsed.Reason}");
            var key = (account.OrganisationCode, account.Role);
            if (!readable.TryGetValue(key, out var markings))
            {
                var reader = account.ToReader(null);
                readable[key] = markings = await db.Markings.AsNoTracking().Where(AccessPolicy.CanRead(reader)).Select(m => m.Id).ToArrayAsync(ct);
            }
            var built = await new BuildDisplacementSeries.Handler(db).HandleAsync(selection, markings, ct);
            if (built.IsEmpty)
                return (0, "no observations in the selection that the owner may read");
            // Only periods that have ended: a year still running looks low after an import in March and would raise a false alert.
            var periods = built.Series.Periods.Where(q => Ended(q, now)).ToArray();
            if (periods.Length == 0)
                return (0, null);
            var next = 0;
            if (watch.LastPeriod is null || !SeriesPeriod.TryParse(watch.LastPeriod, out var last))
                next = periods.Length - 1;
            else
                while (next < periods.Length && periods[next].CompareTo(last) <= 0)
                    next++;
            var raised = 0;
            try
            {
                for (var p = next; p < periods.Length; p++)
                {
                    var window = AnalyseDisplacement.ClassifyWindowEndingAt(built, p, selection.Window);
                    if (watch.Classification is { } previous && previous != window.Classification)
                    {
                        db.Add(new DisplacementAlert
                        {
                            WatchId = watch.Id, Period = window.End, WindowFrom = window.Start, Previous = previous,
                            PreviousSummary = watch.Summary ?? previous.ToString(), Current = window.Classification, Summary = window.Summary,
                            Evidence = JsonSerializer.Serialize(window.Evidence, EvidenceJson), RaisedAt = now,
                        });
                        raised++;
                    }
                    watch.Classification = window.Classification;
                    watch.Summary = window.Summary;
                    watch.LastPeriod = window.End;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return (raised, $"the classification failed: {e.Message}");
            }
            return (raised, null);
        }

        private static bool Ended(SeriesPeriod period, DateTime now) =>
            (period.Month is { } m ? new DateTime(period.Year, m, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1)
                : new DateTime(period.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc)) <= now;
    }
}
