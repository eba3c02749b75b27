using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

public sealed class GivenNameAliasesTests
{
    // Pairs from the default table's lines (GivenNameAliases.DefaultTable), written with the case and accents of
    // real records; the false rows are names on different lines.
    [Theory]
    [InlineData("Jan", "Johannes", true)]
    [InlineData("Jean", "Hans", true)]
    [InlineData("JOHAN", "jo", true)]
    [InlineData("Pieter", "Pierre", true)]
    [InlineData("Kees", "Cornelis", true)]
    [InlineData("François", "Frans", true)]
    [InlineData("Mohamed", "Muhammad", true)]
    [InlineData("Mohammed", "Mehmet", true)]
    [InlineData("Hüseyin", "Hussein", true)]
    [InlineData("Nour-Eddine", "Noureddine", true)]
    [InlineData("Ömer", "Omar", true)]
    [InlineData("Xavier", "xavier", true)]
    [InlineData("Jan", "Pieter", false)]
    [InlineData("Mohamed", "Ahmed", false)]
    [InlineData("", "", false)]
    public void Names_in_one_class_are_aliases_whatever_their_case_and_accents(string a, string b, bool expected)
    {
        Assert.Equal(expected, GivenNameAliases.Default.AreAliases(a, b));
        Assert.Equal(expected, GivenNameAliases.Default.AreAliases(b, a));
    }

    // "Jo" is on the Johannes, the Josephus and the Johanna lines; Johannes and Johanna share no line.
    [Fact]
    public void Aliasing_is_not_transitive_through_a_name_in_several_classes()
    {
        var aliases = GivenNameAliases.Default;
        Assert.True(aliases.AreAliases("Jo", "Johannes"));
        Assert.True(aliases.AreAliases("Jo", "Johanna"));
        Assert.False(aliases.AreAliases("Johannes", "Johanna"));
        Assert.Equal(["johannes", "josephus", "johanna"], aliases.ClassesOf("Jo"));
    }

    [Fact]
    public void The_canonical_key_is_the_first_name_of_the_first_class()
    {
        var aliases = GivenNameAliases.Default;
        Assert.Equal("johannes", aliases.CanonicalKey("Hans"));
        Assert.Equal("mohamed", aliases.CanonicalKey("Mehmet"));
        Assert.Equal("johannes", aliases.CanonicalKey("Jo"));
        Assert.Equal("zoe", aliases.CanonicalKey("Zoë"));
    }

    [Fact]
    public void The_default_table_holds_one_class_per_line_that_is_not_a_comment()
    {
        var lines = GivenNameAliases.DefaultTable.Split('\n').Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
        Assert.Equal(lines, GivenNameAliases.Default.ClassCount);
        Assert.True(lines >= 50);
    }

    [Fact]
    public void Users_extend_the_table_without_changing_the_default()
    {
        const string table = """
            # Spanish and Dutch forms
            Xavier, Xaver, Javier   # comment after a class

            Sjors, George, Joris, Jorge
            """;
        var extended = GivenNameAliases.Default.Extend(new StringReader(table), "user.txt");
        Assert.True(extended.AreAliases("javier", "Xaver"));
        Assert.True(extended.AreAliases("Sjors", "Joris"));
        Assert.True(extended.AreAliases("Jan", "Hans"));
        Assert.Equal(GivenNameAliases.Default.ClassCount + 2, extended.ClassCount);
        Assert.False(GivenNameAliases.Default.AreAliases("javier", "Xaver"));
    }

    [Theory]
    [InlineData("Jan, Hans\nPiet", "user.txt, line 2: a class needs at least two different names")]
    [InlineData("# header\nJan,, Hans", "user.txt, line 2: empty name")]
    [InlineData("Jan, JAN, Ján", "user.txt, line 1: a class needs at least two different names")]
    public void A_malformed_line_is_refused_with_its_number(string table, string message)
    {
        var error = Assert.Throws<FormatException>(() => GivenNameAliases.Empty.Extend(table, "user.txt"));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}

public sealed class PersonNameComparisonTests
{
    private static readonly PersonNameComparison Comparison = new();

    // Levels: 6 exact, 5 close, 4 reordered or close as a token set, 3 alias, 2 initials, 1 else, 0 null. Similarities
    // beside the rows are from an independent Python 3.11 transcription of Jaro-Winkler (Winkler 1990) and the
    // symmetric Monge-Elkan mean; the threshold is 0.92.
    [Theory]
    [InlineData("Jan Peeters", "Peeters, Jan", 6)]
    [InlineData("Jan Peter Janssens", "Jan Janssens", 6)] // a missing second given name is no disagreement
    [InlineData("Jan van den Berg", "Vandenberg, Jan", 6)] // same SurnameKey "vandenberg"
    [InlineData("Kristof Vandenbroucke", "Kristof Vandenbrouke", 5)] // JW surname 0.99
    [InlineData("Peeters Jan", "Jan Peeters", 4)] // surname written first without a comma: swapped
    [InlineData("Jan Peeters", "Jan Peters", 4)] // JW peeters/peters 0.9175 < 0.92, token set 0.959
    [InlineData("Johannes Peeters", "Jan Peeters", 3)] // JW johannes/jan 0.8125, token set 0.906
    [InlineData("Mehmet Yilmaz", "Mohamed Yilmaz", 3)] // JW 0.771, token set 0.886
    [InlineData("J. Peeters", "Jan Peeters", 2)] // JW j/jan 0.8, token set 0.9
    [InlineData("J.P. Janssens", "Jan Pieter Janssens", 2)]
    [InlineData("Peeters", "Jan Peeters", 2)] // no given name on one side; token set 0.75
    [InlineData("Jan Peeters", "Piet Peeters", 1)]
    [InlineData("Jan Peeters", "Karel Janssens", 1)]
    [InlineData("", "Jan Peeters", 0)]
    public void Person_names_get_the_closest_level_that_holds(string a, string b, int expected)
    {
        Assert.Equal(expected, Comparison.Level(a, b));
        Assert.Equal(expected, Comparison.Level(b, a));
    }

    [Fact]
    public void Without_an_alias_table_Jan_and_Johannes_disagree()
    {
        Assert.Equal(3, Comparison.Level("Johannes Peeters", "Jan Peeters"));
        Assert.Equal(1, new PersonNameComparison(GivenNameAliases.Empty).Level("Johannes Peeters", "Jan Peeters"));
        var extended = GivenNameAliases.Empty.Extend("Johannes, Jan");
        Assert.Equal(3, new PersonNameComparison(extended).Level("Johannes Peeters", "Jan Peeters"));
    }

    [Fact]
    public void Every_level_has_a_name() =>
        Assert.Equal(7, Enumerable.Range(0, PersonNameComparison.LevelCount).Select(PersonNameComparison.LevelName).Distinct().Count());
}
