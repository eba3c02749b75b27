using System.Text.Json;
using Waterline.Analytics.Hotspots;
using Waterline.Hotspots;

namespace Waterline.Tests.Hotspots;

/// <summary>Reading areas from GeoJSON: multipolygons contribute all rings of all parts, ids come from the chosen property
/// or the features' id, and refusals name the feature and property.</summary>
public class AreasFileTests
{
    private static AreaSet Read(string json, string value = "count", string? id = null) =>
        AreasFile.Read(JsonDocument.Parse(json).RootElement, "test.geojson", value, id);

    private const string ThreeAreas = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","id":"west","properties":{"count":1},"geometry":{"type":"MultiPolygon","coordinates":[
           [[[0,0],[1,0],[1,1],[0,1],[0,0]]],
           [[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}},
         {"type":"Feature","id":"middle","properties":{"count":"2.5"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
         {"type":"Feature","id":"island-neighbour","properties":{"count":3},"geometry":{"type":"Polygon","coordinates":[[[6,5],[7,5],[7,6],[6,6],[6,5]]]}}]}
        """;

    [Fact]
    public void A_multipolygon_area_touches_neighbours_of_each_of_its_parts()
    {
        var set = Read(ThreeAreas);
        Assert.Equal(["west", "middle", "island-neighbour"], set.Ids);
        Assert.Equal([1, 2.5, 3], set.Values);
        Assert.Equal(2, set.Polygons[0].Length);
        var rook = SpatialWeights.Contiguity(set.Polygons, ContiguityRule.Rook);
        Assert.Equal([1, 2], rook.Neighbours(0).ToArray());
        Assert.Equal([0], rook.Neighbours(2).ToArray());
    }

    [Fact]
    public void Numeric_id_properties_read_as_R_writes_them()
    {
        var set = Read("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"POLYID":7.0,"count":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}
            """, id: "POLYID");
        Assert.Equal(["7"], set.Ids);
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"count":"many"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}""", "feature 1, property 'count'")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"count":1},"geometry":{"type":"Point","coordinates":[0,0]}}]}""", "feature 1, geometry: type 'Point'")]
    [InlineData("""{"type":"Feature"}""", "not a GeoJSON FeatureCollection")]
    public void Bad_areas_are_refused_naming_the_feature_and_property(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Read(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_are_refused_naming_both_features()
    {
        var json = ThreeAreas.Replace("\"id\":\"middle\"", "\"id\":\"west\"", StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => Read(json));
        Assert.Contains("feature 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("feature 1", error.Message, StringComparison.Ordinal);
    }
}
