using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

// All addresses are synthetic: real street and place names, made-up numbers and boxes.
public sealed class AddressNormaliserTests
{
    [Theory]
    [InlineData("Kerkstr.", "kerkstraat")]
    [InlineData("Kerk straat", "kerkstraat")]
    [InlineData("Koning Albertln", "koning albertlaan")]
    [InlineData("Brusselsestwg", "brusselsesteenweg")]
    [InlineData("Stwg op Gent", "steenweg op gent")]
    [InlineData("Flageypl.", "flageyplein")]
    [InlineData("Pl. Flagey", "place flagey")]
    [InlineData("Av. Louise", "avenue louise")]
    [InlineData("Bd du Souverain", "boulevard du souverain")]
    [InlineData("Chée de Louvain", "chaussee de louvain")]
    [InlineData("R. Neuve", "rue neuve")]
    [InlineData("Sq. Ambiorix", "square ambiorix")]
    [InlineData("Sint-Jansplein", "st jansplein")]
    [InlineData("St. Jansplein", "st jansplein")]
    [InlineData("Place Saint-Lambert", "place st lambert")]
    [InlineData("Grote Markt", "grote markt")]
    public void Street_abbreviations_expand_French_before_the_name_and_Dutch_after_it(string street, string expected) =>
        Assert.Equal(expected, AddressNormaliser.CanonicalStreet(street));

    public static TheoryData<string, Address> Flemish => new()
    {
        { "Kerkstraat 12 bus 3, 2000 Antwerpen", new("kerkstraat", null, "12", "3", "2000", "antwerpen") },
        { "Kerkstr. 12 b3 2000 Antwerpen", new("kerkstraat", null, "12", "3", "2000", "antwerpen") },
        { "Kerkstraat 12 b 3, 2000 Antwerpen", new("kerkstraat", null, "12", "3", "2000", "antwerpen") },
        { "Brusselsesteenweg 250A, 9090 Melle", new("brusselsesteenweg", null, "250a", null, "9090", "melle") },
        { "Brusselsestwg 250 A 9090 Melle", new("brusselsesteenweg", null, "250a", null, "9090", "melle") },
        { "Steenweg op Gent 15 bus 0002, 9300 Aalst", new("steenweg op gent", null, "15", "2", "9300", "aalst") },
        { "Bredabaan 1234, 2930 Brasschaat", new("bredabaan", null, "1234", null, "2930", "brasschaat") },
        { "Sint-Jansplein 4, Antwerpen", new("st jansplein", null, "4", null, null, "antwerpen") },
    };

    [Theory, MemberData(nameof(Flemish))]
    public void Flemish_addresses_split_into_street_number_box_postcode_and_locality(string text, Address expected) =>
        Assert.Equal(expected, AddressNormaliser.Parse(text));

    public static TheoryData<string, Address> Brussels => new()
    {
        { "Rue de la Loi / Wetstraat 16, 1040 Etterbeek", new("rue de la loi", "wetstraat", "16", null, "1040", "etterbeek") },
        { "Wetstraat - Rue de la Loi 16, 1040 Etterbeek", new("wetstraat", "rue de la loi", "16", null, "1040", "etterbeek") },
        { "Av. Louise 54/b2, B-1050 Ixelles", new("avenue louise", null, "54", "2", "1050", "ixelles") },
        { "16 rue de la Loi, 1000 Bruxelles", new("rue de la loi", null, "16", null, "1000", "bruxelles") },
        { "16bis, rue Haute 1000 Bruxelles", new("rue haute", null, "16bis", null, "1000", "bruxelles") },
        { "Chée de Wavre 1200 bte 5, 1160 Auderghem", new("chaussee de wavre", null, "1200", "5", "1160", "auderghem") },
        { "Bd Anspach 1 boîte 12, 1000 Bruxelles/Brussel", new("boulevard anspach", null, "1", "12", "1000", "bruxelles brussel") },
        { "Rue du 11 Novembre 5, 1040 Etterbeek", new("rue du 11 novembre", null, "5", null, "1040", "etterbeek") },
    };

    [Theory, MemberData(nameof(Brussels))]
    public void Brussels_addresses_in_French_Dutch_or_both_split_the_same_way(string text, Address expected) =>
        Assert.Equal(expected, AddressNormaliser.Parse(text));

