using MathNet.Numerics.Distributions;
using Waterline.Analytics.Displacement;
using Xunit.Abstractions;

namespace Waterline.Tests.Analytics.Displacement;

/// <summary>Seeded synthetic series with a planted trend or change (the generator's truth), and flat series where every test
/// must reject no more often than its nominal 5 % (200 runs: at most 20 rejections, a binomial tail of about 0.002).</summary>
public class PlantedSeriesTests(ITestOutputHelper output)
{
    private const int Runs = 200;
    private const int MaxFalseAlarms = 20;

    private static double[] Gaussian(int seed, int n, Func<int, double> mean, double sd = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => mean(i) + sd * Normal.Sample(random, 0, 1))];
    }

    private static double[] Counts(int seed, int n, Func<int, double> rate)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => (double)Poisson.Sample(random, rate(i)))];
    }

    [Fact]
    public void Mann_Kendall_and_Sen_find_a_planted_linear_trend_and_bracket_its_slope()
    {
        var covered = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var y = Gaussian(seed, 50, i => 10 + 0.1 * i);
            Assert.True(MannKendall.Test(y).PValue < 0.05, $"seed {seed}");
            var sen = SenSlope.Estimate(y);
            if (sen.Lower <= 0.1 && 0.1 <= sen.Upper)
                covered++;
        }
        // The 95 % interval covers the planted slope in about 95 % of runs.
        output.WriteLine($"Sen interval covers 0.1 in {covered} of {Runs}");
        Assert.InRange(covered, 180, 200);
    }

    [Fact]
    public void Seasonal_Mann_Kendall_finds_a_trend_under_a_strong_month_pattern_and_its_slope_is_per_year()
    {
        var pattern = new[] { 5.0, 3, 0, -2, -4, -5, -4, -2, 0, 2, 4, 6 };
        var y = Gaussian(42, 120, i => 50 + pattern[i % 12] * 3 + 0.05 * i);
        Assert.True(MannKendall.SeasonalTest(y, 12).PValue < 0.001);
        var slope = SenSlope.Seasonal(y, 12);
        // 0.05 per month is 0.6 per year.
        Assert.InRange(0.6, slope.Lower, slope.Upper);
    }

    [Fact]
    public void Trend_tests_on_flat_series_reject_within_the_nominal_rate()
    {
        int mk = 0, seasonal = 0, pettitt = 0, cusum = 0, scan = 0, poisson = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var y = Gaussian(1000 + seed, 60, _ => 0);
            mk += MannKendall.Test(y).PValue < 0.05 ? 1 : 0;
            seasonal += MannKendall.SeasonalTest(Gaussian(5000 + seed, 72, _ => 0), 12).PValue < 0.05 ? 1 : 0;
            pettitt += Pettitt.Test(y).PValue < 0.05 ? 1 : 0;
            cusum += Cusum.Test(y, permutations: 199, seed: seed).PValue < 0.05 ? 1 : 0;
            var counts = Counts(3000 + seed, 60, _ => 4);
            scan += PoissonChangePoint.Scan(counts, permutations: 199, seed: seed).PValue < 0.05 ? 1 : 0;
            poisson += CountTrend.Fit(counts).Poisson.Upper < 0 || CountTrend.Fit(counts).Poisson.Lower > 0 ? 1 : 0;
        }
        output.WriteLine($"false alarms of {Runs}: MK {mk}, seasonal MK {seasonal}, Pettitt {pettitt}, CUSUM {cusum}, scan {scan}, Poisson slope {poisson}");
        Assert.True(mk <= MaxFalseAlarms, $"Mann-Kendall {mk}");
        Assert.True(seasonal <= MaxFalseAlarms, $"seasonal Mann-Kendall {seasonal}");
        Assert.True(pettitt <= MaxFalseAlarms, $"Pettitt {pettitt}");
        Assert.True(cusum <= MaxFalseAlarms, $"CUSUM {cusum}");
        Assert.True(scan <= MaxFalseAlarms, $"Poisson scan {scan}");
        Assert.True(poisson <= MaxFalseAlarms, $"Poisson slope {poisson}");
    }

    [Fact]
    public void Change_tests_find_a_planted_step_near_where_it_was_planted()
    {
        int pettittNear = 0, cusumNear = 0, scanNear = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            // Step down by 1.5 SD after index 29.
            var y = Gaussian(2000 + seed, 60, i => i < 30 ? 1.5 : 0);
            var pettitt = Pettitt.Test(y);
            pettittNear += pettitt.PValue < 0.05 && Math.Abs(pettitt.LastIndexBefore - 29) <= 3 ? 1 : 0;
            var cusum = Cusum.Test(y, permutations: 199, seed: seed);
            cusumNear += cusum.PValue < 0.05 && Math.Abs(cusum.LastIndexBefore - 29) <= 3 ? 1 : 0;
            // Rate 6 then 3 after index 39.
            var scan = PoissonChangePoint.Scan(Counts(4000 + seed, 60, i => i < 40 ? 6 : 3), permutations: 199, seed: seed);
            scanNear += scan.PValue < 0.05 && Math.Abs(scan.LastIndexBefore - 39) <= 3 ? 1 : 0;
        }
        output.WriteLine($"found within 3 of {Runs}: Pettitt {pettittNear}, CUSUM {cusumNear}, scan {scanNear}");
        Assert.True(pettittNear >= 175, $"Pettitt {pettittNear}");
        Assert.True(cusumNear >= 175, $"CUSUM {cusumNear}");
        Assert.True(scanNear >= 170, $"scan {scanNear}");
    }

    [Fact]
    public void Negative_binomial_fit_recovers_a_planted_slope_and_dispersion_where_Poisson_is_overconfident()
    {
        // NB2 with α = 0.3: a gamma-mixed Poisson, mean exp(2 − 0.01 t).
        int nbCovers = 0, poissonCovers = 0, flagged = 0;
        var alphas = new List<double>();
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(6000 + seed);
            var y = Enumerable.Range(0, 100).Select(t =>
            {
                var mu = Math.Exp(2 - 0.01 * t);
                return (double)Poisson.Sample(random, Gamma.Sample(random, 1 / 0.3, 1 / (0.3 * mu)));
            }).ToArray();
            var fit = CountTrend.Fit(y);
            Assert.True(fit.NegativeBinomial.Converged, $"seed {seed}");
            nbCovers += fit.NegativeBinomial.Lower <= -0.01 && -0.01 <= fit.NegativeBinomial.Upper ? 1 : 0;
            poissonCovers += fit.Poisson.Lower <= -0.01 && -0.01 <= fit.Poisson.Upper ? 1 : 0;
            flagged += fit.OverdispersionPValue < 0.05 ? 1 : 0;
            alphas.Add(fit.NegativeBinomial.Dispersion);
        }
        output.WriteLine($"NB2 covers {nbCovers}, Poisson covers {poissonCovers}, flagged {flagged}, mean alpha {alphas.Average():F4}");
        Assert.True(nbCovers >= 178, $"NB2 interval covered {nbCovers}");
        Assert.True(poissonCovers < nbCovers - 20, $"Poisson {poissonCovers} vs NB2 {nbCovers}");
        Assert.True(flagged >= 190, $"overdispersion flagged {flagged}");
        Assert.InRange(alphas.Average(), 0.25, 0.35);
    }

    [Fact]
    public void Negative_binomial_fit_on_Poisson_counts_goes_to_the_Poisson_limit()
    {
        var y = Counts(77, 80, i => Math.Exp(1.5 + 0.01 * i));
        var fit = CountTrend.Fit(y);
        Assert.True(fit.NegativeBinomial.Dispersion < 0.05);
        Assert.Equal(fit.Poisson.Slope, fit.NegativeBinomial.Slope, 2e-3);
    }
}
