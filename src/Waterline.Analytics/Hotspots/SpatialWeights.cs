namespace Waterline.Analytics.Hotspots;

/// <summary>Which shared boundary makes two polygons (or lattice cells) neighbours.</summary>
public enum ContiguityRule
{
    /// <summary>At least one shared boundary point (spdep <c>poly2nb(queen = TRUE)</c>).</summary>
    Queen,

    /// <summary>More than one shared boundary point (spdep <c>poly2nb(queen = FALSE)</c>); on a lattice the four edge neighbours.</summary>
    Rook,
}

/// <summary>
/// A spatial weights matrix in compressed sparse row form: area i's neighbours are sorted ascending with their weights at
/// the same positions, as spdep's <c>nb</c> / <c>listw</c> objects hold them. Areas without neighbours have empty rows
/// (spdep's <c>zero.policy = TRUE</c>: their local statistics are NaN, their lag is 0).
/// </summary>
public sealed class SpatialWeights
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly double[] _weights;

    private SpatialWeights(int[] offsets, int[] neighbours, double[] weights, bool rowStandardised)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _weights = weights;
        IsRowStandardised = rowStandardised;
    }

    /// <summary>The number of areas.</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>The number of directed links (a symmetric pair counts twice, as spdep's "nonzero links").</summary>
    public int LinkCount => _neighbours.Length;

    /// <summary>True after <see cref="RowStandardised"/> (spdep style "W"); false for binary or other weights (style "B").</summary>
    public bool IsRowStandardised { get; }

    /// <summary>The neighbours of area <paramref name="i"/>, ascending.</summary>
    public ReadOnlySpan<int> Neighbours(int i) => _neighbours.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);

    /// <summary>The weights of <see cref="Neighbours"/>, at the same positions.</summary>
    public ReadOnlySpan<double> Weights(int i) => _weights.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);

    /// <summary>True when every link i→j has its j→i.</summary>
    public bool IsSymmetric()
    {
        for (var i = 0; i < Count; i++)
        {
            foreach (var j in Neighbours(i))
            {
                if (Neighbours(j).BinarySearch(i) < 0)
                    return false;
            }
        }
        return true;
    }

    /// <summary>Binary weights (every link 1) from neighbour lists, 0-based; duplicates are merged and rows sorted.</summary>
    public static SpatialWeights FromNeighbours(IReadOnlyList<int[]> neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var n = neighbours.Count;
        var offsets = new int[n + 1];
        var rows = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var row = neighbours[i] ?? throw new ArgumentException($"area {i} has no neighbour list (use an empty array)", nameof(neighbours));
            foreach (var j in row)
            {
                if (j < 0 || j >= n)
                    throw new ArgumentException($"area {i} names neighbour {j}, outside 0..{n - 1}", nameof(neighbours));
            }
            rows[i] = [.. row.Distinct().Order()];
            offsets[i + 1] = offsets[i] + rows[i].Length;
        }
        var flat = new int[offsets[n]];
        for (var i = 0; i < n; i++)
            rows[i].CopyTo(flat, offsets[i]);
        var weights = new double[flat.Length];
        Array.Fill(weights, 1.0);
        return new SpatialWeights(offsets, flat, weights, rowStandardised: false);
    }

    /// <summary>Weights given per link: <paramref name="weights"/>[i][k] belongs to <paramref name="neighbours"/>[i][k].</summary>
    public static SpatialWeights FromNeighbours(IReadOnlyList<int[]> neighbours, IReadOnlyList<double[]> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var binary = FromNeighbours(neighbours);
        var values = new double[binary.LinkCount];
        for (var i = 0; i < binary.Count; i++)
        {
            var row = neighbours[i];
            if (weights[i].Length != row.Length || row.Distinct().Count() != row.Length)
                throw new ArgumentException($"area {i}: one weight per distinct neighbour is needed", nameof(weights));
            for (var k = 0; k < row.Length; k++)
                values[binary._offsets[i] + binary.Neighbours(i).BinarySearch(row[k])] = weights[i][k];
        }
        return new SpatialWeights(binary._offsets, binary._neighbours, values, rowStandardised: false);
    }

    /// <summary>Each row divided by its sum (spdep style "W"); empty rows stay empty.</summary>
    public SpatialWeights RowStandardised()
    {
        var weights = new double[_weights.Length];
        for (var i = 0; i < Count; i++)
        {
            var row = Weights(i);
            var sum = 0.0;
            foreach (var w in row)
                sum += w;
            for (var k = 0; k < row.Length; k++)
                weights[_offsets[i] + k] = row[k] / sum;
        }
        return new SpatialWeights(_offsets, _neighbours, weights, rowStandardised: true);
    }

    /// <summary>The same links with every weight 1 (spdep style "B").</summary>
    public SpatialWeights Binary()
    {
        var weights = new double[_weights.Length];
        Array.Fill(weights, 1.0);
        return new SpatialWeights(_offsets, _neighbours, weights, rowStandardised: false);
    }

    /// <summary>Every area made its own neighbour with weight 1 (spdep <c>include.self</c>, for Gi*); the weights of the other
    /// links are kept, so row-standardise afterwards for style "W". Rows that already hold i are unchanged.</summary>
    public SpatialWeights WithSelf()
    {
        var offsets = new int[Count + 1];
        var neighbours = new List<int>(_neighbours.Length + Count);
        var weights = new List<double>(_neighbours.Length + Count);
        for (var i = 0; i < Count; i++)
        {
            var row = Neighbours(i);
            var rowWeights = Weights(i);
            var placed = row.BinarySearch(i) >= 0;
            for (var k = 0; k < row.Length; k++)
            {
                if (!placed && row[k] > i)
                {
                    neighbours.Add(i);
                    weights.Add(1.0);
                    placed = true;
                }
                neighbours.Add(row[k]);
                weights.Add(rowWeights[k]);
            }
            if (!placed)
            {
                neighbours.Add(i);
                weights.Add(1.0);
            }
            offsets[i + 1] = neighbours.Count;
        }
        return new SpatialWeights(offsets, [.. neighbours], [.. weights], rowStandardised: false);
    }

    /// <summary>True when area i is among its own neighbours for every i (built with <see cref="WithSelf"/>).</summary>
    public bool IncludesSelf()
    {
        for (var i = 0; i < Count; i++)
        {
            if (Neighbours(i).BinarySearch(i) < 0)
                return false;
        }
        return true;
    }

    /// <summary>Spatial lag: (Wx)_i = Σ_j w_ij x_j.</summary>
    public double[] Lag(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
            throw new ArgumentException($"{values.Length} values for {Count} areas", nameof(values));
        var lag = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var row = Neighbours(i);
            var w = Weights(i);
            var sum = 0.0;
            for (var k = 0; k < row.Length; k++)
                sum += w[k] * values[row[k]];
            lag[i] = sum;
        }
        return lag;
    }

    /// <summary>Binary contiguity of polygons as spdep 1.2 <c>poly2nb</c>: queen when two polygons share a boundary point,
    /// rook when they share more than one, points matching when both coordinates differ by at most <paramref name="snap"/>.
    /// Each polygon is its rings (all rings of all parts of a multipolygon), each ring x,y interleaved.</summary>
    public static SpatialWeights Contiguity(IReadOnlyList<double[][]> polygons, ContiguityRule rule, double snap = 0)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        if (!(snap >= 0) || double.IsInfinity(snap))
            throw new ArgumentOutOfRangeException(nameof(snap), "snap must be a finite distance >= 0");
        var n = polygons.Count;
        // Distinct vertices per polygon (a ring's closing point repeats its first; shared rings repeat points).
        var vertexOwner = new List<int>();
        var xs = new List<double>();
        var ys = new List<double>();
        for (var p = 0; p < n; p++)
        {
            var seen = new HashSet<(double, double)>();
            foreach (var ring in polygons[p])
            {
                if (ring.Length % 2 != 0)
                    throw new ArgumentException($"polygon {p}: a ring has an odd number of coordinates", nameof(polygons));
                for (var k = 0; k < ring.Length; k += 2)
                {
                    if (seen.Add((ring[k], ring[k + 1])))
                    {
                        vertexOwner.Add(p);
                        xs.Add(ring[k]);
                        ys.Add(ring[k + 1]);
                    }
                }
            }
        }
        // Shared points per ordered pair (p, q): the number of distinct vertices of p that match a vertex of q.
        var shared = new Dictionary<long, int>();
        var buckets = new Dictionary<(long, long), List<int>>();
        (long, long) Cell(double x, double y) => snap == 0
            ? (BitConverter.DoubleToInt64Bits(x + 0.0), BitConverter.DoubleToInt64Bits(y + 0.0))
            : ((long)Math.Floor(x / snap), (long)Math.Floor(y / snap));
        for (var v = 0; v < xs.Count; v++)
        {
            var key = Cell(xs[v], ys[v]);
            if (!buckets.TryGetValue(key, out var list))
                buckets[key] = list = [];
            list.Add(v);
        }
        var matched = new HashSet<int>();
        for (var v = 0; v < xs.Count; v++)
        {
            matched.Clear();
            var (cx, cy) = Cell(xs[v], ys[v]);
            var reach = snap == 0 ? 0 : 1;
            for (var dx = -reach; dx <= reach; dx++)
            {
                for (var dy = -reach; dy <= reach; dy++)
                {
                    if (!buckets.TryGetValue(snap == 0 ? (cx, cy) : (cx + dx, cy + dy), out var list))
                        continue;
                    foreach (var u in list)
                    {
                        var q = vertexOwner[u];
                        if (q != vertexOwner[v] && Math.Abs(xs[u] - xs[v]) <= snap && Math.Abs(ys[u] - ys[v]) <= snap && matched.Add(q))
                        {
                            var pair = (long)vertexOwner[v] * n + q;
                            shared[pair] = shared.GetValueOrDefault(pair) + 1;
                        }
                    }
                }
            }
        }
        var needed = rule == ContiguityRule.Queen ? 1 : 2;
        var rows = new List<int>[n];
        for (var p = 0; p < n; p++)
            rows[p] = [];
        foreach (var (pair, count) in shared)
        {
            var p = (int)(pair / n);
            var q = (int)(pair % n);
            if (count >= needed || shared.GetValueOrDefault((long)q * n + p) >= needed)
            {
                rows[p].Add(q);
                rows[q].Add(p);
            }
        }
        return FromNeighbours([.. rows.Select(r => r.ToArray())]);
    }

    /// <summary>Binary contiguity of a regular grid of <paramref name="rows"/> × <paramref name="columns"/> cells, numbered
    /// row-major (cell = row * columns + column): rook the four edge neighbours, queen the eight around.</summary>
    public static SpatialWeights Lattice(int rows, int columns, ContiguityRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        var n = rows * columns;
        var offsets = new int[n + 1];
        var neighbours = new List<int>(n * (rule == ContiguityRule.Queen ? 8 : 4));
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                for (var dr = -1; dr <= 1; dr++)
                {
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        if ((dr == 0 && dc == 0) || (rule == ContiguityRule.Rook && dr != 0 && dc != 0))
                            continue;
                        int rr = r + dr, cc = c + dc;
                        if (rr >= 0 && rr < rows && cc >= 0 && cc < columns)
                            neighbours.Add(rr * columns + cc);
                    }
                }
                offsets[r * columns + c + 1] = neighbours.Count;
            }
        }
        var weights = new double[neighbours.Count];
        Array.Fill(weights, 1.0);
        return new SpatialWeights(offsets, [.. neighbours], weights, rowStandardised: false);
    }

    /// <summary>Binary distance-band neighbours: j ≠ i with Euclidean distance ≤ <paramref name="distance"/>, as spdep 1.2
    /// <c>dnearneigh(coords, 0, distance)</c> (bounds "GE", "LE"). A grid index keeps it near O(n · neighbours).</summary>
    public static SpatialWeights DistanceBand(double[] x, double[] y, double distance)
    {
        CheckPoints(x, y);
        if (!(distance >= 0) || double.IsInfinity(distance))
            throw new ArgumentOutOfRangeException(nameof(distance), "the band must be a finite distance >= 0");
        var index = new PointGrid(x, y, distance);
        var rows = new int[x.Length][];
        var found = new List<int>();
        var limit = distance * distance;
        for (var i = 0; i < x.Length; i++)
        {
            found.Clear();
            index.Near(x[i], y[i], (j, d2) =>
            {
                if (j != i && d2 <= limit)
                    found.Add(j);
            });
            rows[i] = [.. found];
        }
        return FromNeighbours(rows);
    }

    /// <summary>Binary k-nearest neighbours (not symmetric), as spdep 1.2 <c>knn2nb(knearneigh(coords, k))</c>; equal
    /// distances are broken by the lower index.</summary>
    public static SpatialWeights KNearest(double[] x, double[] y, int k)
    {
        CheckPoints(x, y);
        var n = x.Length;
        if (k < 1 || k >= n)
            throw new ArgumentOutOfRangeException(nameof(k), $"k must be between 1 and {n - 1}");
        var rows = new int[n][];
        var order = new (double Distance, int Index)[n - 1];
        for (var i = 0; i < n; i++)
        {
            var m = 0;
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                    order[m++] = ((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]), j);
            }
            Array.Sort(order);
            rows[i] = [.. order.Take(k).Select(o => o.Index)];
        }
        return FromNeighbours(rows);
    }

    internal static void CheckPoints(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
            throw new ArgumentException($"{x.Length} x coordinates but {y.Length} y coordinates", nameof(y));
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"point {i} has a coordinate that is not a finite number", nameof(x));
        }
    }
}
