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

    // KvK numbers have no check digit: only the form (exactly 8 digits, leading zeros kept) is checked.
    [Theory]
    [InlineData("12345678", "12345678")]
    [InlineData("1234 5678", "12345678")]
    [InlineData("12.34.56.78", "12345678")]
    [InlineData("KvK 01234567", "01234567")]
    [InlineData("KvK: 09876543", "09876543")]
    [InlineData("1234567", null)]
    [InlineData("000012345678", null)]
    [InlineData("1234567A", null)]
    [InlineData(" ", null)]
    public void Kvk_numbers_normalise_to_eight_digits_and_refuse_branch_numbers(string text, string? expected) =>
        Assert.Equal(expected, Identifiers.NormaliseKvk(text));

    // RSIN shares the BSN eleven test: 002455799 gives 9·0 + 8·0 + 7·2 + 6·4 + 5·5 + 4·5 + 3·7 + 2·9 - 9 = 113,
    // not a multiple of 11; 004495445 gives 137 - 5 = 132 = 12 · 11.
    [Theory]
    [InlineData("004495445", true)]
    [InlineData("4495445", false)]
    [InlineData("002455799", false)]
    public void Rsin_passes_the_eleven_test(string text, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidRsin(text));

    // NL004495445B01 is python-stdnum's example of a valid btw-nummer (stdnum/nl/btw.py docstring: "NL4495445B01"),
    // valid by the eleven test on 004495445. NL002455799B11 and NL123456789B13 fail the eleven test but pass
    // ISO 7064 MOD 97-10 on the whole text (N = 23, L = 21, B = 11: 23 21 002455799 11 11 read as one number is 1 mod 97), computed by
    // the rule with Python 3 integer arithmetic.
    [Theory]
    [InlineData("NL4495445B01", "NL004495445B01", true)]
    [InlineData("nl 0044.95.445 b01", "NL004495445B01", true)]
    [InlineData("004495445B01", "NL004495445B01", true)]
    [InlineData("NL002455799B11", "NL002455799B11", true)]
    [InlineData("NL123456789B13", "NL123456789B13", true)]
    [InlineData("NL123456789B12", "NL123456789B12", false)]
    [InlineData("NL004495445B00", null, false)]
    [InlineData("NL004495445C01", null, false)]
    [InlineData("NL0044954451B01", null, false)]
    [InlineData("BE0403170701", null, false)]
    public void Dutch_vat_numbers_normalise_and_pass_the_eleven_or_the_modulo_97_check(string text, string? normal, bool valid)
    {
        Assert.Equal(normal, Identifiers.NormaliseDutchVatNumber(text));
        Assert.Equal(valid, Identifiers.IsValidDutchVatNumber(text));
    }
}
