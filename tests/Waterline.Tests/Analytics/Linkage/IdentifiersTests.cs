using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class IdentifiersTests
{
    // 93051822361 is the worked example of "Over het hoe, wat en waarom van het rijksregisternummer" (Vlamingen in
    // de Wereld, viw-costablanca.com): 97 - (930518223 mod 97) = 61. The 2001 and 1901 numbers are computed by the
    // published rule: 97 - (2010203005 mod 97) = 66 for a birth in 2001, 97 - (010203005 mod 97) = 37 for one in 1901.
    [Theory]
    [InlineData("93.05.18-223.61", true)]
    [InlineData("93051822361", true)]
    [InlineData("93051822362", false)]
    [InlineData("01.02.03-005.66", true)]
    [InlineData("01.02.03-005.37", true)]
    [InlineData("01.02.03-005.67", false)]
    [InlineData("9305182236", false)]
    [InlineData("93A51822361", false)]
    [InlineData(null, false)]
    public void Belgian_national_numbers_pass_the_modulo_97_check_of_either_century(string? text, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidBelgianNationalNumber(text));

    // 111222333 and 123456782 pass the eleven test (sums 66 and 154, both multiples of 11); changing a digit fails.
    [Theory]
    [InlineData("111222333", true)]
    [InlineData("1112.22.333", true)]
    [InlineData("123456782", true)]
    [InlineData("111222334", false)]
    [InlineData("123456789", false)]
    [InlineData("000000000", false)]
    [InlineData("1234567820", false)]
    public void Bsn_passes_the_eleven_test(string text, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidBsn(text));

    // Check digits computed by the published KBO rule 97 - (first eight digits mod 97):
    // 97 - (04031707 mod 97) = 01, 97 - (01234567 mod 97) = 49.
    [Theory]
    [InlineData("0403.170.701", true)]
    [InlineData("BE0403170701", true)]
    [InlineData("be 0403 170 701", true)]
    [InlineData("403170701", true)]
    [InlineData("0123.456.749", true)]
    [InlineData("0123.456.748", false)]
    [InlineData("2123.456.749", false)]
    [InlineData("01234567", false)]
    public void Kbo_numbers_pass_the_modulo_97_check(string text, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidKbo(text));

    [Fact]
    public void Kbo_numbers_normalise_to_ten_digits() =>
        Assert.Equal("0403170701", Identifiers.NormaliseKbo("BE 403.170.701"));

    // Example IBANs of the SWIFT IBAN Registry (ISO 13616): BE, NL, DE, GB, FR.
    [Theory]
    [InlineData("BE71 0961 2345 6769", true)]
    [InlineData("NL91 ABNA 0417 1643 00", true)]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606", true)]
    [InlineData("nl91abna0417164300", true)]
    [InlineData("BE71 0961 2345 6768", false)]
    [InlineData("NL91 ABNA 0417 1643 01", false)]
    [InlineData("BE71-0961-2345-67*9", false)]
    [InlineData("0961 2345 6769", false)]
    public void Ibans_pass_the_ISO_7064_modulo_97_check(string text, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidIban(text));

    [Fact]
    public void Ibans_normalise_to_their_electronic_form() =>
        Assert.Equal("NL91ABNA0417164300", Identifiers.NormaliseIban("nl91 abna 0417 1643 00"));

    [Theory]
    [InlineData("1-abc-234", "1ABC234")]
    [InlineData("1 ABC 234", "1ABC234")]
    [InlineData("XX-99-XX", "XX99XX")]
    [InlineData("xx 99 xx", "XX99XX")]
    [InlineData("GV·123·B", "GV123B")]
    [InlineData("", null)]
    [InlineData("1-ABC-234-567", null)]
    [InlineData("ÄB-12-CD", null)]
    public void Licence_plates_compare_without_separators_in_upper_case(string text, string? expected) =>
        Assert.Equal(expected, Identifiers.NormaliseLicencePlate(text));
}
