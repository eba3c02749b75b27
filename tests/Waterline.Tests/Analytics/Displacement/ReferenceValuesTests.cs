using System.Text.Json;
using Waterline.Analytics.Displacement;

namespace Waterline.Tests.Analytics.Displacement;

/// <summary>The trend and change statistics on the three real series against an independent implementation: the formulas in
/// numpy 1.24.2 / scipy 1.10.1 (Kendall's τ from scipy.stats.kendalltau) and statsmodels 0.13.5 for the Poisson GLM and the NB2
/// fit, recorded by <c>/usr/bin/python3 scripts/reference/trend_reference.py &gt; tests/Waterline.Tests/Analytics/Displacement/trend_reference.json</c>.
/// Exact statistics to 1e-9 (relative), iterative fits to 1e-6.</summary>
public class ReferenceValuesTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Analytics", "Displacement", "trend_reference.json"))).RootElement;

    public static TheoryData<string> Series() => ["nile", "coal", "drivers"];

    private static double[] Values(string series) => series switch
    {
        "nile" => TrendSeries.Nile,
        "coal" => TrendSeries.Coal,
        _ => TrendSeries.Drivers,
    };

    [Theory, MemberData(nameof(Series))]
    public void Mann_Kendall_matches_the_direct_formulas_and_scipy_kendalltau(string series)
    {
        var expected = Reference.GetProperty(series).GetProperty("mk");
        var result = MannKendall.Test(Values(series));
        Exact(expected, "s", result.S);
        Exact(expected, "var", result.VarianceS);
        Exact(expected, "z", result.Z);
        Exact(expected, "p", result.PValue);
        Exact(expected, "tau", result.Tau);
        Assert.Equal(expected.GetProperty("n").GetInt32(), result.Count);
    }

    [Theory]
    [InlineData("nile")]
    [InlineData("coal")]
    public void Sen_slope_and_its_interval_match_the_direct_formulas(string series)
    {
        var expected = Reference.GetProperty(series).GetProperty("sen");
        var result = SenSlope.Estimate(Values(series));
        Exact(expected, "slope", result.Slope);
        Exact(expected, "lower", result.Lower);
        Exact(expected, "upper", result.Upper);
        Exact(expected, "intercept", result.Intercept);
        Assert.Equal(expected.GetProperty("pairs").GetInt32(), result.PairCount);
    }

    [Fact]
    public void Seasonal_Mann_Kendall_and_seasonal_Sen_slope_on_the_drivers_series_match_the_direct_formulas()
    {
        var expected = Reference.GetProperty("drivers").GetProperty("seasonal");
        var test = MannKendall.SeasonalTest(TrendSeries.Drivers, 12);
        var mk = expected.GetProperty("mk");
        Exact(mk, "s", test.S);
        Exact(mk, "var", test.VarianceS);
        Exact(mk, "z", test.Z);
        Exact(mk, "p", test.PValue);
        Exact(mk, "tau", test.Tau);
        var sen = expected.GetProperty("sen");
        var slope = SenSlope.Seasonal(TrendSeries.Drivers, 12);
        Exact(sen, "slope", slope.Slope);
        Exact(sen, "lower", slope.Lower);
        Exact(sen, "upper", slope.Upper);
        Exact(sen, "intercept", slope.Intercept);
        Assert.Equal(sen.GetProperty("pairs").GetInt32(), slope.PairCount);
    }

    [Theory]
    [InlineData("nile")]
    [InlineData("coal")]
    public void Pettitt_matches_the_direct_formula(string series)
    {
        AssertPettitt(Reference.GetProperty(series).GetProperty("pettitt"), Pettitt.Test(Values(series)));
    }

    [Fact]
    public void Pettitt_and_cusum_on_the_seasonally_adjusted_drivers_match_the_reference()
    {
        var drivers = Reference.GetProperty("drivers");
        AssertPettitt(drivers.GetProperty("pettitt_adjusted_all"), Pettitt.Test(SeasonalAdjustment.RemoveSeasonMeans(TrendSeries.Drivers, 12)));
        Assert.Equal(TrendSeries.DriversWindowStart, drivers.GetProperty("window_start_index").GetInt32());
        var window = SeasonalAdjustment.RemoveSeasonMeans(TrendSeries.Drivers.AsSpan(TrendSeries.DriversWindowStart), 12);
        var expectedWindow = drivers.GetProperty("adjusted_window").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expectedWindow.Length, window.Length);
        for (var i = 0; i < window.Length; i++)
            Assert.Equal(expectedWindow[i], window[i], 1e-9);
        AssertPettitt(drivers.GetProperty("pettitt_adjusted_window"), Pettitt.Test(window));
        var cusum = Cusum.Test(window, permutations: 0);
        Assert.Equal(drivers.GetProperty("cusum_adjusted_window").GetProperty("last_before").GetInt32(), cusum.LastIndexBefore);
        Exact(drivers.GetProperty("cusum_adjusted_window"), "range", cusum.Range);
    }

    [Fact]
    public void Cusum_on_the_Nile_matches_the_reference()
    {
        var expected = Reference.GetProperty("nile").GetProperty("cusum");
        var cusum = Cusum.Test(TrendSeries.Nile, permutations: 0);
        Assert.Equal(expected.GetProperty("last_before").GetInt32(), cusum.LastIndexBefore);
        Exact(expected, "range", cusum.Range);
    }

    [Fact]
    public void Poisson_scan_on_the_coal_disasters_matches_scipy_logpmf_over_every_split()
    {
        var expected = Reference.GetProperty("coal").GetProperty("scan");
        var scan = PoissonChangePoint.Scan(TrendSeries.Coal, permutations: 0);
        Assert.Equal(expected.GetProperty("last_before").GetInt32(), scan.LastIndexBefore);
        Exact(expected, "rate_before", scan.RateBefore);
        Exact(expected, "rate_after", scan.RateAfter);
        Exact(expected, "lr", scan.LikelihoodRatio);
        Exact(expected, "nominal_p", scan.NominalPValue);
        var profile = expected.GetProperty("profile").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(profile.Length, scan.Profile.Length);
        for (var k = 0; k < profile.Length; k++)
            Assert.True(Math.Abs(profile[k] - scan.Profile[k]) <= 1e-9 * Math.Max(1, Math.Abs(profile[k])), $"split {k}: {scan.Profile[k]} vs {profile[k]}");
    }

    [Theory]
    [InlineData("coal")]
    [InlineData("drivers")]
    public void Poisson_and_negative_binomial_trends_match_statsmodels(string series)
    {
        var expected = Reference.GetProperty(series).GetProperty("count_trend");
        var result = CountTrend.Fit(Values(series));
        var poisson = expected.GetProperty("poisson");
        Iterative(poisson, "intercept", result.Poisson.Intercept);
        Iterative(poisson, "slope", result.Poisson.Slope);
        Iterative(poisson, "se", result.Poisson.StandardError);
        Iterative(poisson, "lower", result.Poisson.Lower);
        Iterative(poisson, "upper", result.Poisson.Upper);
        Iterative(poisson, "loglik", result.Poisson.LogLikelihood);
        Iterative(expected, "pearson_chi2", result.PearsonChiSquare);
        Iterative(expected, "dispersion", result.PearsonDispersion);
        Iterative(expected, "overdispersion_p", result.OverdispersionPValue);
        var nb = expected.GetProperty("nb2");
        Assert.True(result.NegativeBinomial.Converged);
        Iterative(nb, "intercept", result.NegativeBinomial.Intercept);
        Iterative(nb, "slope", result.NegativeBinomial.Slope);
        Iterative(nb, "alpha", result.NegativeBinomial.Dispersion);
        Iterative(nb, "se", result.NegativeBinomial.StandardError);
        Iterative(nb, "lower", result.NegativeBinomial.Lower);
        Iterative(nb, "upper", result.NegativeBinomial.Upper);
        Iterative(nb, "loglik", result.NegativeBinomial.LogLikelihood);
    }

    private static void AssertPettitt(JsonElement expected, PettittResult result)
    {
        Assert.Equal(expected.GetProperty("last_before").GetInt32(), result.LastIndexBefore);
        Exact(expected, "k", result.K);
        Exact(expected, "p", result.PValue);
        Exact(expected, "mean_before", result.MeanBefore);
        Exact(expected, "mean_after", result.MeanAfter);
    }

    private static void Exact(JsonElement expected, string name, double actual) => Relative(expected, name, actual, 1e-9);

    private static void Iterative(JsonElement expected, string name, double actual) => Relative(expected, name, actual, 1e-6);

    private static void Relative(JsonElement expected, string name, double actual, double tolerance)
    {
        var value = expected.GetProperty(name).GetDouble();
        Assert.True(Math.Abs(actual - value) <= tolerance * Math.Max(1e-300, Math.Abs(value)) || Math.Abs(actual - value) <= 1e-15,
            $"{name}: {actual:R} vs reference {value:R}");
    }
}
