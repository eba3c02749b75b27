using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class NameNormaliserTests
{
    [Theory]
    [InlineData("Ségolène", "segolene")]
    [InlineData("Müller", "muller")]
    [InlineData("Straße", "strasse")]
    [InlineData("Søren Bjørn", "soren bjorn")]
    [InlineData("Lætitia Œuvray", "laetitia oeuvray")]
    [InlineData("D'Hondt", "dhondt")]
    [InlineData("  Jean-Pierre   DUPONT ", "jean pierre dupont")]
    [InlineData("Çelik", "celik")]
    public void Fold_lower_cases_strips_accents_and_splits_on_punctuation(string text, string expected) =>
        Assert.Equal(expected, NameNormaliser.Fold(text));

    [Fact]
    public void Ij_and_umlaut_folding_are_options()
    {
        Assert.Equal("meijer", NameNormaliser.Fold("Meijer"));
        Assert.Equal(NameNormaliser.Fold("Meyer", NameFolding.IjAsY), NameNormaliser.Fold("Meijer", NameFolding.IjAsY));
        Assert.Equal("meyer", NameNormaliser.Fold("Meĳer", NameFolding.IjAsY));
        Assert.Equal("mueller", NameNormaliser.Fold("Müller", NameFolding.UmlautsAsE));
        // Decomposed input (u + combining diaeresis) folds the same way.
        Assert.Equal("mueller", NameNormaliser.Fold("Mu\u0308ller", NameFolding.UmlautsAsE));
    }

    [Fact]
    public void Van_den_Berg_written_two_ways_has_the_same_surname()
    {
        var indexed = NameNormaliser.Parse("Van den Berg, Jan");
        var natural = NameNormaliser.Parse("jan vanden berg");
        Assert.Equal("berg", indexed.Surname);
        Assert.Equal(indexed.Surname, natural.Surname);
        Assert.Equal(["van", "den"], indexed.Particles);
        Assert.Equal(indexed.Particles, natural.Particles);
        Assert.Equal(["jan"], natural.GivenNames);
        Assert.Equal("vandenberg", indexed.SurnameKey);
        Assert.Equal(indexed.SurnameKey, NameNormaliser.Parse("Vandenberg", "Jan").SurnameKey);
    }

    [Fact]
    public void Particles_are_recognised_in_every_form_and_language()
    {
        Assert.Equal("jan | van den | berg", Show(NameNormaliser.Parse("Berg, Jan van den")));
        Assert.Equal("piet | van t | hof", Show(NameNormaliser.Parse("Piet van 't Hof")));
        Assert.Equal("marie | de la | fontaine", Show(NameNormaliser.Parse("Marie de La Fontaine")));
        Assert.Equal("ursula | von der | leyen", Show(NameNormaliser.Parse("von der Leyen", "Ursula")));
        Assert.Equal("jean |  | dupont", Show(NameNormaliser.Parse("Jean Dupont")));
        // A surname that is itself a particle word stays the surname.
        Assert.Equal("anna |  | de", Show(NameNormaliser.Parse("De", "Anna")));
    }

    [Fact]
    public void Initials_agree_with_the_given_names_they_abbreviate()
    {
        var initials = NameNormaliser.Parse("J.P. Janssens");
        var full = NameNormaliser.Parse("Jan Peter Janssens");
        Assert.Equal("jp", initials.Initials);
        Assert.Equal(initials.Initials, full.Initials);
        Assert.True(NameNormaliser.GivenNamesAgree(initials.GivenNames, full.GivenNames));
        Assert.True(NameNormaliser.GivenNamesAgree(["j", "peter"], ["jan", "peter"]));
        Assert.True(NameNormaliser.GivenNamesAgree(["jan"], ["jan", "peter"]));
        Assert.False(NameNormaliser.GivenNamesAgree(["k", "p"], ["jan", "peter"]));
        Assert.False(NameNormaliser.GivenNamesAgree(["jan"], ["johan"]));
    }

    [Fact]
    public void Token_set_similarity_ignores_order_and_rewards_close_tokens()
    {
        Assert.Equal(1.0, NameNormaliser.TokenSetSimilarity("Maria Anna", "anna MARIA"), 12);
        Assert.True(NameNormaliser.TokenSetSimilarity("Anna Maria Peeters", "Peters Ana-Maria") > 0.9);
        Assert.True(NameNormaliser.TokenSetSimilarity("Anna Peeters", "Kevin Dubois") < 0.6);
        // "jan" meets "jan" (1); "peter" meets only "jan" (Jaro 0): (1 + 0.5) / 2.
        Assert.Equal(0.75, NameNormaliser.TokenSetSimilarity(["jan"], ["jan", "peter"]), 12);
        Assert.Equal(0.0, NameNormaliser.TokenSetSimilarity([], ["jan"]));
    }

    // The record's lists compare by reference, so compare a printed form.
    private static string Show(PersonName name) =>
        $"{string.Join(' ', name.GivenNames)} | {string.Join(' ', name.Particles)} | {name.Surname}";
}
