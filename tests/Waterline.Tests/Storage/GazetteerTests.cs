using Waterline.Geography;

namespace Waterline.Tests.Storage;

public sealed class GazetteerTests
{
    private static readonly PlaceLookup Lookup = new(Gazetteer.LoadPlaces());

    [Fact]
    public void The_gazetteer_holds_every_municipality_of_both_countries()
    {
        // Counts from reference/SOURCES.md: Statbel REFNIS 2019-2024 (581) and CBS gemeente 2025 (342).
        var places = Gazetteer.LoadPlaces();
        Assert.Equal(581, places.Count(p => p.Country == "BE" && p.Level == PlaceLevel.Municipality));
        Assert.Equal(342, places.Count(p => p.Country == "NL" && p.Level == PlaceLevel.Municipality));
        Assert.Equal(43, places.Count(p => p.Level == PlaceLevel.Arrondissement));
        Assert.Equal(12, places.Count(p => p.Level == PlaceLevel.JudicialDistrict));
        Assert.Equal(places.Count, places.Select(p => p.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("BE", "11002", "11002")]
    [InlineData("BE", "Anvers", "11002")]
    [InlineData("BE", "liege", "62063")]
    [InlineData("BE", "Bruxelles", "21004")]
    [InlineData("NL", "GM0599", "GM0599")]
    [InlineData("NL", "Rotterdam", "GM0599")]
    [InlineData("NL", "Den Haag", "RE06")]
    public void Places_are_found_by_code_or_by_name_in_any_language(string country, string query, string expected)
    {
        Assert.Equal(expected, Lookup.Find(country, query)?.Code);
    }

    [Fact]
    public void Every_municipality_lies_in_a_province_the_map_can_draw()
    {
        var places = Gazetteer.LoadPlaces();
        var mapped = Gazetteer.BelgianIsoByNis.Keys.ToHashSet();
        foreach (var m in places.Where(p => p.Level == PlaceLevel.Municipality))
        {
            Assert.NotNull(m.ProvinceCode);
            Assert.True(m.Country == "NL" ? m.ProvinceCode!.StartsWith("PV", StringComparison.Ordinal) : mapped.Contains(m.ProvinceCode!), m.Code);
        }
    }
}
