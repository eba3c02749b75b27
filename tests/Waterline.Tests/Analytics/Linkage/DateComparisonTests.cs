using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class DateComparisonTests
{
    // Default ladder: 6 exact, 5 day-month transposed, 4 within 30 days, 3 one digit differs, 2 same year, 1 else,
    // 0 null. Expected levels by hand from the yyyymmdd texts and day counts given beside each row.
    [Theory]
    [InlineData("1985-03-07", "1985-03-07", 6)] // the same day
    [InlineData("1985-03-07", "1985-07-03", 5)] // 7 March and 3 July: day and month swapped
    [InlineData("1985-03-07", "1985-03-20", 4)] // 13 days apart
    [InlineData("1985-03-07", "1986-03-07", 3)] // 19850307 / 19860307: one digit, 365 days
    [InlineData("1985-03-07", "1985-03-97", 0)] // not a date: parses to null
    [InlineData("1985-03-07", "1985-11-30", 2)] // 19850307 / 19851130: four digits differ, 268 days, same year
    [InlineData("1985-03-07", "1958-03-07", 1)] // 19850307 / 19580307: two digits differ (a swap), 27 years
    [InlineData("", "1985-03-07", 0)]
    public void The_default_ladder_gives_the_first_rung_that_holds(string a, string b, int expected) =>
        Assert.Equal(expected, DateComparison.Default.Level(DateComparison.Parse(a), DateComparison.Parse(b)));

    [Fact]
    public void A_date_whose_day_equals_its_month_is_exact_not_transposed()
    {
        var date = new DateOnly(1985, 3, 3);
        Assert.False(DateComparison.AreDayMonthTransposed(date, date));
        Assert.Equal(6, DateComparison.Default.Level(date, date));
    }

    [Fact]
    public void The_order_of_the_ladder_decides_which_level_a_pair_gets()
    {
        // Levels: 4 exact, 3 one digit differs, 2 within 30 days, 1 else.
        var ladder = new DateComparison(30, DateAgreement.Exact, DateAgreement.OneDigitTypo, DateAgreement.WithinDays);
        var day = new DateOnly(1985, 3, 7);
        Assert.Equal(5, ladder.LevelCount);
        Assert.Equal(3, ladder.Level(day, new DateOnly(1985, 3, 8))); // 19850308: one digit, also 1 day apart
        Assert.Equal(2, ladder.Level(day, new DateOnly(1985, 3, 20))); // 19850320: two digits, 13 days
        Assert.Equal(1, ladder.Level(day, new DateOnly(1985, 7, 3)));
        Assert.Equal(0, ladder.Level(null, day));
        Assert.Equal("one digit differs", ladder.LevelName(3));
        Assert.Equal("within 30 days", ladder.LevelName(2));
        Assert.Equal("else", ladder.LevelName(1));
        Assert.Equal("null", ladder.LevelName(0));
    }

    [Fact]
    public void The_day_tolerance_includes_its_bound()
    {
        var ladder = new DateComparison(10, DateAgreement.WithinDays);
        var day = new DateOnly(2000, 2, 25);
        Assert.Equal(2, ladder.Level(day, new DateOnly(2000, 3, 6))); // 2000 is a leap year: 10 days
        Assert.Equal(1, ladder.Level(day, new DateOnly(2000, 3, 7))); // 11 days
    }

    [Fact]
    public void A_ladder_refuses_a_rung_twice_and_a_negative_tolerance()
    {
        Assert.Throws<ArgumentException>(() => new DateComparison(0, DateAgreement.Exact, DateAgreement.Exact));
        Assert.Throws<ArgumentException>(() => new DateComparison(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DateComparison(-1, DateAgreement.Exact));
    }

    [Theory]
    [InlineData("1985-03-07")]
    [InlineData("19850307")]
    [InlineData("07/03/1985")]
    [InlineData("7.3.1985")]
    [InlineData(" 07-03-1985 ")]
    public void Iso_compact_and_day_first_dates_parse_to_the_same_day(string text) =>
        Assert.Equal(new DateOnly(1985, 3, 7), DateComparison.Parse(text));

    [Theory]
    [InlineData("1985-02-29")] // 1985 is no leap year
    [InlineData("31/04/2001")]
    [InlineData("1985-03")]
    [InlineData("1985-03-07T10:00")]
    [InlineData("198503071")]
    [InlineData("")]
    public void Impossible_or_partial_dates_parse_to_null(string text) =>
        Assert.Null(DateComparison.Parse(text));

    [Fact]
    public void Comparing_dates_allocates_nothing()
    {
        var a = new DateOnly(1985, 3, 7);
        var b = new DateOnly(1986, 3, 7);
        DateComparison.Default.Level(a, b);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            DateComparison.Default.Level(a, b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
