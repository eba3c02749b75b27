using Waterline.Analytics.Estimation;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Estimation;

/// <summary>Worlds with planted truth: N = 600 plantations, three sources with detection probabilities 0.30, 0.25, 0.20.</summary>
public class SimulationTests(ITestOutputHelper output)
{
    private const int Plantations = 600;
    private const int Runs = 400;

    private static CaptureTable World(Random random, bool dependent)
    {
        var counts = new double[8];
        for (var i = 0; i < Plantations; i++)
        {
            var a = random.NextDouble() < 0.30;
            // Dependent world: the grid operator (B) finds 0.60 of the sites police (A) know and 0.15 of the others.
            var b = random.NextDouble() < (dependent ? (a ? 0.60 : 0.15) : 0.25);
            var c = random.NextDouble() < 0.20;
            counts[(a ? 4 : 0) | (b ? 2 : 0) | (c ? 1 : 0)]++;
        }
        return CaptureTable.FromCounts(["A", "B", "C"], counts);
    }

    private static double Coverage(bool dependent, LogLinearModel model, out double meanTotal)
    {
        var random = new Random(20240611);
        var covered = 0;
        var sum = 0.0;
        for (var run = 0; run < Runs; run++)
        {
            var fit = model.Fit(World(random, dependent));
            Assert.True(fit.HasEstimate, fit.Reason);
            sum += fit.Total;
            if (fit.Interval!.Lower <= Plantations && Plantations <= fit.Interval.Upper)
                covered++;
        }
        meanTotal = sum / Runs;
        return covered / (double)Runs;
    }

    [Fact]
    public void Profile_intervals_cover_the_planted_total_about_95_percent_of_the_time_when_the_model_is_right()
    {
        var independent = Coverage(dependent: false, LogLinearModel.Independence, out var mean);
        output.WriteLine($"independent world, independence model: coverage {independent:0.000}, mean total {mean:0.0}");
        Assert.InRange(independent, 0.92, 0.98);
        Assert.InRange(mean, 570, 630);
        var withDependence = Coverage(dependent: true, LogLinearModel.Create([0b110]), out var meanDependent);
        output.WriteLine($"dependent world, A:B model: coverage {withDependence:0.000}, mean total {meanDependent:0.0}");
        Assert.InRange(withDependence, 0.92, 0.98);
        Assert.InRange(meanDependent, 540, 700);
    }

    [Fact]
    public void The_independence_model_underestimates_when_two_sources_are_positively_dependent()
    {
        // Positive dependence inflates the A-B overlap, so independence sees too few unseen: biased low, intervals miss.
        var coverage = Coverage(dependent: true, LogLinearModel.Independence, out var mean);
        output.WriteLine($"dependent world, independence model: coverage {coverage:0.000}, mean total {mean:0.0}");
        Assert.True(coverage < 0.5, $"coverage {coverage}");
        Assert.True(mean < 0.9 * Plantations, $"mean {mean}");
    }
}
