using Waterline.Analytics.Hotspots;
using Waterline.Hotspots;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>Contiguity built from the Columbus polygons against the GAL files shipped in ../shared/data/stats/spatial, which
/// are spdep 1.2 <c>poly2nb(queen = TRUE / FALSE)</c> on the same geometry written by <c>write.nb.gal</c>.</summary>
public class ContiguityTests
{
    [Theory]
    [InlineData(ContiguityRule.Queen, "columbus_queen.gal", 236)]
    [InlineData(ContiguityRule.Rook, "columbus_rook.gal", 200)]
    public void Contiguity_from_the_Columbus_polygons_equals_the_shipped_GAL_file(ContiguityRule rule, string file, int links)
    {
        var areas = Columbus.Areas;
        var built = SpatialWeights.Contiguity(areas.Polygons, rule);
        var shipped = GalFile.Read(Columbus.File(file)).ToWeights(areas.Ids);
        Assert.Equal(links, built.LinkCount);
        Assert.Equal(shipped.LinkCount, built.LinkCount);
        for (var i = 0; i < built.Count; i++)
            Assert.Equal(shipped.Neighbours(i).ToArray(), built.Neighbours(i).ToArray());
    }

    [Fact]
    public void Writing_the_built_queen_weights_as_GAL_reproduces_the_shipped_file_byte_for_byte()
    {
        var areas = Columbus.Areas;
        var built = SpatialWeights.Contiguity(areas.Polygons, ContiguityRule.Queen);
        var writer = new StringWriter();
        GalFile.Write(writer, areas.Ids, built, "columbus", "POLYID");
        Assert.Equal(File.ReadAllText(Columbus.File("columbus_queen.gal")), writer.ToString());
    }

    [Fact]
    public void The_historical_Anselin_GAL_file_reads_with_its_count_only_header_and_230_links()
    {
        var gal = GalFile.Read(Columbus.File("columbus_spdata_anselin.gal"));
        Assert.Null(gal.Layer);
        Assert.Equal(49, gal.Ids.Length);
        Assert.Equal(230, gal.ToWeights().LinkCount);
    }

    [Fact]
    public void A_GAL_file_whose_neighbour_line_disagrees_with_its_count_is_refused_naming_the_line()
    {
        var error = Assert.Throws<FormatException>(() => GalFile.Read(new StringReader("3\n1 2\n2\n2 1\n1\n3 0\n\n"), "bad.gal"));
        Assert.Contains("bad.gal, line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lattice_has_the_queen_and_rook_link_counts_of_a_grid()
    {
        // r x c grid: rook 2(r(c-1) + c(r-1)) directed links; queen adds 4(r-1)(c-1) diagonals.
        Assert.Equal(2 * (3 * 3 + 4 * 2), SpatialWeights.Lattice(3, 4, ContiguityRule.Rook).LinkCount);
        Assert.Equal(2 * (3 * 3 + 4 * 2) + 4 * 2 * 3, SpatialWeights.Lattice(3, 4, ContiguityRule.Queen).LinkCount);
        Assert.Equal([1, 4, 5], SpatialWeights.Lattice(3, 4, ContiguityRule.Queen).Neighbours(0).ToArray());
    }

    [Fact]
    public void Lattice_cells_as_polygons_give_the_same_contiguity_as_the_lattice()
    {
        var polygons = new List<double[][]>();
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 5; c++)
                polygons.Add([[c, r, c + 1, r, c + 1, r + 1, c, r + 1, c, r]]);
        }
        foreach (var rule in new[] { ContiguityRule.Queen, ContiguityRule.Rook })
        {
            var fromPolygons = SpatialWeights.Contiguity(polygons, rule);
            var lattice = SpatialWeights.Lattice(4, 5, rule);
            for (var i = 0; i < lattice.Count; i++)
                Assert.Equal(lattice.Neighbours(i).ToArray(), fromPolygons.Neighbours(i).ToArray());
        }
    }
}
