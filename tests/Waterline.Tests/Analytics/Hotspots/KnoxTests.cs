using System.Globalization;
using MathNet.Numerics.Distributions;
using Waterline.Analytics.Hotspots;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>The Knox test and the near-repeat table on the imdepi events (surveillance 1.20.3, 636 invasive meningococcal
/// disease cases, Germany 2002-2008, km and days) against pair counts computed in R directly and checked against
/// <c>surveillance::knox</c>, and Monte Carlo p-values from an event-time permutation in R (9,999 shuffles), recorded by
/// scripts/reference/hotspots_reference.R. Counts are exact; p-values agree within sampling error.</summary>
public class KnoxTests
{
    private static readonly Lazy<(double[] X, double[] Y, double[] T)> Events = new(() =>
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.Folder(), "stats", "knox", "imdepi_events.csv"));
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return ([.. rows.Select(r => Parse(r[1]))], [.. rows.Select(r => Parse(r[2]))], [.. rows.Select(r => Parse(r[3]))]);
    });

    private static bool WithinSamplingError(double reference, double actual, int permutations)
    {
        var se = Math.Sqrt(2 * reference * (1 - reference) / (permutations + 1));
        return Math.Abs(actual - reference) <= 4.5 * se + 2.0 / (permutations + 1);
    }

    [Fact]
    public void Knox_pair_counts_equal_R_and_p_values_agree_with_an_event_time_permutation_in_R()
    {
        var (x, y, t) = Events.Value;
        foreach (var case_ in HotspotsReference.Root.GetProperty("knox").EnumerateArray())
        {
            var result = Knox.Test(x, y, t, case_.Number("distance"), case_.Number("days"), 9999, seed: 3);
            var what = $"{case_.Number("distance")} km, {case_.Number("days")} days";
            Assert.Equal(case_.GetProperty("close_both").GetInt64(), result.CloseBoth);
            Assert.Equal(case_.GetProperty("close_space_only").GetInt64(), result.CloseInSpaceOnly);
            Assert.Equal(case_.GetProperty("close_time_only").GetInt64(), result.CloseInTimeOnly);
            Assert.Equal(case_.GetProperty("neither").GetInt64(), result.Neither);
            HotspotsReference.Close(case_.Number("surveillance_expected"), result.Expected, 1e-12, what + " expected");
            var reference = case_.Number("event_time_p");
            Assert.True(WithinSamplingError(reference, result.PValue, 9999), $"{what}: R {reference}, ours {result.PValue}");
        }
    }

    [Fact]
    public void The_published_GeoMed_Knox_table_has_the_published_expected_count_and_a_Poisson_tail_below_its_printed_p()
    {
        // published_knox_2x2.csv: N11 67, N12 175, N21 3507, N22 39322; EN11 20.081, P 0.00000 (five decimals).
        var line = File.ReadAllLines(Path.Combine(SharedData.Folder(), "stats", "knox", "published_knox_2x2.csv"))[1];
        var fields = line[(line.LastIndexOf('"') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 8)
            fields = line.Split(',')[^8..];
        long Long(int k) => long.Parse(fields[k], CultureInfo.InvariantCulture);
        var expected = Knox.Expected(Long(2), Long(3), Long(4), Long(5));
        Assert.Equal(double.Parse(fields[6], CultureInfo.InvariantCulture), expected, 3);
        Assert.True(1 - Poisson.CDF(expected, Long(2) - 1) < 0.000005);
    }

    [Fact]
    public void The_near_repeat_table_counts_equal_R_and_its_expectations_and_p_values_agree_within_sampling_error()
    {
        var (x, y, t) = Events.Value;
        var reference = HotspotsReference.Root.GetProperty("near_repeat");
        var table = NearRepeat.Compute(x, y, t, reference.GetProperty("distance_bands").Doubles(), reference.GetProperty("day_bands").Doubles(), 9999, seed: 5);
        var observed = reference.GetProperty("observed").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var expected = reference.GetProperty("expected").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var sd = reference.GetProperty("sd").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var p = reference.GetProperty("p").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (var r = 0; r < observed.Length; r++)
        {
            for (var c = 0; c < observed[r].Length; c++)
            {
                Assert.Equal((long)observed[r][c], table.Observed[r, c]);
                // Two means of 9,999 draws: the difference has standard error sd √(2 / 9,999).
                Assert.True(Math.Abs(table.Expected[r, c] - expected[r][c]) <= 4.5 * sd[r][c] * Math.Sqrt(2.0 / 9999),
                    $"cell {r},{c}: R expected {expected[r][c]}, ours {table.Expected[r, c]}");
                Assert.True(WithinSamplingError(p[r][c], table.PValue[r, c], 9999), $"cell {r},{c}: R p {p[r][c]}, ours {table.PValue[r, c]}");
            }
        }
    }

    [Fact]
    public void A_single_near_repeat_band_counts_what_Knox_counts_as_close_in_both()
    {
        var (x, y, t) = Events.Value;
        var table = NearRepeat.Compute(x, y, t, [25], [7], 0);
        Assert.Equal(Knox.Test(x, y, t, 25, 7, 0).CloseBoth, table.Observed[0, 0]);
    }

    [Fact]
    public void Knox_on_events_with_planted_near_repeats_finds_more_close_pairs_than_chance()
    {
        // Uniform over a 20 km square and a year; every tenth event repeats its predecessor 50 m and 3 days later.
        var n = 2000;
        var (x, y, t) = Waterline.Cli.Bench.HotspotsBench.Events(n, seed: 9);
        var result = Knox.Test(x, y, t, 200, 7, 199, seed: 2);
        Assert.True(result.Ratio > 2, $"ratio {result.Ratio}");
        Assert.Equal(1.0 / 200, result.PValue, 12);
        Assert.Equal((long)n * (n - 1) / 2, result.CloseBoth + result.CloseInSpaceOnly + result.CloseInTimeOnly + result.Neither);
    }
}
