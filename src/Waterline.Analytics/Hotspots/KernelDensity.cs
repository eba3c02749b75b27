namespace Waterline.Analytics.Hotspots;

/// <summary>A density surface on a regular grid: cell (row, column) has its centre at (MinX + (column + ½) CellSize,
/// MinY + (row + ½) CellSize) and its value at Values[row * Columns + column], in weight per unit area.</summary>
public sealed record DensityGrid(double MinX, double MinY, double CellSize, int Columns, int Rows, double[] Values);

/// <summary>Kernel density with the quartic (biweight) kernel K(u) = 3/π (1 - u²)² for u &lt; 1 (Silverman 1986, table 3.1, in
/// two dimensions; the kernel of CrimeStat and of most crime-mapping tools): f(s) = Σ_i w_i K(|s - s_i| / h) / h².
/// The kernel integrates to 1, so the surface integrates to the total weight where the grid covers every point's disc.</summary>
public static class KernelDensity
{
    public static DensityGrid Estimate(double[] x, double[] y, double[]? weights, double bandwidth, double minX, double minY, double cellSize,
        int columns, int rows)
    {
        SpatialWeights.CheckPoints(x, y);
        if (weights is not null && weights.Length != x.Length)
            throw new ArgumentException($"{weights.Length} weights for {x.Length} points", nameof(weights));
        if (!(bandwidth > 0) || double.IsInfinity(bandwidth))
            throw new ArgumentOutOfRangeException(nameof(bandwidth), "the bandwidth must be a finite distance > 0");
        if (!(cellSize > 0) || double.IsInfinity(cellSize))
            throw new ArgumentOutOfRangeException(nameof(cellSize), "the cell size must be a finite distance > 0");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var values = new double[checked(columns * rows)];
        var h2 = bandwidth * bandwidth;
        var scale = 3.0 / (Math.PI * h2);
        // Each point adds to the cells whose centres lie within its disc; rows in parallel would race, so points go serially.
        for (var i = 0; i < x.Length; i++)
        {
            var w = weights?[i] ?? 1.0;
            var c0 = Math.Max(0, (int)Math.Floor((x[i] - bandwidth - minX) / cellSize - 0.5));
            var c1 = Math.Min(columns - 1, (int)Math.Ceiling((x[i] + bandwidth - minX) / cellSize - 0.5));
            var r0 = Math.Max(0, (int)Math.Floor((y[i] - bandwidth - minY) / cellSize - 0.5));
            var r1 = Math.Min(rows - 1, (int)Math.Ceiling((y[i] + bandwidth - minY) / cellSize - 0.5));
            for (var r = r0; r <= r1; r++)
            {
                var dy = minY + (r + 0.5) * cellSize - y[i];
                for (var c = c0; c <= c1; c++)
                {
                    var dx = minX + (c + 0.5) * cellSize - x[i];
                    var u2 = (dx * dx + dy * dy) / h2;
                    if (u2 < 1)
                        values[r * columns + c] += w * scale * (1 - u2) * (1 - u2);
                }
            }
        }
        return new DensityGrid(minX, minY, cellSize, columns, rows, values);
    }
}
