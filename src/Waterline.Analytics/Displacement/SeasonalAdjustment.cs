namespace Waterline.Analytics.Displacement;

/// <summary>Seasonal adjustment ahead of change detection.</summary>
public static class SeasonalAdjustment
{
    /// <summary>Subtracts from each value the mean of its season over the whole series (season of index i is i mod period), and
    /// adds back the overall mean so the level stays in the original units: the additive seasonal-means adjustment (a dummy
    /// regression on season; Harvey 1989, section 2.2). Chosen over a moving-average (X-11/STL-style) decomposition because a
    /// centred moving average spreads a step across a year and its seasonal estimate absorbs part of the step near the break;
    /// season means move every month by the same amount, so a level shift is kept whole. The cost: a trend in the seasonal
    /// pattern is not followed. NaN values stay NaN and are left out of the means.</summary>
    public static double[] RemoveSeasonMeans(ReadOnlySpan<double> values, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        var sums = new double[period];
        var counts = new int[period];
        double total = 0;
        var present = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
                continue;
            sums[i % period] += values[i];
            counts[i % period]++;
            total += values[i];
            present++;
        }
        var overall = present == 0 ? 0 : total / present;
        var adjusted = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
            adjusted[i] = values[i] - sums[i % period] / counts[i % period] + overall;
        return adjusted;
    }
}
