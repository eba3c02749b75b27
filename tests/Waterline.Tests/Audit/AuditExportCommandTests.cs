using Microsoft.EntityFrameworkCore;
using Waterline.Audit;
using Waterline.Storage;
using Waterline.Tests.Picture;
using static Waterline.Tests.Audit.AuditTesting;

namespace Waterline.Tests.Audit;

// Runs the real CLI executable (as PictureExportCommandTests does) against a real SQLite file.
public sealed class AuditExportCommandTests
{
    [Fact]
    public async Task The_cli_exports_the_filtered_entries_and_records_the_export_with_purpose_and_recipient()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AppendManyAsync(test, 3);
        await using (var db = test.NewContext())
        {
            await new AuditLog(TimeProvider.System).AppendAsync(db, Record(4, actor: "dirk.smit", action: AuditAction.Erasure), CancellationToken.None);
        }
        var file = Path.Combine(Path.GetTempPath(), $"waterline-audit-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, output, error) = await PictureExportCommandTests.WaterlineAsync("audit", "export", file, "--connection", test.Settings.ConnectionString,
                "--actor", "anna.peeters", "--from", "2000-01-01", "--purpose", "COC request 2026-14", "--recipient", "COC");
            Assert.True(exit == 0, error);
            Assert.Contains("3 audit entries written", output, StringComparison.Ordinal);
            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(4, lines.Length);
            Assert.All(lines.Skip(1), l => Assert.Contains(",anna.peeters,", l, StringComparison.Ordinal));

            await using var db = test.NewContext();
            var export = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 5);
            Assert.Equal((AuditAction.Export, "COC request 2026-14", "COC"), (export.Action, export.Purpose, export.Recipient));
            Assert.StartsWith("cli:", export.Actor, StringComparison.Ordinal);

            var verify = await PictureExportCommandTests.WaterlineAsync("audit", "verify", "--connection", test.Settings.ConnectionString);
            Assert.Equal(0, verify.Exit);
            Assert.StartsWith("Audit chain intact: 5 entries verified.", verify.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_bad_filter_option_is_refused_by_name_before_the_database_is_opened()
    {
        var (exit, _, error) = await PictureExportCommandTests.WaterlineAsync("audit", "export", "x.csv", "--connection", "Data Source=/nonexistent/dir/x.db",
            "--action", "Delete");
        Assert.Equal(2, exit);
        Assert.StartsWith("--action: 'Delete' is not one of", error, StringComparison.Ordinal);
    }
}
