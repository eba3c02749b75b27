using Waterline.Analytics.Hotspots;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>The quartic kernel density surface: it integrates to the total weight (the kernel integrates to 1), and a cell's
/// value is the formula 3/(π h²) (1 - d²/h²)² summed over points (Silverman 1986).</summary>
public class KernelDensityTests
{
    [Fact]
    public void The_density_integrates_to_the_total_weight_on_a_grid_that_covers_every_disc()
    {
        var random = new Random(3);
        var n = 200;
        double[] x = new double[n], y = new double[n], w = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = 1000 + random.NextDouble() * 3000;
            y[i] = 2000 + random.NextDouble() * 2000;
            w[i] = 1 + random.Next(5);
        }
        // Bandwidth 500, cells of 10: the grid reaches 500 beyond every point.
        var grid = KernelDensity.Estimate(x, y, w, 500, 400, 1400, 10, 420, 320);
        var integral = grid.Values.Sum() * grid.CellSize * grid.CellSize;
        Assert.Equal(w.Sum(), integral, w.Sum() * 1e-3);
        var unweighted = KernelDensity.Estimate(x, y, null, 500, 400, 1400, 10, 420, 320);
        Assert.Equal(n, unweighted.Values.Sum() * 100, n * 1e-3);
    }

    [Fact]
    public void A_cell_holds_the_quartic_kernel_of_its_centre_distance()
    {
        // One point at (0, 0), h = 2; cell (row 0, column 1) of size 1 from (-0.5, -0.5) has its centre at (1, 0): d = 1.
        var grid = KernelDensity.Estimate([0.0], [0.0], [2.0], 2, -0.5, -0.5, 1, 3, 1);
        Assert.Equal(2 * 3 / (Math.PI * 4) * Math.Pow(1 - 0.25, 2), grid.Values[1], 12);
        Assert.Equal(2 * 3 / (Math.PI * 4), grid.Values[0], 12);
    }
}
