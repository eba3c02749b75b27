using System.CommandLine;
using System.Globalization;
using Waterline.DemoWorld;

namespace Waterline.Cli.DemoWorld;

/// <summary>waterline demo: seeds the database with the demo world (see src/Waterline/DemoWorld/README.md).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and scale give the same world.", DefaultValueFactory = _ => 20240101 };
        var scale = new Option<double>("--scale") { Description = "Multiplies the number of records (1.0 = realistic); tonnages stay as published.", DefaultValueFactory = _ => 1.0 };
        var from = new Option<int>("--from") { Description = $"First year ({GenerateDemoWorld.FirstCoveredYear}-{GenerateDemoWorld.LastCoveredYear}).", DefaultValueFactory = _ => 2015 };
        var to = new Option<int>("--to") { Description = $"Last year ({GenerateDemoWorld.FirstCoveredYear}-{GenerateDemoWorld.LastCoveredYear}).", DefaultValueFactory = _ => 2024 };
        var command = new Command("demo", "Seed the database with the demo world: Belgian and Dutch observations following the public figures.") { seed, scale, from, to };
        command.SetAction(async (parse, ct) =>
        {
            var request = new GenerateDemoWorld.Request(parse.GetValue(seed), parse.GetValue(scale), parse.GetValue(from), parse.GetValue(to));
            if (request.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            var lastYear = 0;
            var progress = new InlineProgress<DemoWorldProgress>(p =>
            {
                if (p.Year != lastYear)
                {
                    lastYear = p.Year;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Written,8:N0} written, now at {p.Year} ({p.Kind})"));
                }
            });
            var result = await new GenerateDemoWorld.Handler(db).HandleAsync(request, progress, ct);
            if (result.AlreadySeeded)
            {
                await Console.Error.WriteLineAsync("The database already holds demo observations (external ids 'demo-...'); nothing was added. " +
                    "Use a fresh database (--connection) to seed another world.");
                return 1;
            }
            // The planted dark number of the estimation page (2025, outside the default years).
            var darkNumber = await DemoDarkNumber.WriteAsync(db, request.Seed, ct);
            foreach (var (kind, count) in result.CountsByKind)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-22} {count,8:N0}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demo world seeded: {result.Total:N0} observations in {result.Elapsed.TotalSeconds:F1} s ({db.Provider})."));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dark-number scenario: {darkNumber.Reports:N0} reports of {darkNumber.Plantations:N0} planted plantations."));
            return 0;
        });
        return command;
    }
}
