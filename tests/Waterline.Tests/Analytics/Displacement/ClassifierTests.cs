using MathNet.Numerics.Distributions;
using Waterline.Analytics.Displacement;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Displacement;

/// <summary>Seeded synthetic two-area worlds with a planted class: counts are gamma-Poisson (NB2, α = 0.02, about 14 % extra
/// variation) around the planted mean over 12 periods; each world is classified over 100 seeds and the share that comes out as
/// planted is asserted and written to the test output (the figures in docs/displacement.md, "Classification").</summary>
public class ClassifierTests(ITestOutputHelper output)
{
    private const int Runs = 100;
    private const int Periods = 12;
    private static readonly string[] Areas = ["NL", "BE"];

    private static double[] Draw(Random random, Func<int, double> mean) =>
        [.. Enumerable.Range(0, Periods).Select(i => (double)Poisson.Sample(random, mean(i) * Gamma.Sample(random, 50, 50)))];

    private static double Line(int i, double from, double to) => from + (to - from) * i / (Periods - 1);

    private int directedToBe;

    private (int Hits, DisplacementClassification Last) Run(Func<int, double> nl, Func<int, double> be, DisplacementClass expected,
        Func<int, double>? nlEffort = null, int seedBase = 0)
    {
        var hits = 0;
        DisplacementClassification last = null!;
        var tally = new Dictionary<DisplacementClass, int>();
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seedBase + seed);
            var effort = nlEffort is null ? null : new[] { Enumerable.Range(0, Periods).Select(nlEffort).ToArray(), Enumerable.Repeat(1.0, Periods).ToArray() };
            double[][] counts = [Draw(random, i => nl(i) * (nlEffort?.Invoke(i) ?? 1)), Draw(random, be)];
            last = DisplacementClassifier.Classify(Areas, counts, effort: effort);
            tally[last.Class] = tally.GetValueOrDefault(last.Class) + 1;
            if (last.Class == expected)
                hits++;
            if (last.Class == expected && last.To.SequenceEqual(["BE"]))
                directedToBe++;
        }
        output.WriteLine($"{expected}: {hits} of {Runs} ({string.Join(", ", tally.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))})");
        return (hits, last);
    }

    [Fact]
    public void A_shift_from_NL_to_BE_with_a_constant_total_is_classified_as_a_shift_from_NL_to_BE()
    {
        var hits = 0;
        var directed = 0;
        var tally = new Dictionary<DisplacementClass, int>();
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            double[][] counts = [Draw(random, i => Line(i, 60, 30)), Draw(random, i => Line(i, 30, 60))];
            var result = DisplacementClassifier.Classify(Areas, counts);
            tally[result.Class] = tally.GetValueOrDefault(result.Class) + 1;
            if (result.Class == DisplacementClass.Shift)
            {
                hits++;
                if (result.From.SequenceEqual(["NL"]) && result.To.SequenceEqual(["BE"]))
                    directed++;
            }
        }
        output.WriteLine($"Shift: {hits} of {Runs}, direction NL to BE in {directed} ({string.Join(", ", tally.Select(p => $"{p.Key} {p.Value}"))})");
        Assert.InRange(hits, 80, Runs);
        Assert.Equal(hits, directed);
    }

    [Fact]
    public void Growth_in_BE_with_NL_flat_is_classified_as_an_expansion_in_BE()
    {
        // 84 of 100 before the gate (docs/displacement.md, "Multiplicity"): the gate trades some power here for a flat world
        // called stable 95 times in 100 instead of 78.
        var (hits, _) = Run(_ => 40, i => Line(i, 20, 50), DisplacementClass.Expansion);
        output.WriteLine($"growth placed in BE alone in {directedToBe} of {hits}");
        Assert.InRange(hits, 70, Runs);
        Assert.InRange(directedToBe, hits * 9 / 10, hits);
    }

    [Fact]
    public void A_fall_in_both_areas_is_classified_as_a_contraction()
    {
        var (hits, _) = Run(i => Line(i, 50, 25), i => Line(i, 40, 20), DisplacementClass.Contraction);
        Assert.InRange(hits, 80, Runs);
    }

    [Fact]
    public void Two_flat_areas_are_classified_as_stable()
    {
        // The gate holds the false-alarm rate near alpha = 5 % (measured 5 of 100; 22 with every test of the rule at 5 % on its own).
        var (hits, last) = Run(_ => 40, _ => 40, DisplacementClass.Stable);
        Assert.InRange(hits, 93, Runs);
        Assert.NotNull(last.AnyChange);
    }

    [Fact]
    public void A_fall_in_NL_explained_by_a_fall_in_its_effort_is_not_a_shift_once_effort_adjusted()
    {
        // True activity flat in both; NL's effort (raids) halves over the window, so its counts halve too.
        Func<int, double> effort = i => Line(i, 1, 0.5);
        var unadjusted = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            double[][] counts = [Draw(random, i => 40 * effort(i)), Draw(random, _ => 40)];
            if (DisplacementClassifier.Classify(Areas, counts).Class != DisplacementClass.Stable)
                unadjusted++;
        }
        var (stable, last) = Run(_ => 40, _ => 40, DisplacementClass.Stable, effort);
        output.WriteLine($"without the effort series: not stable in {unadjusted} of {Runs}");
        Assert.True(last.EffortAdjusted);
        Assert.InRange(unadjusted, 65, Runs);
        Assert.InRange(stable, 90, Runs);
    }

    [Fact]
    public void Every_statistic_behind_the_decision_is_returned_with_its_interval_and_p_value()
    {
        var random = new Random(1);
        double[][] counts = [Draw(random, i => Line(i, 60, 30)), Draw(random, i => Line(i, 30, 60))];
        var result = DisplacementClassifier.Classify(Areas, counts);
        Assert.NotNull(result.Total);
        Assert.Equal(0.05, result.SignificanceLevel);
        Assert.Equal(2, result.Areas.Length);
        foreach (var area in result.Areas)
        {
            Assert.InRange(area.Trend.PValue, 0, 1);
            Assert.True(area.Trend.Lower < area.Trend.Slope && area.Trend.Slope < area.Trend.Upper);
            Assert.True(area.Share.Lower < area.Share.Slope && area.Share.Slope < area.Share.Upper);
            Assert.Equal("quasi-binomial", area.Share.Model);
        }
        // Two areas: one share is the complement of the other, so the logit slopes are opposite.
        Assert.Equal(result.Areas[0].Share.Slope, -result.Areas[1].Share.Slope, 1e-9);
        Assert.Equal(1, result.Areas[0].ShareFirst + result.Areas[1].ShareFirst, 1e-12);
        Assert.Contains("share", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_periods_or_an_empty_area_cannot_be_told_and_the_reason_says_why()
    {
        var few = DisplacementClassifier.Classify(Areas, [[1, 2, 3, 4], [4, 3, 2, 1]]);
        Assert.Equal(DisplacementClass.CannotTell, few.Class);
        Assert.Contains("at least 5", few.Reason, StringComparison.Ordinal);
        var empty = DisplacementClassifier.Classify(Areas, [[0, 0, 0, 0, 0, 0], [4, 3, 2, 1, 5, 6]]);
        Assert.Equal(DisplacementClass.CannotTell, empty.Class);
        Assert.Contains("'NL' has no counts", empty.Reason, StringComparison.Ordinal);
        Assert.Null(empty.Total);
    }

    [Fact]
    public void Segmented_regression_recovers_a_planted_drop_in_level_at_the_intervention()
    {
        var covered = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            var times = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
            var counts = times.Select(t => (double)Poisson.Sample(random, t >= 12 ? 30 : 60)).ToArray();
            var fit = InterruptedTimeSeries.Segmented(counts, times, 12);
            if (fit.LevelChange.Lower <= Math.Log(0.5) && Math.Log(0.5) <= fit.LevelChange.Upper)
                covered++;
            Assert.True(fit.LevelChange.PValue < 0.05, $"seed {seed}");
        }
        output.WriteLine($"level-change interval covers log 0.5 in {covered} of {Runs}");
        Assert.InRange(covered, 85, Runs);
    }

    [Fact]
    public void Difference_in_differences_finds_the_waterbed_rise_in_the_neighbour_against_a_common_trend()
    {
        // Both areas fall 3 % a period; from period 10 the treated (neighbouring) area runs 40 % higher: the balloon pressed elsewhere.
        var hits = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            var times = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
            var treated = times.Select(t => (double)Poisson.Sample(random, 50 * Math.Exp(-0.03 * t) * (t >= 10 ? 1.4 : 1))).ToArray();
            var comparison = times.Select(t => (double)Poisson.Sample(random, 70 * Math.Exp(-0.03 * t))).ToArray();
            var did = InterruptedTimeSeries.DifferenceInDifferences(treated, comparison, times, 10);
            if (did.Effect.PValue < 0.05 && did.Effect.Lower <= Math.Log(1.4) && Math.Log(1.4) <= did.Effect.Upper)
                hits++;
        }
        output.WriteLine($"difference in differences significant and covering log 1.4 in {hits} of {Runs}");
        Assert.InRange(hits, 80, Runs);
    }

    [Fact]
    public void Calendar_years_as_times_give_the_same_verdict_and_slopes_as_indices()
    {
        // Noord-Holland and Noord-Nederland, plantations dismantled 2016-2020 (production_sites.csv): with the years uncentred
        // the NB2 fit for Noord-Holland stalled.
        double[][] counts = [[461, 357, 281, 325, 226], [488, 404, 436, 313, 246]];
        var byIndex = DisplacementClassifier.Classify(["Noord-Holland", "Noord-Nederland"], counts);
        var byYear = DisplacementClassifier.Classify(["Noord-Holland", "Noord-Nederland"], counts, [2016, 2017, 2018, 2019, 2020]);
        Assert.Equal(DisplacementClass.Contraction, byYear.Class);
        Assert.Equal(byIndex.Class, byYear.Class);
        Assert.Equal(byIndex.Total!.Slope, byYear.Total!.Slope, 1e-8);
        Assert.Equal(byIndex.Areas[0].Trend.Slope, byYear.Areas[0].Trend.Slope, 1e-8);
        Assert.Equal(byIndex.Areas[0].Share.PValue, byYear.Areas[0].Share.PValue, 1e-8);
    }
}
