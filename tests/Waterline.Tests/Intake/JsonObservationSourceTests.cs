using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Waterline.Geography;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Intake;

/// <summary>The JSON reader on its own (no database): the bare array and {"observations": [...]} give the same rows,
/// whatever surrounds the array, however the bytes arrive, and with memory bounded by one row, not the document.</summary>
public sealed class JsonObservationSourceTests
{
    private static readonly PlaceLookup Places = new(Gazetteer.LoadPlaces());
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private sealed record ReadRow(int Row, string? Problem, string?[] Values)
    {
        public override string ToString() => $"{Row} {Problem} [{string.Join("|", Values)}]";
    }

    private static async Task<List<ReadRow>> ReadAllAsync(Stream content)
    {
        var reader = new ObservationRowReader(ObservationKind.Seizure, Places, KnownOrganisations.All, Now);
        var values = new string?[reader.Fields.Count];
        await using var stream = new IntakeStream(content);
        var rows = new List<ReadRow>();
        await foreach (var row in IntakeSources.ReadAsync(ImportFormat.Json, stream, reader, values, CancellationToken.None))
        {
            rows.Add(new ReadRow(row.Row, row.Problem, (string?[])values.Clone()));
        }
        return rows;
    }

    private static Task<List<ReadRow>> ReadAllAsync(string json, bool trickle = false) =>
        ReadAllAsync(trickle ? new TrickleStream(Encoding.UTF8.GetBytes(json)) : new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static async Task<string> RefusalAsync(string json) =>
        (await Assert.ThrowsAsync<IntakeFileException>(() => ReadAllAsync(json))).Message;

    /// <summary>The rows of samples/*.csv (the shipped intake files) as JSON objects: numbers as JSON numbers,
    /// empty cells left out, as a partner system would write them.</summary>
    internal static string SampleAsJsonArray(string name, bool indented = true)
    {
        using var text = new StreamReader(Sample(name));
        using var csv = new CsvParser(text, CultureInfo.InvariantCulture);
        csv.Read();
        var header = csv.Record!;
        var objects = new List<Dictionary<string, object>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, object>();
            for (var i = 0; i < header.Length; i++)
            {
                var cell = csv[i];
                if (cell.Length > 0)
                {
                    row[header[i]] = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && header[i] != "external_id"
                        ? number : cell;
                }
            }
            objects.Add(row);
        }
        return JsonSerializer.Serialize(objects, new JsonSerializerOptions { WriteIndented = indented });
    }

