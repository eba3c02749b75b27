using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using System.Text;
using Waterline.Analytics.Networks;

namespace Waterline.Networks;

/// <summary>A network read from a file: node labels by node number, and the graph.</summary>
/// <param name="Labels">The label of node v is <c>Labels[v]</c>.</param>
/// <param name="Graph">The graph (conventions in <see cref="Graph"/>).</param>
/// <param name="Format">"matrix" or "edges", as detected.</param>
public sealed record Network(string[] Labels, Graph Graph, string Format);

/// <summary>
/// Reads the two network file formats of ../shared/data/networks: a square adjacency matrix with labels (first row
/// and first column; top-left cell empty) and an edge list <c>source,target[,weight]</c> (comma, tab or semicolon;
/// an optional header row). A UTF-8 byte-order mark and CRLF line ends are accepted. Errors name the row and column.
/// </summary>
public static class NetworkFile
{
    /// <summary>Reads <paramref name="path"/>, detecting the format.</summary>
    /// <exception cref="FormatException">A cell is not a number, the matrix is not square, or a row is short.</exception>
    public static Network Read(string path, bool directed, bool weighted)
    {
        var rows = ReadRows(path);
        if (rows.Count == 0)
            throw new FormatException($"{path}: the file is empty");
        return IsMatrix(rows) ? ReadMatrix(path, rows, directed, weighted) : ReadEdges(path, rows, directed, weighted);
    }

    // A matrix has an empty top-left cell, or more columns than an edge list (source, target, weight) has.
    private static bool IsMatrix(List<string[]> rows) => rows[0].Length > 1 && (rows[0][0].Length == 0 || rows[0].Length > 3);

    private static Network ReadMatrix(string path, List<string[]> rows, bool directed, bool weighted)
    {
        var labels = rows[0][1..];
        var n = labels.Length;
        if (rows.Count - 1 != n)
            throw new FormatException($"{path}: {rows.Count - 1} rows and {n} columns: an adjacency matrix must be square (a two-mode, e.g. person x meeting, matrix must be projected to one mode first)");
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var row = rows[i + 1];
            if (row.Length != n + 1)
                throw new FormatException($"{path}, row {i + 2}: {row.Length} cells, expected {n + 1} (a label and {n} values)");
            if (row[0] != labels[i])
                throw new FormatException($"{path}, row {i + 2}: label '{row[0]}' differs from column {i + 2}'s label '{labels[i]}'; the matrix must list nodes in the same order both ways");
            for (var j = 0; j < n; j++)
                matrix[i, j] = Number(path, row[j + 1], i + 2, labels[j]);
        }
        return new Network(labels, Graph.FromMatrix(matrix, directed, weighted), "matrix");
    }

    private static Network ReadEdges(string path, List<string[]> rows, bool directed, bool weighted)
    {
        var first = HasHeader(rows[0]) ? 1 : 0;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        var sources = new List<int>();
        var targets = new List<int>();
        var weights = new List<double>();
        for (var r = first; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length < 2 || row[0].Length == 0 || row[1].Length == 0)
                throw new FormatException($"{path}, row {r + 1}: an edge needs a source and a target");
            var weight = row.Length > 2 && row[2].Length > 0 ? Number(path, row[2], r + 1, "weight") : 1.0;
            sources.Add(Node(row[0]));
            targets.Add(Node(row[1]));
            weights.Add(weight);
        }
        // Unweighted: a listed pair is a tie whatever its weight, and a pair listed twice is one tie.
        var graph = Graph.FromEdges(labels.Count, sources.ToArray(), targets.ToArray(), weighted ? weights.ToArray() : [], directed);
        return new Network(labels.ToArray(), graph, "edges");

        int Node(string label)
        {
            if (!index.TryGetValue(label, out var node))
            {
                index.Add(label, node = labels.Count);
                labels.Add(label);
            }
            return node;
        }
    }

    // A header row is one whose weight (or, without weight, whose names) reads as column names.
    private static bool HasHeader(string[] row) =>
        row.Length > 2 ? !double.TryParse(row[2], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            : row[0].Equals("source", StringComparison.OrdinalIgnoreCase) || row[0].Equals("from", StringComparison.OrdinalIgnoreCase);

    private static double Number(string path, string cell, int row, string column)
    {
        if (cell.Length == 0)
            return 0;
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new FormatException($"{path}, row {row}, column '{column}': '{cell}' is not a number");
        if (value < 0)
            throw new FormatException($"{path}, row {row}, column '{column}': {cell} is negative; ties are counts or strengths");
        return value;
    }

    private static char Delimiter(string line) =>
        line.Contains('\t', StringComparison.Ordinal) ? '\t'
            : line.Contains(';', StringComparison.Ordinal) && !line.Contains(',', StringComparison.Ordinal) ? ';' : ',';

    private static List<string[]> ReadRows(string path)
    {
        string firstLine;
        // A second reader rather than a rewind: a rewound StreamReader reads the byte-order mark as a character.
        using (var peek = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            firstLine = peek.ReadLine() ?? throw new FormatException($"{path}: the file is empty");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter(firstLine).ToString(),
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
        };
        using var parser = new CsvParser(reader, config);
        var rows = new List<string[]>();
        while (parser.Read())
        {
            var record = parser.Record;
            if (record is { Length: > 0 } && !(record.Length == 1 && record[0].Length == 0))
                rows.Add(record);
        }
        return rows;
    }
}
