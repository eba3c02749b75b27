using System.Diagnostics;
using System.Globalization;
using Waterline.Picture;
using Waterline.Storage;

namespace Waterline.Tests.Picture;

// Runs the real CLI executable from its own build output (same configuration as the tests) against a real database.
public sealed class PictureExportCommandTests
{
    internal static string CliExecutable()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
        var root = testBin;
        while (!File.Exists(Path.Combine(root.FullName, "Waterline.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Waterline.slnx not found above " + AppContext.BaseDirectory);
        }
        return Path.Combine(root.FullName, "src", "Waterline.Cli", "bin", configuration, framework,
            OperatingSystem.IsWindows() ? "Waterline.Cli.exe" : "Waterline.Cli");
    }

    internal static async Task<(int Exit, string Output, string Error)> WaterlineAsync(params string[] args)
    {
        var start = new ProcessStartInfo(CliExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment.Remove("ConnectionStrings__Waterline");
        start.Environment.Remove("Database__Provider");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_export_writes_the_same_csv_as_the_dashboard_query_gives(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await PictureDataset.WriteAsync(db);
        }
        var file = Path.Combine(Path.GetTempPath(), $"waterline-picture-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, output, error) = await WaterlineAsync("picture-export", "--connection", test.Settings.ConnectionString,
                "--query", "?measure=plants&group=country%2Cregion&sort=value&dir=desc", "--output", file);
            Assert.True(exit == 0, error);
            Assert.Contains("2 rows (plants)", output, StringComparison.Ordinal);

            // Hand-computed from PictureDataset: Limburg (BE) 1000 plants, North Brabant (NL) 300 + 150; the plantations
            // come from BE-FEDPOL and NL-POLITIE, all TLP:CLEAR and H0, which the first line carries.
            Assert.Equal(["# Waterline export: TLP:CLEAR; handling H0; sources BE-FEDPOL NL-POLITIE",
                "country,region_code,region_name,plants", "BE,70000,Limburg,1000", "NL,PV30,North Brabant,450"],
                await File.ReadAllLinesAsync(file));

            // And it is exactly what the export use case writes for the same query.
            await using var read = test.NewContext();
            using var expected = new StringWriter(CultureInfo.InvariantCulture);
            var parsed = PictureQuery.Parse("measure=plants&group=country,region&sort=value&dir=desc");
            await new ExportMarketPicture.Handler(read).HandleAsync(new ExportMarketPicture.Request(parsed.Request!), expected, CancellationToken.None);
            Assert.Equal(expected.ToString(), await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_bad_query_is_refused_naming_the_parameter_before_the_database_is_opened()
    {
        var (exit, _, error) = await WaterlineAsync("picture-export", "--connection", "Data Source=/nonexistent/dir/x.db", "--query", "granularity=week");
        Assert.Equal(2, exit);
        Assert.StartsWith("--query: granularity:", error, StringComparison.Ordinal);
    }
}
