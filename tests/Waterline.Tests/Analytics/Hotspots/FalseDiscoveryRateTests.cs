using Waterline.Analytics.Hotspots;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>Benjamini-Hochberg adjusted p-values against R 4.2.2 <c>p.adjust(p, "BH")</c>, recorded by
/// scripts/reference/hotspots_reference.R.</summary>
public class FalseDiscoveryRateTests
{
    [Fact]
    public void Adjusted_p_values_of_the_Columbus_Gi_star_tests_equal_R_p_adjust_BH()
    {
        var fdr = HotspotsReference.Root.GetProperty("fdr");
        HotspotsReference.Close(fdr.GetProperty("bh").Doubles(), FalseDiscoveryRate.Adjust(fdr.GetProperty("p").Doubles()), 1e-12, "BH");
    }

    [Fact]
    public void A_missing_p_value_stays_missing_and_does_not_count_among_the_tests_as_in_R()
    {
        var fdr = HotspotsReference.Root.GetProperty("fdr");
        HotspotsReference.Close(fdr.GetProperty("example_bh").Doubles(), FalseDiscoveryRate.Adjust(fdr.GetProperty("example_p").Doubles()), 1e-12, "BH");
    }

    [Fact]
    public void Significant_marks_exactly_the_adjusted_p_values_at_or_below_q()
    {
        // Benjamini and Hochberg (1995): m = 4, p sorted 0.01, 0.02, 0.03, 0.5; k q / m = 0.0125, 0.025, 0.0375, 0.05.
        Assert.Equal([true, true, true, false], FalseDiscoveryRate.Significant([0.01, 0.02, 0.03, 0.5], 0.05));
        Assert.Equal([false, false, false, false], FalseDiscoveryRate.Significant([0.04, 0.045, 0.05, 0.5], 0.01));
    }
}
