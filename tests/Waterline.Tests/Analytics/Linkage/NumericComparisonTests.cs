using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class NumericComparisonTests
{
    // Thresholds 1 and 5: levels 4 exact, 3 within 1, 2 within 5, 1 else, 0 null. Differences by hand.
    [Theory]
    [InlineData(170.0, 170.0, 4)]
    [InlineData(170.0, 171.0, 3)] // 1: a threshold includes its bound
    [InlineData(170.0, 174.5, 2)] // 4.5
    [InlineData(170.0, 180.0, 1)] // 10
    [InlineData(null, 170.0, 0)]
    [InlineData(double.NaN, 170.0, 0)]
    public void Absolute_differences_take_the_tightest_threshold_they_are_within(double? a, double? b, int expected) =>
        Assert.Equal(expected, new NumericComparison(NumericDifference.Absolute, 5, 1).Level(a, b));

    // Thresholds 5 % and 20 %: |a - b| / max(|a|, |b|) by hand beside each row.
    [Theory]
    [InlineData(100.0, 104.0, 3)] // 4 / 104 = 0.038
    [InlineData(100.0, 95.0, 3)] // 5 / 100 = 0.05
    [InlineData(100.0, 80.0, 2)] // 20 / 100 = 0.2
    [InlineData(100.0, 79.0, 1)] // 21 / 100 = 0.21
    [InlineData(0.0, 0.0, 4)]
    [InlineData(-10.0, 10.0, 1)] // 20 / 10 = 2
    public void Relative_differences_are_scaled_by_the_larger_magnitude(double a, double b, int expected) =>
        Assert.Equal(expected, new NumericComparison(NumericDifference.Relative, 0.05, 0.2).Level(a, b));

    [Fact]
    public void Levels_are_named_for_explanations()
    {
        var relative = new NumericComparison(NumericDifference.Relative, 0.05, 0.2);
        Assert.Equal(["null", "else", "within 20 %", "within 5 %", "exact"], Enumerable.Range(0, relative.LevelCount).Select(relative.LevelName));
        Assert.Equal("within 2.5", new NumericComparison(NumericDifference.Absolute, 2.5).LevelName(2));
    }

    [Fact]
    public void Thresholds_must_be_positive_finite_and_distinct()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumericComparison(NumericDifference.Absolute, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumericComparison(NumericDifference.Absolute, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new NumericComparison(NumericDifference.Absolute, 1, 1));
    }
}

public sealed class GeoComparisonTests
{
    // Rosetta Code, task "Haversine formula": Nashville BNA (36.12, -86.67) to Los Angeles LAX (33.94, -118.40) is
    // 2887.2599506071106 km with R = 6372.8 km. With R = 6371.0 km, 2886.4444428379834 km (Python 3.11 math, same formula).
    [Fact]
    public void Haversine_reproduces_the_Rosetta_Code_figure()
    {
        Assert.Equal(2887.2599506071106, GeoComparison.HaversineKm(36.12, -86.67, 33.94, -118.40, 6372.8), 9);
        Assert.Equal(2886.4444428379834, GeoComparison.HaversineKm(36.12, -86.67, 33.94, -118.40, 6371.0), 9);
    }

    // Brussels town hall on the Grand-Place (50°50'48"N 4°21'07"E) to Amsterdam city hall, Amstel 1 (52°22'03"N
    // 4°54'03"E); the coordinates are approximate and taken as given, the test checks the formula. Reference
    // 173.30379 km on the 6,371.0088 km sphere: Python 3.11 math with the same formula (an independent
    // implementation); it agrees with the roughly 173 km straight-line distance usually quoted between the cities.
    [Fact]
    public void Brussels_town_hall_lies_173_km_from_Amsterdam_city_hall() =>
        Assert.Equal(173.30379, GeoComparison.HaversineKm(50.846667, 4.351944, 52.3675, 4.900833), 4);

    // Along a meridian the haversine distance is R times the angle: one degree is 6371.0088 π / 180 = 111.19508 km.
    [Fact]
    public void One_degree_of_latitude_is_R_times_pi_over_180() =>
        Assert.Equal(111.1950802335329, GeoComparison.HaversineKm(50, 4, 51, 4), 9);

    [Fact]
    public void Distance_levels_take_the_closest_threshold_within_reach()
    {
        // Levels: 4 within 1 km, 3 within 10 km, 2 within 100 km, 1 else, 0 null.
        var ladder = new GeoComparison(100, 1, 10);
        (double, double) here = (50.0, 4.0);
        Assert.Equal(5, ladder.LevelCount);
        Assert.Equal(4, ladder.Level(here, here));
        Assert.Equal(3, ladder.Level(here, (50.05, 4.0))); // 0.05° = 5.56 km
        Assert.Equal(2, ladder.Level(here, (50.5, 4.0))); // 55.6 km
        Assert.Equal(1, ladder.Level(here, (51.0, 4.0))); // 111.2 km
        Assert.Equal(0, ladder.Level(here, null));
        Assert.Equal(0, ladder.Level(here, (91.0, 4.0)));
        Assert.Equal(0, ladder.Level(here, (double.NaN, 4.0)));
        Assert.Equal("within 1 km", ladder.LevelName(4));
    }
}
