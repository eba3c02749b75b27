using System.Globalization;
using System.Text;
using Waterline.Analytics.Hotspots;

namespace Waterline.Hotspots;

/// <summary>Neighbour lists read from a GAL file: area ids in file order, each area's neighbours as 0-based positions in
/// <see cref="Ids"/>, and the optional header's layer name and id field.</summary>
public sealed record GalNeighbours(string[] Ids, int[][] Neighbours, string? Layer, string? IdField)
{
    /// <summary>Binary weights in this file's order.</summary>
    public SpatialWeights ToWeights() => SpatialWeights.FromNeighbours(Neighbours);

    /// <summary>The neighbour lists re-ordered to <paramref name="ids"/> (the areas' order); the two id sets must be equal.</summary>
    public SpatialWeights ToWeights(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
            position[ids[i]] = i;
        var missing = Ids.FirstOrDefault(id => !position.ContainsKey(id));
        if (missing is not null || ids.Count != Ids.Length)
            throw new FormatException(missing is not null
                ? $"the GAL file names area '{missing}', which is not among the {ids.Count} areas"
                : $"the GAL file has {Ids.Length} areas, the areas file {ids.Count}");
        var rows = new int[ids.Count][];
        for (var k = 0; k < Ids.Length; k++)
            rows[position[Ids[k]]] = [.. Neighbours[k].Select(j => position[Ids[j]])];
        return SpatialWeights.FromNeighbours(rows);
    }
}

/// <summary>The GAL neighbour format of GeoDa and spdep (<c>read.gal</c> / <c>write.nb.gal</c>): a header line, either the area
/// count alone or "0 count layer idfield"; then per area a line "id k" and a line with its k neighbour ids (empty when
/// k = 0). Refusals are <see cref="FormatException"/>s naming the file and the line.</summary>
public static class GalFile
{
    public static GalNeighbours Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static GalNeighbours Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        string? Next() { lineNumber++; return reader.ReadLine(); }
        string[] Fields(string? line) => line is null ? [] : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        FormatException Error(string message) => new($"{name}, line {lineNumber}: {message}");

        var header = Fields(Next());
        int count;
        string? layer = null, idField = null;
        if (header.Length == 1 && TryCount(header[0], out count))
        {
        }
        else if (header.Length >= 2 && header[0] == "0" && TryCount(header[1], out count))
        {
            layer = header.Length > 2 ? header[2] : null;
            idField = header.Length > 3 ? header[3] : null;
        }
        else
        {
            throw Error("the header must be the area count, or '0 count layer idfield'");
        }
        var ids = new string[count];
        var named = new List<string>[count];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < count; a++)
        {
            var line = Next();
            if (line is null)
                throw Error($"the file ends after {a} of the {count} areas the header announces");
            var entry = Fields(line);
            if (entry.Length != 2 || !TryCount(entry[1], out var k))
                throw Error($"'{line.Trim()}' is not 'id neighbour-count'");
            if (!index.TryAdd(entry[0], a))
                throw Error($"area '{entry[0]}' appears a second time");
            ids[a] = entry[0];
            var neighbours = Fields(Next());
            if (neighbours.Length != k)
                throw Error($"area '{entry[0]}' announces {k} neighbours but this line lists {neighbours.Length}");
            named[a] = [.. neighbours];
        }
        while (Next() is { } rest)
        {
            if (rest.Trim().Length > 0)
                throw Error($"more lines than the {count} areas the header announces");
        }
        var rows = new int[count][];
        for (var a = 0; a < count; a++)
        {
            rows[a] = new int[named[a].Count];
            for (var k = 0; k < named[a].Count; k++)
            {
                // Line of area a's neighbour list: header, then two lines per area.
                lineNumber = 2 + 2 * a + 1;
                rows[a][k] = index.TryGetValue(named[a][k], out var j) ? j : throw Error($"neighbour '{named[a][k]}' of area '{ids[a]}' is not an area of this file");
            }
        }
        return new GalNeighbours(ids, rows, layer, idField);
    }

    /// <summary>Writes as spdep's <c>write.nb.gal</c>: the "0 count layer idfield" header when a layer is given, the count
    /// alone otherwise; neighbours in ascending position order.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> ids, SpatialWeights weights, string? layer = null, string? idField = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(weights);
        if (ids.Count != weights.Count)
            throw new ArgumentException($"{ids.Count} ids for {weights.Count} areas", nameof(ids));
        foreach (var id in ids)
        {
            if (id.Length == 0 || id.Any(char.IsWhiteSpace))
                throw new ArgumentException($"GAL ids cannot be empty or hold spaces: '{id}'", nameof(ids));
        }
        var count = ids.Count.ToString(CultureInfo.InvariantCulture);
        writer.Write(layer is null ? count : $"0 {count} {layer} {idField ?? "id"}");
        writer.Write('\n');
        for (var i = 0; i < ids.Count; i++)
        {
            var row = weights.Neighbours(i);
            writer.Write($"{ids[i]} {row.Length.ToString(CultureInfo.InvariantCulture)}\n");
            var names = new string[row.Length];
            for (var k = 0; k < row.Length; k++)
                names[k] = ids[row[k]];
            writer.Write(string.Join(' ', names));
            writer.Write('\n');
        }
    }

    public static void Write(string path, IReadOnlyList<string> ids, SpatialWeights weights, string? layer = null, string? idField = null)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, ids, weights, layer, idField);
    }

    private static bool TryCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count);
}
