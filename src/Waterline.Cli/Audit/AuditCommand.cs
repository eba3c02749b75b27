using System.CommandLine;
using System.Text;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Storage;

namespace Waterline.Cli.Audit;

/// <summary><c>waterline audit verify [--anchor SEQ:HASH]...</c>: exit code 0 when the chain holds, 1 naming the first
/// broken entry when not, 2 for bad arguments. <c>waterline audit export FILE [filters]</c>: the selected entries as CSV;
/// the export is itself recorded in the log.</summary>
public static class AuditCommand
{
    public const int Intact = 0;
    public const int Broken = 1;
    public const int BadArguments = 2;

    public static Command Create()
    {
        var command = new Command("audit", "Check or export the append-only audit log.");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateVerify()
    {
        var anchors = new Option<string[]>("--anchor")
        {
            Description = "SEQUENCE:HASH printed by an earlier verify and kept outside the database; repeat for several.",
        };
        var command = new Command("verify", "Recompute the audit log's hash chain; exit code 0 when it holds, 1 naming the first broken entry.")
        {
            anchors,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            return await VerifyAsync(db, parse.GetValue(anchors) ?? [], Console.Out, Console.Error, ct);
        });
        return command;
    }

    /// <summary>The verify command's work, callable in-process (tests) on any database.</summary>
    public static async Task<int> VerifyAsync(WaterlineDbContext db, IReadOnlyList<string> anchorTexts, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        var anchors = new List<AuditAnchor>();
        foreach (var text in anchorTexts)
        {
            if (!AuditAnchor.TryParse(text, out var anchor))
            {
                await stderr.WriteLineAsync($"--anchor: '{text}' is not SEQUENCE:HASH (a number, a colon and 64 hex digits).");
                return BadArguments;
            }
            anchors.Add(anchor!);
        }
        var result = await new VerifyAuditChain.Handler(db).HandleAsync(new VerifyAuditChain.Request(anchors), ct);
        if (result.FirstBreak is { } broken)
        {
            await stderr.WriteLineAsync($"Audit chain BROKEN at entry #{broken.Sequence} ({broken.Kind}): {broken.Explanation}");
            await stderr.WriteLineAsync(result.HeadSequence is { } last
                ? $"{result.Verified:N0} entries before it verify (last sound entry #{last}, hash {result.HeadHash})."
                : "No entry before it verifies.");
            return Broken;
        }
        await stdout.WriteLineAsync(result.HeadSequence is { } head
            ? $"Audit chain intact: {result.Verified:N0} entries verified. Head: {head}:{result.HeadHash} (keep it elsewhere; pass it as --anchor later)."
            : "Audit log is empty: nothing to verify.");
        return Intact;
    }

    private static Command CreateExport()
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file to write." };
        var from = new Option<string?>("--from") { Description = "From this time (inclusive), ISO 8601; UTC unless an offset is given." };
        var to = new Option<string?>("--to") { Description = "Up to this time (exclusive), ISO 8601; UTC unless an offset is given." };
        var actor = new Option<string?>("--actor") { Description = "Only this account." };
        var organisation = new Option<string?>("--organisation") { Description = "Only this organisation (code)." };
        var action = new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", Enum.GetNames<AuditAction>())}." };
        var what = new Option<string?>("--what") { Description = "Only entries whose target contains this text (case ignored)." };
        var purposeContains = new Option<string?>("--purpose-contains") { Description = "Only entries whose purpose contains this text (case ignored)." };
        var purpose = new Option<string?>("--purpose") { Description = "Why you export (recorded with the export)." };
        var recipient = new Option<string?>("--recipient") { Description = "Who receives the file, e.g. the supervisory body (recorded with the export)." };
        var command = new Command("export", "Export audit entries as CSV in sequence order; the export itself is recorded in the log.")
        {
            file, from, to, actor, organisation, action, what, purposeContains, purpose, recipient,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new Dictionary<string, Option<string?>>
            {
                ["from"] = from, ["to"] = to, ["actor"] = actor, ["organisation"] = organisation, ["action"] = action, ["what"] = what,
                ["purposeContains"] = purposeContains,
            };
            var filter = AuditFilter.TryParse(name => parse.GetValue(options[name]), out var field, out var reason);
            if (filter is null)
            {
                await Console.Error.WriteLineAsync($"{options[field!].Name}: {reason}");
                return BadArguments;
            }
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            var reader = new Reader($"cli:{Environment.UserName}", Reader.System.Organisation, Role.Administrator, parse.GetValue(purpose));
            var path = parse.GetValue(file)!.FullName;
            await using var output = new StreamWriter(path, false, new UTF8Encoding(false));
            var result = await new ExportAuditLog.Handler(db, new AuditLog(TimeProvider.System))
                .HandleAsync(new ExportAuditLog.Request(reader, filter, parse.GetValue(recipient)), output, ct);
            Console.WriteLine($"{result.Rows:N0} audit entries written to {path} (the export is recorded as entry #{result.RecordedAs}).");
            return 0;
        });
        return command;
    }
}
