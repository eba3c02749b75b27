using Waterline.Analytics.Displacement;
using Waterline.DemoWorld.Scenarios;
using Waterline.Displacement;

namespace Waterline.Tests.DemoWorld.Scenarios;

/// <summary>Classifies a simulated world's labelled windows with <see cref="ClassifySeries"/> and compares them with the truth.</summary>
internal static class ScenarioWorlds
{
    public static TheoryData<string> Names => [.. ScenarioFile.BuiltIn];

    /// <summary>The verdict per labelled episode; the effort series goes in when <paramref name="withEffort"/>.</summary>
    public static (ScenarioEpisode Episode, DisplacementClassification Verdict)[] Classify(SimulatedWorld world, bool withEffort)
    {
        var episodes = world.Scenario.Episodes ?? [];
        var windows = episodes.Select(e => (Period(e.From), Period(e.To))).ToArray();
        var result = ClassifySeries.Handle(new ClassifySeries.Request(world.Series(), withEffort ? world.EffortSeries() : null, windows, null));
        return [.. episodes.Select((e, i) => (e, result.Windows[i].Classification))];
    }

    public static SeriesPeriod Period(string text) => SeriesPeriod.TryParse(text, out var p) ? p : throw new FormatException(text);

    public static string ClassName(DisplacementClass c) => c == DisplacementClass.CannotTell ? "cannot-tell" : c.ToString().ToLowerInvariant();

    /// <summary>The class and, for a shift, expansion or contraction, the areas: a shift from and to exactly the labelled
    /// areas, an expansion placed in exactly the labelled areas, a contraction in exactly the labelled areas.</summary>
    public static bool AsPlanted(ScenarioEpisode truth, DisplacementClassification verdict)
    {
        if (ClassName(verdict.Class) != truth.Class)
            return false;
        static bool Same(string[] a, string[]? b) => a.Order().SequenceEqual((b ?? []).Order());
        return truth.Class switch
        {
            "shift" => Same(verdict.From, truth.FromAreas) && Same(verdict.To, truth.ToAreas),
            "expansion" => Same(verdict.To, truth.ToAreas),
            "contraction" => Same(verdict.From, truth.FromAreas),
            _ => true,
        };
    }
}
