using MathNet.Numerics.Distributions;

namespace Waterline.Analytics.Displacement;

/// <summary>Sen's slope with its rank-based interval.</summary>
/// <remarks><para>Slope: the median of the pairwise slopes, in value units per time unit (per step when no times are given,
/// per cycle for the seasonal estimator).</para>
/// <para>Lower, Upper: the slopes of ranks round((N − C)/2) and round((N + C)/2) + 1 among the N sorted pairwise slopes,
/// C = z₁₋α/₂ √var(S) (Gilbert 1987, section 16.5; rounded half to even as R's trend::sens.slope), clamped to 1..N.</para>
/// <para>Intercept: median of yᵢ − Slope·tᵢ (Conover 1980), so the line is Intercept + Slope·t.</para></remarks>
public sealed record SenSlopeResult(double Slope, double Lower, double Upper, double Intercept, int PairCount);

public static class SenSlope
{
    /// <summary>Sen (1968): the median of (yⱼ − yᵢ)/(tⱼ − tᵢ) over pairs i &lt; j. <paramref name="times"/> default to 0, 1, …;
    /// they must increase strictly. NaN values are dropped with their times. The interval uses var(S) of
    /// <see cref="MannKendall.Test"/> on the same values.</summary>
    public static SenSlopeResult Estimate(ReadOnlySpan<double> values, ReadOnlySpan<double> times = default, double confidence = 0.95)
    {
        var (y, t) = Pairs(values, times);
        var slopes = PairwiseSlopes(y, t);
        var variance = MannKendall.Test(y).VarianceS;
        return Summarise(slopes, variance, confidence, y, t);
    }

    /// <summary>The seasonal Kendall slope estimator of Hirsch, Slack and Smith (1982): pairwise slopes within each season
    /// (between the same month of different years), pooled, and their median; per cycle (per year for monthly data). The
    /// interval uses var(S) of <see cref="MannKendall.SeasonalTest"/>. Intercept: median of y − Slope·cycle over all values.</summary>
    public static SenSlopeResult Seasonal(ReadOnlySpan<double> values, int period, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        var slopes = new List<double>();
        var allY = new List<double>();
        var allT = new List<double>();
        for (var season = 0; season < period; season++)
        {
            var raw = MannKendall.Season(values, period, season);
            var cycles = new double[raw.Length];
            for (var k = 0; k < raw.Length; k++)
                cycles[k] = k;
            var (y, t) = Pairs(raw, cycles);
            slopes.AddRange(PairwiseSlopes(y, t));
            allY.AddRange(y);
            allT.AddRange(t);
        }
        var variance = MannKendall.SeasonalTest(values, period).VarianceS;
        return Summarise([.. slopes], variance, confidence, [.. allY], [.. allT]);
    }

    private static SenSlopeResult Summarise(double[] slopes, double variance, double confidence, double[] y, double[] t)
    {
        if (slopes.Length == 0)
            throw new ArgumentException("Sen's slope needs at least two observations.");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), "Confidence lies strictly between 0 and 1.");
        Array.Sort(slopes);
        var n = slopes.Length;
        var c = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2) * Math.Sqrt(variance);
        var lowerRank = (int)Math.Clamp(Math.Round((n - c) / 2), 1, n);
        var upperRank = (int)Math.Clamp(Math.Round((n + c) / 2) + 1, 1, n);
        var slope = Median(slopes);
        var residuals = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
            residuals[i] = y[i] - slope * t[i];
        Array.Sort(residuals);
        return new SenSlopeResult(slope, slopes[lowerRank - 1], slopes[upperRank - 1], Median(residuals), n);
    }

    private static double[] PairwiseSlopes(double[] y, double[] t)
    {
        var slopes = new double[y.Length * (y.Length - 1) / 2];
        var k = 0;
        for (var i = 0; i < y.Length - 1; i++)
            for (var j = i + 1; j < y.Length; j++)
                slopes[k++] = (y[j] - y[i]) / (t[j] - t[i]);
        return slopes;
    }

    private static (double[] Y, double[] T) Pairs(ReadOnlySpan<double> values, ReadOnlySpan<double> times)
    {
        if (!times.IsEmpty && times.Length != values.Length)
            throw new ArgumentException("One time per value.", nameof(times));
        var y = new List<double>(values.Length);
        var t = new List<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
                continue;
            var time = times.IsEmpty ? i : times[i];
            if (t.Count > 0 && !(time > t[^1]))
                throw new ArgumentException("Times must increase strictly.", nameof(times));
            y.Add(values[i]);
            t.Add(time);
        }
        return ([.. y], [.. t]);
    }

    /// <summary>The median of sorted values (mean of the two middle ones for an even count).</summary>
    internal static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
