using Waterline.Analytics.Estimation;

namespace Waterline.Tests.Analytics.Estimation;

public class StrataAndEdgeCasesTests
{
    [Fact]
    public void Sum_of_strata_adds_estimates_and_variances_and_never_falls_below_the_observed()
    {
        var a = LogLinearModel.Independence.Fit(MseTables.Read("industrial_deaths_cormack2000_3lists.csv"));
        var b = LogLinearModel.Independence.Fit(MseTables.Read("hav_taiwan1995.csv"));
        var sum = Strata.Sum([Strata.From("north", a), Strata.From("south", b)]);
        Assert.Equal(a.Total + b.Total, sum.Total, 9);
        Assert.Equal(Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError), sum.StandardError, 9);
        Assert.InRange(sum.Lower, a.Observed + b.Observed, sum.Total);
        Assert.True(sum.Upper > sum.Total);
    }

    [Fact]
    public void A_stratum_without_estimate_leaves_the_sum_without_estimate()
    {
        var table = MseTables.Read("korea_palembang.csv");
        var diverging = LogLinearModel.Parse("B:C,B:D", table).Fit(table);
        Assert.Equal(EstimateStatus.Diverges, diverging.Status);
        var sum = Strata.Sum([Strata.From("x", diverging), Strata.From("y", LogLinearModel.Independence.Fit(table))]);
        Assert.True(double.IsNaN(sum.Total));
        Assert.Contains("x", sum.Reason);
    }

    [Fact]
    public void When_almost_everyone_is_seen_the_interval_starts_at_the_observed_count()
    {
        // Three lists that each see 95% of 200 cases: the unseen count is near 0.
        var table = CaptureTable.FromCounts(["A", "B", "C"], [0, 0, 0, 1, 0, 1, 1, 171]);
        var fit = LogLinearModel.Independence.Fit(table);
        Assert.True(fit.Interval!.LowerAtObserved);
        Assert.Equal(table.Observed, fit.Interval.Lower);
        Assert.True(fit.Total >= table.Observed);
    }

    [Fact]
    public void Chapman_is_defined_without_overlap_and_Lincoln_Petersen_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TwoList.LincolnPetersen(10, 20, 0));
        Assert.Equal(11 * 21 - 1, TwoList.Chapman(10, 20, 0).Total, 9);
    }
}
