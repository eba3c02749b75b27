namespace Waterline.Analytics.Hotspots;

/// <summary>A uniform grid over points with cells as wide as the search radius, so all points within the radius of a
/// point lie in its cell or the eight around it.</summary>
internal sealed class PointGrid
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _cell;
    private readonly double _minX;
    private readonly double _minY;
    private readonly Dictionary<(int, int), (int Start, int Count)> _cells = [];
    private readonly int[] _order;

    public PointGrid(double[] x, double[] y, double radius)
    {
        _x = x;
        _y = y;
        _minX = x.Length == 0 ? 0 : x.Min();
        _minY = y.Length == 0 ? 0 : y.Min();
        var spanX = x.Length == 0 ? 0 : x.Max() - _minX;
        var spanY = y.Length == 0 ? 0 : y.Max() - _minY;
        // No more than about 4 million cells per axis pair, and never a zero width.
        _cell = Math.Max(radius, Math.Max(Math.Max(spanX, spanY) / 2048, 1e-12));
        var keys = new (int, int)[x.Length];
        for (var i = 0; i < x.Length; i++)
            keys[i] = CellOf(x[i], y[i]);
        _order = [.. Enumerable.Range(0, x.Length).OrderBy(i => keys[i])];
        for (var k = 0; k < _order.Length;)
        {
            var key = keys[_order[k]];
            var start = k;
            while (k < _order.Length && keys[_order[k]] == key)
                k++;
            _cells[key] = (start, k - start);
        }
    }

    private (int, int) CellOf(double x, double y) => ((int)Math.Floor((x - _minX) / _cell), (int)Math.Floor((y - _minY) / _cell));

    /// <summary>Calls <paramref name="visit"/>(j, squared distance) for every point in the 3 × 3 cells around (x, y): a
    /// superset of the points within the radius.</summary>
    public void Near(double x, double y, Action<int, double> visit)
    {
        var (cx, cy) = CellOf(x, y);
        for (var dx = -1; dx <= 1; dx++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                if (!_cells.TryGetValue((cx + dx, cy + dy), out var range))
                    continue;
                for (var k = range.Start; k < range.Start + range.Count; k++)
                {
                    var j = _order[k];
                    var ex = _x[j] - x;
                    var ey = _y[j] - y;
                    visit(j, ex * ex + ey * ey);
                }
            }
        }
    }

    /// <summary>All unordered pairs i &lt; j with Euclidean distance ≤ <paramref name="radius"/> (not more than the radius the
    /// grid was built for), with their distances.</summary>
    public (int[] First, int[] Second, double[] Distance) ClosePairs(double radius)
    {
        var first = new List<int>();
        var second = new List<int>();
        var distance = new List<double>();
        var limit = radius * radius;
        for (var i = 0; i < _x.Length; i++)
        {
            var self = i;
            Near(_x[i], _y[i], (j, d2) =>
            {
                if (j <= self || d2 > limit)
                    return;
                first.Add(self);
                second.Add(j);
                distance.Add(Math.Sqrt(d2));
            });
        }
        return ([.. first], [.. second], [.. distance]);
    }
}