    public static TheoryData<string, Address> Dutch => new()
    {
        { "Keizersgracht 123-2, 1015 CJ Amsterdam", new("keizersgracht", null, "123", "2", "1015cj", "amsterdam") },
        { "Keizersgracht 123 II, 1015CJ Amsterdam", new("keizersgracht", null, "123", "ii", "1015cj", "amsterdam") },
        { "Lange Nieuwstraat 5 hs, NL-3512 PH Utrecht", new("lange nieuwstraat", null, "5", "hs", "3512ph", "utrecht") },
        { "Oudegracht 10a, 3511 AP Utrecht, Nederland", new("oudegracht", null, "10a", null, "3511ap", "utrecht") },
    };

    [Theory, MemberData(nameof(Dutch))]
    public void Dutch_addresses_keep_the_postcode_letters_and_the_toevoeging(string text, Address expected) =>
        Assert.Equal(expected, AddressNormaliser.Parse(text));

    [Fact]
    public void An_empty_address_has_no_parts() =>
        Assert.Equal(default, AddressNormaliser.Parse("  "));
}

public sealed class AddressComparisonTests
{
    private static readonly AddressComparison Comparison = new();

    // Levels: 5 exact, 4 same house, 3 same street, 2 same postcode, 1 else, 0 null (see AddressComparison).
    [Theory]
    [InlineData("Kerkstraat 12 bus 3, 2000 Antwerpen", "Kerkstr. 12 b3 2000 Antwerpen", 5)]
    [InlineData("Rue de la Loi / Wetstraat 16, 1040 Etterbeek", "Wetstraat 16, 1040 Etterbeek", 5)]
    [InlineData("Av. Louise 54/b2, 1050 Ixelles", "Avenue Louise 54 boîte 2, B-1050 Elsene", 5)]
    [InlineData("Kerkstraat 12 bus 3, 2000 Antwerpen", "Kerkstraat 12, 2000 Antwerpen", 4)]
    [InlineData("Keizersgracht 123-2, 1015 CJ Amsterdam", "Keizersgr. 123 II, 1015CJ Amsterdam", 4)]
    [InlineData("Keizersgracht 123, 1015 CJ Amsterdam", "Herengracht 123, 1015CJ Amsterdam", 4)]
    [InlineData("Kerkstraat 12, 2000 Antwerpen", "Kerkstraat 14, 2000 Antwerpen", 3)]
    [InlineData("Kerkstraat 12, 2000 Antwerpen", "Meir 50, 2000 Antwerpen", 2)]
    [InlineData("Rue de la Loi 16, 1000 Bruxelles", "Wetstraat 16, 1000 Brussel", 2)]
    [InlineData("Kerkstraat 12, 2000 Antwerpen", "Kerkstraat 12, 9000 Gent", 1)]
    [InlineData("Kerkstraat 12, Antwerpen", "Kerkstraat 12, Gent", 1)]
    [InlineData("Chée de Wavre 1200, 1160 Auderghem", "Chaussée de Waterloo 1200, 1180 Uccle", 1)]
    [InlineData("", "Kerkstraat 12, 2000 Antwerpen", 0)]
    public void Addresses_get_the_closest_level_that_holds(string a, string b, int expected)
    {
        Assert.Equal(expected, Comparison.Level(a, b));
        Assert.Equal(expected, Comparison.Level(b, a));
    }

    // Reference values from an independent Python 3.11 transcription of Jaro-Winkler (Winkler 1990, p = 0.1, prefix
    // up to 4, bonus above 0.7): "chaussee de wavre" / "chaussee de waterloo" 0.9357, "wavre" / "waterloo" 0.6833.
    [Fact]
    public void Shared_generic_words_do_not_make_two_streets_look_alike()
    {
        Assert.Equal(0.9357, StringSimilarity.JaroWinkler("chaussee de wavre", "chaussee de waterloo"), 4);
        Assert.Equal(0.6833, AddressComparison.StreetNameSimilarity("chaussee de wavre", "chaussee de waterloo"), 4);
        Assert.Equal(1.0, AddressComparison.StreetNameSimilarity("kerkstraat", "kerkstraat"));
        Assert.True(AddressComparison.StreetNameSimilarity("stationsstraat", "statiestraat") < 0.92);
    }

    [Fact]
    public void Every_level_has_a_name() =>
        Assert.Equal(["null", "else", "same postcode", "same street", "same house", "exact"],
            Enumerable.Range(0, AddressComparison.LevelCount).Select(AddressComparison.LevelName));
}
