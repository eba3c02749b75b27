using Microsoft.EntityFrameworkCore;
using Waterline.Cli.Intake;
using Waterline.Storage;

namespace Waterline.Tests.Intake;

/// <summary>The CLI command's work on a temporary SQLite database, with the sample files shipped in samples/.</summary>
public sealed class ImportCommandTests
{
    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException(name);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(TestDatabase test, string path, string kind = "seizure")
    {
        await using var db = test.NewContext();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ImportCommand.RunAsync(db, path, kind, null, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Importing_a_clean_file_exits_0_and_again_adds_nothing()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var first = await RunAsync(test, Sample("seizures.csv"));
        Assert.Equal(ImportCommand.AllAccepted, first.Exit);
        // samples/seizures.csv holds five valid rows.
        Assert.Contains("accepted: 5\n", first.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("read 5 rows", first.Err, StringComparison.Ordinal);

        var second = await RunAsync(test, Sample("seizures.csv"));
        Assert.Equal(ImportCommand.AllAccepted, second.Exit);
        Assert.Contains("already present: 5", second.Out, StringComparison.Ordinal);
        await using var db = test.NewContext();
        Assert.Equal(5, await db.Observations.CountAsync());
    }

    [Fact]
    public async Task Rejected_rows_are_listed_and_exit_1()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (exit, output, _) = await RunAsync(test, Sample("seizures-with-errors.csv"));
        Assert.Equal(ImportCommand.SomeRejected, exit);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("accepted: 1", lines);
        Assert.Contains("rejected: 5", lines);
        Assert.Contains("row 2, field market: 'cocaïne2' is not a market; expected one of cannabis, synthetic-drugs, cocaine, " +
            "heroin-opioids, new-psychoactive-substances, other", lines);
    }

    [Fact]
    public async Task A_refused_file_or_an_unknown_kind_exits_2()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(Path.GetTempPath(), $"waterline-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "external_id,wrong\nx,y\n");
        try
        {
            var refused = await RunAsync(test, file);
            Assert.Equal(ImportCommand.FileFailed, refused.Exit);
            Assert.Contains("Unknown column 'wrong'", refused.Err, StringComparison.Ordinal);
            var unknownKind = await RunAsync(test, Sample("seizures.csv"), "seizures");
            Assert.Equal(ImportCommand.FileFailed, unknownKind.Exit);
            Assert.Contains("--kind: 'seizures' is not a kind", unknownKind.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