    internal static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException(name);
    }

    // Top-level neighbours of the array that a reader must skip: brackets and braces inside strings, a nested
    // "observations" key, escaped quotes, and values larger than the reader's 64 KiB buffer.
    private const string Before = """
        "source": {"system": "partner [x] {y}", "observations": 3, "list": [[1, 2], {"a": "]}"}]},
        "note": "quote \" and ] and } and [ and {",
        """;

    private static readonly string LargeBefore = $$"""
        "padding": "{{new string('[', 200_000)}}",
        "nested": [{{string.Join(",", Enumerable.Range(0, 30_000).Select(i => $"{{\"k\":[{i}]}}"))}}],
        """;

    private const string After = """
        , "count": 2, "tail": {"observations": [{"external_id": "NOT-A-ROW"}]}, "flag": true, "nothing": null
        """;

    public static TheoryData<string, bool> Wrappings => new()
    {
        { "{\"observations\": ROWS}", false },
        { "{" + Before + " \"observations\": ROWS}", false },
        { "{\"observations\": ROWS" + After + "}", false },
        { "{" + Before + " \"observations\": ROWS" + After + "}", false },
        { "{" + LargeBefore + " \"observations\": ROWS" + After + "}", false },
        // One byte per read: every token, row and skipped value straddles a segment boundary.
        { "\uFEFF {" + Before + "\n\"observations\":\nROWS" + After + "}\n", true },
    };

    [Theory]
    [MemberData(nameof(Wrappings))]
    public async Task The_wrapped_form_gives_the_same_rows_as_the_bare_array_wherever_the_array_stands(string wrapping, bool trickle)
    {
        foreach (var sample in new[] { "seizures.csv", "seizures-with-errors.csv" })
        {
            var array = SampleAsJsonArray(sample);
            var bare = await ReadAllAsync(array);
            var wrapped = await ReadAllAsync(wrapping.Replace("ROWS", array, StringComparison.Ordinal), trickle);

            Assert.Equal(bare.Select(r => r.ToString()), wrapped.Select(r => r.ToString()));
            Assert.Equal(File.ReadLines(Sample(sample)).Count() - 1, wrapped.Count);
        }
    }

    [Fact]
    public async Task Strings_and_nested_values_with_brackets_are_read_as_written()
    {
        const string Rows = """
            [
              {"external_id": "S-1", "notes": "a ] b } c [ d { e \"]\" f", "concealment": {"in": ["boxes", {"of": "]["}]}, "quantity": 1.5e3},
              {"external\u005fid": "S-2", "notes": "caf\u00e9 \\ done", "purity": 82, "port": true},
              42,
              [1, {"external_id": "S-3"}],
              {"external_id": "S-4", "notes": null}
            ]
            """;
        var reader = new ObservationRowReader(ObservationKind.Seizure, Places, KnownOrganisations.All, Now);
        foreach (var trickle in new[] { false, true })
        {
            var rows = await ReadAllAsync("{\"meta\": [\"]\"], \"observations\": " + Rows + "}", trickle);

            Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => r.Row));
            var first = rows[0].Values;
            Assert.Equal("S-1", first[reader.IndexOf("external_id")]);
            Assert.Equal("a ] b } c [ d { e \"]\" f", first[reader.IndexOf("notes")]);
            // Objects, arrays and numbers keep their JSON text, as JsonElement.GetRawText gave them before.
            Assert.Equal("{\"in\": [\"boxes\", {\"of\": \"][\"}]}", first[reader.IndexOf("concealment")]);
            Assert.Equal("1.5e3", first[reader.IndexOf("quantity")]);
            Assert.Equal("S-2", rows[1].Values[reader.IndexOf("external_id")]);
            Assert.Equal("café \\ done", rows[1].Values[reader.IndexOf("notes")]);
            Assert.Equal("true", rows[1].Values[reader.IndexOf("port")]);
            Assert.Equal("is a JSON number; expected an object", rows[2].Problem);
            Assert.Equal("is a JSON array; expected an object", rows[3].Problem);
            Assert.All(rows[3].Values, Assert.Null);
            Assert.Null(rows[4].Values[reader.IndexOf("notes")]);
        }
    }

    [Fact]
    public async Task One_object_without_observations_is_one_row()
    {
        var rows = await ReadAllAsync("""{"external_id": "S-1", "notes": "[x]", "quantity": 3}""");
        var reader = new ObservationRowReader(ObservationKind.Seizure, Places, KnownOrganisations.All, Now);
        var row = Assert.Single(rows);
        Assert.Equal((1, "S-1", "[x]", "3"), (row.Row, row.Values[reader.IndexOf("external_id")], row.Values[reader.IndexOf("notes")],
            row.Values[reader.IndexOf("quantity")]));
        Assert.StartsWith("Unknown field 'substanse' in row 1",
            await RefusalAsync("""{"external_id": "S-1", "substanse": {"a": 1}, "notes": "x"}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"external_id\": \"S-1\"}, {\"external_id\": \"S-2\", \"quantity\": 12x}]", "in row 2, field 'quantity', at line 1")]
    [InlineData("{\"a\": 1, \"observations\": [{\"external_id\": \"S-1\"},\n {\"external_id\": \"S-2\"},\n {\"external_id\": \"S-3\", \"unit\": kilogram}]}",
        "in row 3, field 'unit', at line 3")]
    [InlineData("{\"observations\": [{\"external_id\": \"S-1\"}, {\"notes\": \"cut off", "in row 2, field 'notes', at line 1")]
    [InlineData("{\"observations\": [{\"external_id\": \"S-1\"}, {,}]}", "in row 2 at line 1")]
    [InlineData("{\"observations\": [{\"external_id\": \"S-1\"}] x}", "The JSON is malformed at line 1")]
    [InlineData("[{\"external_id\": \"S-1\"}] ]", "The JSON is malformed at line 1")]
    [InlineData("{\"observations\": 5}", "'observations' must be a JSON array.")]
    [InlineData("{\"observations\": [], \"observations\": []}", "'observations' appears twice")]
    [InlineData("42", "Expected a JSON array of observations, {\"observations\": [...]}, or one JSON object.")]
    [InlineData("  \n", "The body is empty")]
    [InlineData("{\"observations\": [{\"external_id\": \"S-1\"}, {\"external_id\": \"S-2\", \"substanse\": 1}]}", "Unknown field 'substanse' in row 2;")]
    public async Task A_malformed_document_is_refused_naming_the_row_and_field_where_known(string json, string expected)
    {
        Assert.Contains(expected, await RefusalAsync(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_wrapped_document_streams_with_memory_bounded_by_the_buffer_not_the_document()
    {
        const int Rows = 200_000;
        var reader = new ObservationRowReader(ObservationKind.Seizure, Places, KnownOrganisations.All, Now);
        var values = new string?[reader.Fields.Count];
        var thread = Environment.CurrentManagedThreadId;
        // What the test's own generator allocates per row (interpolation formatting), to leave out of the count.
        var generator = new GeneratedDocument(Rows, wrapped: true);
        var scratch = new byte[1 << 16];
        var before = GC.GetAllocatedBytesForCurrentThread();
        while (await generator.ReadAsync(scratch) > 0)
        {
        }
        var generatorAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var document = new GeneratedDocument(Rows, wrapped: true);
        before = GC.GetAllocatedBytesForCurrentThread();
        await using (var stream = new IntakeStream(document))
        {
            await foreach (var row in IntakeSources.ReadAsync(ImportFormat.Json, stream, reader, values, CancellationToken.None))
            {
                document.Check(row.Row, values);
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Rows, document.RowsChecked);
        Assert.True(document.Length > 60_000_000, $"document of {document.Length:N0} bytes");
        // The reader keeps at most its 64 KiB buffer (plus the 4 KiB first-byte peek) beyond the row it hands out;
        // rows are a few hundred bytes, so the buffer never grows. JsonDocument read all of it before the first row.
        Assert.True(document.MaxReadAhead <= 68 * 1024, $"read ahead {document.MaxReadAhead:N0} bytes");
        // Allocation, measured on this thread (valid because every read completes synchronously, checked): the value
        // strings handed out (unavoidable, and collected row by row) plus a fixed amount, never a copy of the document.
        Assert.Equal(thread, Environment.CurrentManagedThreadId);
        var overhead = allocated - generatorAllocated - document.ValueStringBytes;
        Assert.True(overhead < 1 << 20, $"allocated {allocated:N0} bytes, of which value strings {document.ValueStringBytes:N0} and " +
            $"the generator's {generatorAllocated:N0}, for a {document.Length:N0}-byte document");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sample_files_import_the_same_as_csv_bare_json_and_wrapped_json(DatabaseProvider provider)
    {
        var samples = new[] { "seizures.csv", "seizures-with-errors.csv" };
        var forms = new Func<string, (string Content, ImportFormat Format)>[]
        {
            sample => (File.ReadAllText(Sample(sample)), ImportFormat.Csv),
            sample => (SampleAsJsonArray(sample, indented: false), ImportFormat.Json),
            sample => ("{" + Before + "\"observations\": " + SampleAsJsonArray(sample) + After + "}", ImportFormat.Json),
        };
        var results = new List<string>();
        foreach (var form in forms)
        {
            // One database per form; the two samples have distinct external ids.
            await using var test = await TestDatabase.CreateAsync(provider);
            await using var db = test.NewContext();
            var reports = new List<string>();
            foreach (var sample in samples)
            {
                var (content, format) = form(sample);
                var result = await new ImportObservations.Handler(db, TimeProvider.System)
                    .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure, new MemoryStream(Encoding.UTF8.GetBytes(content)), format, sample), default);
                reports.Add($"{result.RowsRead} {result.Accepted} {result.RejectedRows} {result.FileError} | {string.Join("; ", result.Rejections)}");
            }
            var stored = await db.Seizures.OrderBy(s => s.ExternalId)
                .Select(s => $"{s.ExternalId} {s.MunicipalityCode} {s.RegionCode} {s.QuantityKg} {s.Purity} {s.TransportMode} {s.Notes}").ToListAsync();
            results.Add(string.Join("\n", reports) + "\n" + string.Join("\n", stored));
        }
        // Five good rows, then one good and five rejected (docs/intake.md, Samples).
        Assert.StartsWith("5 5 0  | \n6 1 5  | RowRejection { Row = 2, Field = market", results[0], StringComparison.Ordinal);
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_malformed_row_in_a_wrapped_document_refuses_the_file_and_keeps_no_row_before_it(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var array = SampleAsJsonArray("seizures.csv");
        var broken = array[..array.LastIndexOf("\"quantity\"", StringComparison.Ordinal)] + "\"quantity\": 12kg}]";
        await using var db = test.NewContext();
        var result = await new ImportObservations.Handler(db, TimeProvider.System) { BatchSize = 1 }
            .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure,
                new MemoryStream(Encoding.UTF8.GetBytes("{\"observations\": " + broken + "}")), ImportFormat.Json, "broken.json"), default);

        Assert.Contains("The JSON is malformed in row 5, field 'quantity',", result.FileError, StringComparison.Ordinal);
        Assert.Equal(ImportStatus.Failed, result.Status);
        await using var read = test.NewContext();
        // As before this change: a refused file keeps nothing, even rows read (and batched) before the fault.
        Assert.Equal(0, await read.Observations.CountAsync());
        Assert.Equal(ImportStatus.Failed, (await read.ImportBatches.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_large_wrapped_import_reports_progress_long_before_the_document_is_read(DatabaseProvider provider)
    {
        const int Rows = 20_000;
        await using var test = await TestDatabase.CreateAsync(provider);
        var document = new GeneratedDocument(Rows, wrapped: true, valid: true);
        var firstReportAt = -1L;
        await using var db = test.NewContext();
        var result = await new ImportObservations.Handler(db, TimeProvider.System) { BatchSize = 500 }
            .HandleAsync(new ImportObservations.Request(ObservationKind.Seizure, document, ImportFormat.Json, "large.json")
            {
                Progress = new FirstReport(p => firstReportAt = firstReportAt < 0 ? p.BytesRead : firstReportAt),
            }, default);

        Assert.Equal((Rows, Rows, 0), (result.RowsRead, result.Accepted, result.RejectedRows));
        // The first batch of 500 rows is written while the reader is at most a few batches (two queued, one being
        // filled: 7.5 % of the rows) and one 64 KiB buffer ahead.
        Assert.InRange(firstReportAt, 1, document.Length / 5);
    }

    private sealed class FirstReport(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    /// <summary>Gives one byte per read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    /// <summary>A JSON document of <c>rows</c> seizures written as it is read, never held whole and without allocating
    /// (so it does not blur the reader's allocation count); it records where each row ends, so a test can see how far
    /// reading ran ahead of the rows handed out.</summary>
    private sealed class GeneratedDocument : Stream
    {
        private static readonly byte[] WrappedHead = "{\"exported_by\": {\"system\": \"partner\", \"filters\": [\"[all]\"]}, \"observations\": [\n"u8.ToArray();
        private static readonly byte[] WrappedTail = "\n], \"count\": 200000, \"checked\": {\"by\": \"[nobody]\"}}\n"u8.ToArray();
        private readonly int _rows;
        private readonly bool _wrapped;
        private readonly bool _valid;
        private readonly long[] _rowEnds;
        private readonly byte[] _row = new byte[1024];
        private ReadOnlyMemory<byte> _chunk = ReadOnlyMemory<byte>.Empty;
        private int _next;
        private long _read;

        public GeneratedDocument(int rows, bool wrapped, bool valid = false)
        {
            (_rows, _wrapped, _valid) = (rows, wrapped, valid);
            _rowEnds = new long[rows + 1];
            // One pass to know the length; rows are written again on reading.
            long length = Head.Length + Tail.Length;
            for (var i = 1; i <= rows; i++)
            {
                length += WriteRow(i);
            }
            Length = length;
        }

        public override long Length { get; }
        public int RowsChecked { get; private set; }
        public long MaxReadAhead { get; private set; }
        /// <summary>Heap size of the value strings the reader handed out: 22 bytes of header, length and terminator
        /// plus two per character, rounded up to 8 (CoreCLR, 64-bit).</summary>
        public long ValueStringBytes { get; private set; }

        private ReadOnlyMemory<byte> Head => _wrapped ? WrappedHead : "[\n"u8.ToArray();
        private ReadOnlyMemory<byte> Tail => _wrapped ? WrappedTail : "\n]\n"u8.ToArray();

        public void Check(int row, string?[] values)
        {
            Assert.True(values[0] is { Length: 11 } id && id.StartsWith("GEN-", StringComparison.Ordinal) &&
                int.Parse(id.AsSpan(4), CultureInfo.InvariantCulture) == row, values[0]);
            MaxReadAhead = Math.Max(MaxReadAhead, _read - _rowEnds[row]);
            foreach (var v in values)
            {
                ValueStringBytes += v is null ? 0 : (22 + 2 * v.Length + 7) & ~7;
            }
            RowsChecked++;
        }

        private int WriteRow(int row)
        {
            var (municipality, country) = !_valid ? ("Gent", "BE") : row % 2 == 0 ? ("Antwerpen", "BE") : ("GM0599", "NL");
            var separator = row > 1 ? ",\n" : "";
            Assert.True(System.Text.Unicode.Utf8.TryWrite(_row, CultureInfo.InvariantCulture,
                $"{separator}  {{\"external_id\": \"GEN-{row:D7}\", \"source_organisation\": \"BE-CUSTOMS\", \"market\": \"cocaine\", \"echelon\": \"import-transit\", \"occurred_at\": \"2024-{1 + row % 12:D2}-{1 + row % 28:D2}\", \"country\": \"{country}\", \"municipality\": \"{municipality}\", \"substance\": \"cocaine\", \"quantity\": {row % 997}.5, \"unit\": \"kilogram\", \"transport_mode\": \"sea-container\", \"notes\": \"generated row [{row}] {{braces}}\"}}",
                out var written));
            return written;
        }

        public override int Read(Span<byte> buffer)
        {
            if (_chunk.IsEmpty)
            {
                if (_next > _rows + 1)
                {
                    return 0;
                }
                if (_next == 0)
                {
                    _chunk = Head;
                }
                else if (_next <= _rows)
                {
                    var length = WriteRow(_next);
                    _chunk = _row.AsMemory(0, length);
                    _rowEnds[_next] = _read + length;
                }
                else
                {
                    _chunk = Tail;
                }
                _next++;
            }
            var count = Math.Min(buffer.Length, _chunk.Length);
            _chunk.Span[..count].CopyTo(buffer);
            _chunk = _chunk[count..];
            _read += count;
            return count;
        }

        // Completes synchronously, so the reader never leaves the calling thread (the allocation count relies on it).
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
