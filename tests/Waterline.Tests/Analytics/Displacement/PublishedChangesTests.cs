using Waterline.Analytics.Displacement;

namespace Waterline.Tests.Analytics.Displacement;

/// <summary>The changes the literature reads in the three real series, found by the library.</summary>
public class PublishedChangesTests
{
    [Fact]
    public void Pettitt_and_cusum_put_the_Nile_change_after_1898_and_the_flow_falls()
    {
        // Cobb (1978) dates the fall to 1898 (Aswan dam works; a shift in rainfall); Pettitt's test on datasets::Nile is the
        // textbook example (e.g. R trend::pettitt.test, which prints K = 28, i.e. 1898 as the last year of the old level).
        var nile = TrendSeries.Nile;
        var pettitt = Pettitt.Test(nile);
        Assert.Equal(1898, 1871 + pettitt.LastIndexBefore);
        Assert.True(pettitt.PValue < 1e-6);
        Assert.True(pettitt.MeanAfter < pettitt.MeanBefore);
        var cusum = Cusum.Test(nile, permutations: 999, seed: 7);
        Assert.Equal(1898, 1871 + cusum.LastIndexBefore);
        Assert.Equal(0.001, cusum.PValue);
        Assert.True(MannKendall.Test(nile).Z < -3);
    }

    [Fact]
    public void Poisson_scan_finds_the_coal_disaster_rate_falling_after_1891()
    {
        // Jarrett (1979); Carlin, Gelfand and Smith (1992) place the change at 1891 with rates about 3.1 and 0.9 per year.
        // Independent check: rates and split recomputed with scipy.stats.poisson.logpmf in scripts/reference/trend_reference.py.
        var scan = PoissonChangePoint.Scan(TrendSeries.Coal, permutations: 999, seed: 3);
        Assert.Equal(1891, 1851 + scan.LastIndexBefore);
        Assert.Equal(127.0 / 41, scan.RateBefore, 1e-12);
        Assert.Equal(64.0 / 71, scan.RateAfter, 1e-12);
        Assert.Equal(0.001, scan.PValue);
        var trend = CountTrend.Fit(TrendSeries.Coal);
        Assert.True(trend.Poisson.Upper < 0);
        // 1851 to 1891 holds 127 disasters, 1892 to 1962 holds 64: summed from the CSV by hand-checkable arithmetic.
        Assert.Equal(127, TrendSeries.Coal[..41].Sum());
        Assert.Equal(64, TrendSeries.Coal[41..].Sum());
    }

    [Fact]
    public void Drivers_killed_fall_from_February_1983_once_the_months_are_adjusted()
    {
        // Harvey and Durbin (1986): the seat-belt law of 31 January 1983 cut car drivers killed. In the window January 1977 to
        // December 1984 (after the 1974-75 fall that dominates the whole series), the seasonally adjusted series changes after
        // January 1983 (index 72 of the window), by Pettitt and by CUSUM, and downwards.
        var window = TrendSeries.Drivers[TrendSeries.DriversWindowStart..];
        var adjusted = SeasonalAdjustment.RemoveSeasonMeans(window, 12);
        var pettitt = Pettitt.Test(adjusted);
        Assert.Equal(72, pettitt.LastIndexBefore);
        Assert.True(pettitt.PValue < 0.001);
        Assert.True(pettitt.MeanAfter < pettitt.MeanBefore - 15);
        var cusum = Cusum.Test(adjusted, permutations: 999, seed: 11);
        Assert.Equal(72, cusum.LastIndexBefore);
        Assert.True(cusum.PValue < 0.01);
        var scan = PoissonChangePoint.Scan(window, permutations: 999, seed: 5);
        Assert.Equal(72, scan.LastIndexBefore);
        Assert.True(scan.RateAfter < scan.RateBefore);
        // Over the whole series 1969-1984 the largest change is the 1974-75 fall (last month before: January 1975).
        Assert.Equal(72, Pettitt.Test(SeasonalAdjustment.RemoveSeasonMeans(TrendSeries.Drivers, 12)).LastIndexBefore);
    }

    [Fact]
    public void Seasonal_adjustment_removes_the_month_pattern_and_keeps_the_level()
    {
        var drivers = TrendSeries.Drivers;
        var adjusted = SeasonalAdjustment.RemoveSeasonMeans(drivers, 12);
        Assert.Equal(drivers.Average(), adjusted.Average(), 1e-9);
        for (var month = 0; month < 12; month++)
            Assert.Equal(drivers.Average(), adjusted.Where((_, i) => i % 12 == month).Average(), 1e-9);
        // December is the deadliest month in the raw series; adjusted, its mean equals the others'.
        Assert.True(drivers.Where((_, i) => i % 12 == 11).Average() > drivers.Average() + 10);
    }
}
