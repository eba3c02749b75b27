using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

// Lengths from the national numbering plans: Belgium (BIPT) 8 significant digits, 9 for mobiles 45x-49x;
// the Netherlands (ACM) 9. Numbers below are made up in those formats.
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("0475 12 34 56", "BE", "+32475123456")]
    [InlineData("02/123.45.67", "BE", "+3221234567")]
    [InlineData("+32 (0)2 123 45 67", "NL", "+3221234567")]
    [InlineData("0032 475-12-34-56", "NL", "+32475123456")]
    [InlineData("+32 0475 12 34 56", "BE", "+32475123456")]
    [InlineData("09 234 56 78", "BE", "+3292345678")]
    [InlineData("04 751 23 45", "BE", "+3247512345")]    // a Liège landline, not a short mobile
    [InlineData("06-12345678", "NL", "+31612345678")]
    [InlineData("020 - 123 4567", "NL", "+31201234567")]
    [InlineData("(010) 123 45 67", "NL", "+31101234567")]
    [InlineData("0031 6 1234 5678", "BE", "+31612345678")]
    [InlineData("+31612345678", "BE", "+31612345678")]
    public void Belgian_and_Dutch_numbers_are_written_in_E164(string text, string country, string expected) =>
        Assert.Equal(expected, PhoneNumber.ToE164(text, country));

    [Theory]
    [InlineData("+33 1 23 45 67 89")]    // France
    [InlineData("0049 30 1234567")]      // Germany
    [InlineData("0475 12 34")]           // 7 digits: too short even for a landline
    [InlineData("0475 12 34 567")]       // too long
    [InlineData("0412 34 56 78")]        // 9 digits but 41x is no mobile range
    [InlineData("475123456")]            // no trunk 0, no country code
    [InlineData("0475 12 34 56 ext 3")]
    [InlineData("call me")]
    [InlineData("")]
    [InlineData(null)]
    public void Numbers_that_are_not_plausibly_Belgian_give_null(string? text) =>
        Assert.Null(PhoneNumber.ToE164(text, "BE"));

    [Theory]
    [InlineData("06 1234 567")]
    [InlineData("+31 6 1234 56789")]
    public void Dutch_numbers_need_nine_significant_digits(string text) =>
        Assert.Null(PhoneNumber.ToE164(text, "NL"));

    [Fact]
    public void The_default_country_must_be_Belgium_or_the_Netherlands() =>
        Assert.Throws<ArgumentException>(() => PhoneNumber.ToE164("0475 12 34 56", "FR"));
}
