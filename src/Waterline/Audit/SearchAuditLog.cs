using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Audit;

/// <summary>Which entries: every criterion given must hold. Actor and organisation match exactly; the "contains" texts
/// ignore case (ASCII only on SQLite); <see cref="From"/> is inclusive and <see cref="To"/> exclusive, both UTC.</summary>
public sealed record AuditFilter(string? Actor = null, string? Organisation = null, AuditAction? Action = null,
    string? WhatContains = null, string? PurposeContains = null, DateTime? From = null, DateTime? To = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads a filter from named text values: actor, organisation, action, what, purposeContains, from, to (absent
    /// or empty = no criterion), the same names in the HTTP query and the CLI options; on failure names the parameter
    /// and the reason. Times are ISO 8601, UTC unless they carry an offset.</summary>
    public static AuditFilter? TryParse(Func<string, string?> value, out string? field, out string? reason)
    {
        (field, reason) = (null, null);
        string? Text(string name) => value(name) is { Length: > 0 } v ? v.Trim() : null;
        DateTime? from = null, to = null;
        foreach (var name in (string[])["from", "to"])
        {
            if (Text(name) is not { } t)
            {
                continue;
            }
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                (field, reason) = (name, $"'{t}' is not an ISO 8601 time (e.g. 2026-01-31 or 2026-01-31T08:00:00Z).");
                return null;
            }
            if (name == "from")
            {
                from = time.UtcDateTime;
            }
            else
            {
                to = time.UtcDateTime;
            }
        }
        AuditAction? action = null;
        if (Text("action") is { } a)
        {
            if (!Enum.TryParse<AuditAction>(a, true, out var parsed) || !Enum.IsDefined(parsed) || a.All(char.IsAsciiDigit))
            {
                (field, reason) = ("action", $"'{a}' is not one of {string.Join(", ", Enum.GetNames<AuditAction>())}.");
                return null;
            }
            action = parsed;
        }
        return new AuditFilter(Text("actor"), Text("organisation"), action, Text("what"), Text("purposeContains"), from, to);
    }

    /// <summary>The filter as it is recorded in the audit entry of the search or export that used it.</summary>
    public string Describe() => JsonSerializer.Serialize(this, Json);

    internal IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query)
    {
        if (!string.IsNullOrEmpty(Actor))
        {
            query = query.Where(e => e.Actor == Actor);
        }
        if (!string.IsNullOrEmpty(Organisation))
        {
            query = query.Where(e => e.Organisation == Organisation);
        }
        if (Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }
        if (!string.IsNullOrEmpty(WhatContains))
        {
            var what = WhatContains.ToLowerInvariant();
            query = query.Where(e => e.What.ToLower().Contains(what));
        }
        if (!string.IsNullOrEmpty(PurposeContains))
        {
            var purpose = PurposeContains.ToLowerInvariant();
            query = query.Where(e => e.Purpose != null && e.Purpose.ToLower().Contains(purpose));
        }
        if (From is { } from)
        {
            var utc = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            query = query.Where(e => e.OccurredAt >= utc);
        }
        if (To is { } to)
        {
            var utc = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            query = query.Where(e => e.OccurredAt < utc);
        }
        return query;
    }
}

/// <summary>One audit entry as shown and exported.</summary>
public sealed record AuditEntryRow(long Sequence, DateTime OccurredAt, string Actor, string Organisation, AuditAction Action,
    string What, string? Purpose, string? Recipient, string? Detail, string PreviousHash, string Hash);

/// <summary>Searches the audit log, newest first, a page at a time (keyset: pass <see cref="Result.NextBefore"/> as
/// <see cref="Request.Before"/>). The search is itself recorded (LED art. 25: the log holds personal data, and reading it
/// is a consultation); the results stop just before that record.</summary>
public static class SearchAuditLog
{
    public const int MaxLimit = 500;

    public sealed record Request(Reader Reader, AuditFilter Filter, long? Before = null, int Limit = 50);

    /// <summary><see cref="NextBefore"/> is null on the last page.</summary>
    public sealed record Result(IReadOnlyList<AuditEntryRow> Entries, long? NextBefore, long RecordedAs);

    public sealed class Handler(WaterlineDbContext db, AuditLog log)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var limit = Math.Clamp(request.Limit, 1, MaxLimit);
            var own = await log.AppendAsync(db, AuditRecord.By(request.Reader, AuditAction.Consultation, "audit_log",
                detail: request.Filter.Describe()), ct);
            var before = Math.Min(request.Before ?? long.MaxValue, own.Sequence);
            var rows = await Project(request.Filter.Apply(db.Set<AuditEntry>().AsNoTracking())
                    .Where(e => e.Sequence < before)
                    .OrderByDescending(e => e.Sequence)
                    .Take(limit + 1))
                .ToListAsync(ct);
            var next = rows.Count > limit ? rows[limit - 1].Sequence : (long?)null;
            return new Result(rows.Count > limit ? rows[..limit] : rows, next, own.Sequence);
        }
    }

    internal static IQueryable<AuditEntryRow> Project(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new AuditEntryRow(e.Sequence, e.OccurredAt, e.Actor, e.Organisation, e.Action, e.What, e.Purpose,
                e.Recipient, e.Detail, e.PreviousHash, e.Hash));
}
