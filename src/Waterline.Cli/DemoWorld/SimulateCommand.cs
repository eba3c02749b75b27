using System.CommandLine;
using Waterline.DemoWorld.Scenarios;

namespace Waterline.Cli.DemoWorld;

/// <summary><c>waterline simulate --scenario NAME|FILE --seed N --output DIR</c>: draws a world with known truth and writes the
/// observed series, the effort, the capture histories, the intake CSV and truth.json (src/Waterline/DemoWorld/README.md,
/// "Scenarios with known truth"). <c>--list</c> prints the built-in scenarios. Exit code 2 when the scenario is refused.</summary>
public static class SimulateCommand
{
    public const int Refused = 2;

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = "A built-in scenario name (see --list) or a scenario JSON file." };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same scenario and seed give the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Directory to write the files into (created if missing)." };
        var list = new Option<bool>("--list") { Description = "List the built-in scenarios and stop." };
        var command = new Command("simulate", "Simulate a drug market with known truth from a scenario file (shift, expansion, waterbed).");
        foreach (var option in new Option[] { scenario, seed, output, list })
            command.Options.Add(option);
        command.SetAction(parse => Run(parse.GetValue(scenario), parse.GetValue(seed), parse.GetValue(output)?.FullName,
            parse.GetValue(list), Console.Out, Console.Error));
        return command;
    }

    /// <summary>The command's work, callable in-process (tests).</summary>
    public static int Run(string? scenarioName, int seed, string? outputDirectory, bool list, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (list)
        {
            foreach (var name in ScenarioFile.BuiltIn)
                stdout.WriteLine($"{name,-34} {ScenarioFile.Load(name).Title}");
            return 0;
        }
        if (scenarioName is null || outputDirectory is null)
        {
            stderr.WriteLine("--scenario and --output are required (or --list).");
            return Refused;
        }
        Scenario scenario;
        try
        {
            scenario = ScenarioFile.Load(scenarioName);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            stderr.WriteLine(e.Message);
            return Refused;
        }
        var world = ScenarioSimulator.Simulate(scenario, seed);
        var files = ScenarioOutput.Write(world, outputDirectory);
        stdout.WriteLine($"{scenario.Name}, seed {seed}: {world.Areas.Length} areas x {world.Periods.Length} periods, " +
            $"{world.TrueSize.Sum(a => a.Sum())} true units, {world.Observed.Sum(a => a.Sum())} observed by {scenario.EffortSource.Name}");
        stdout.WriteLine($"wrote {files.Count} files to {outputDirectory} (series.csv, effort.csv, captures/, observations.csv, truth.json)");
        stdout.WriteLine($"import with: waterline import {Path.Combine(outputDirectory, ScenarioOutput.ObservationsFileName)} --kind {scenario.Observation.Kind}");
        return 0;
    }
}
