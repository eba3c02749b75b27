using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Waterline.Intake;

/// <summary>Reads the observations of a JSON document one at a time: a bare array <c>[{...}, ...]</c>,
/// <c>{"observations": [...]}</c> with any other top-level properties before or after the array (skipped), or one
/// observation object. Memory is bounded by the largest single observation (or top-level value), not the document:
/// bytes are read in segments into one buffer that grows only when a single value does not fit.</summary>
/// <remarks>Hand-written over <see cref="Utf8JsonReader"/> because System.Text.Json streams only a root-level array
/// (JsonSerializer.DeserializeAsyncEnumerable; an array inside an object is not supported, dotnet/runtime#101446),
/// and JsonDocument would hold the whole wrapped document.</remarks>
internal sealed class JsonObservationSource
{
    private const string Observations = "observations";
    private const int InitialBufferSize = 1 << 16;

    private enum Phase
    {
        Document,
        TopLevel,
        Elements,
        Skipping,
        Trailing,
    }

    private enum Step
    {
        Row,
        NeedData,
        End,
    }

    private readonly Stream _stream;
    private readonly ObservationRowReader _reader;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _fields;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _final;
    private bool _bomChecked;
    private JsonReaderState _state;
    private Phase _phase = Phase.Document;
    private bool _wrapped;
    private int _skipDepth;
    // The top-level object's properties while it may still be one observation (no "observations" seen yet):
    // known fields only (at most one value each), and the first unknown name for the error a lone object gets.
    private readonly string?[] _single;
    private string? _firstUnknown;
    // Position after the last fully handled token, and the reader state there: where the next step starts.
    private long _committed;
    private JsonReaderState _committedState;

    private JsonObservationSource(Stream stream, ObservationRowReader reader)
    {
        _stream = stream;
        _reader = reader;
        _fields = reader.Fields.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _single = new string?[reader.Fields.Count];
    }

    /// <summary>1-based number of the last row returned.</summary>
    private int Row { get; set; }

    /// <summary>A problem with the last row as a whole (it is not an object), or null.</summary>
    private string? Problem { get; set; }

    public static async IAsyncEnumerable<SourceRow> ReadAsync(IntakeStream stream, ObservationRowReader reader, string?[] values,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var first = await stream.PeekFirstSignificantByteAsync(ct);
        if (first is null)
        {
            throw new IntakeFileException("The body is empty; expected a JSON array of observations.");
        }
        if (first is not ((byte)'[' or (byte)'{'))
        {
            throw NotArrayOrObject();
        }
        var source = new JsonObservationSource(stream, reader);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            switch (source.Next(values))
            {
                case Step.Row:
                    yield return new SourceRow(source.Row, source.Problem);
                    break;
                case Step.End:
                    yield break;
                default:
                    await source.FillAsync(ct);
                    break;
            }
        }
    }

    /// <summary>Moves the unread bytes to the front (growing the buffer if one value fills it) and reads more.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (_final)
        {
            // The reader throws on a truncated document when told the block is final, so this cannot loop.
            throw new InvalidOperationException("The JSON reader asked for more data after the end of the stream.");
        }
        var unread = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            (_start, _end) = (0, unread);
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += n;
        _final = n == 0;
    }

    private Step Next(string?[] values)
    {
        if (!_bomChecked)
        {
            if (_end - _start < 3 && !_final)
            {
                return Step.NeedData;
            }
            if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
            {
                _start += 3;
            }
            _bomChecked = true;
        }
        var json = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        _committed = 0;
        _committedState = _state;
        try
        {
            return Walk(ref json, values);
        }
        catch (JsonException e)
        {
            throw Malformed(e, null, null);
        }
        finally
        {
            _start += (int)_committed;
            _state = _committedState;
        }
    }

    private void Commit(ref Utf8JsonReader json)
    {
        _committed = json.BytesConsumed;
        _committedState = json.CurrentState;
    }

    /// <summary>Handles tokens from the last commit until a row is ready, the document ends, or the buffer runs out
    /// (then nothing after the last commit counts, and the same tokens are read again once more bytes are in).</summary>
    private Step Walk(ref Utf8JsonReader json, string?[] values)
    {
        while (true)
        {
            if (!json.Read())
            {
                return _phase == Phase.Trailing && _final ? Step.End : Step.NeedData;
            }
            switch (_phase)
            {
                case Phase.Document:
                    _phase = json.TokenType switch
                    {
                        JsonTokenType.StartArray => Phase.Elements,
                        JsonTokenType.StartObject => Phase.TopLevel,
                        _ => throw NotArrayOrObject(),
                    };
                    Commit(ref json);
                    break;

                case Phase.Elements when json.TokenType == JsonTokenType.EndArray:
                    _phase = _wrapped ? Phase.TopLevel : Phase.Trailing;
                    Commit(ref json);
                    break;

                case Phase.Elements:
                    if (!ReadElement(ref json, values))
                    {
                        return Step.NeedData;
                    }
                    Commit(ref json);
                    return Step.Row;

                case Phase.TopLevel when json.TokenType == JsonTokenType.EndObject:
                    _phase = Phase.Trailing;
                    Commit(ref json);
                    if (!_wrapped)
                    {
                        return LoneObject(values);
                    }
                    break;

                case Phase.TopLevel:
                    if (!ReadTopLevelProperty(ref json))
                    {
                        return Step.NeedData;
                    }
                    break;

                case Phase.Skipping:
                    if (json.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && json.CurrentDepth == _skipDepth)
                    {
                        _phase = Phase.TopLevel;
                    }
                    Commit(ref json);
                    break;

                default:
                    // Trailing: the reader itself refuses anything after the root value.
                    throw new InvalidOperationException($"Unexpected {json.TokenType} after the JSON document.");
            }
        }
    }

    /// <summary>At a property name of the top-level object: "observations" opens the rows; any other property is kept
    /// while the object may be one observation, else skipped token by token (so a large one costs no memory).</summary>
    private bool ReadTopLevelProperty(ref Utf8JsonReader json)
    {
        var isObservations = json.ValueTextEquals(Observations);
        var name = isObservations ? Observations : json.GetString()!;
        if (!json.Read())
        {
            return false;
        }
        if (isObservations)
        {
            if (_wrapped)
            {
                throw new IntakeFileException("'observations' appears twice in the JSON object.");
            }
            if (json.TokenType != JsonTokenType.StartArray)
            {
                throw new IntakeFileException("'observations' must be a JSON array.");
            }
            _wrapped = true;
            _phase = Phase.Elements;
            Commit(ref json);
            return true;
        }
        var position = _wrapped ? -1 : _fields.TryGetValue(name, out var i) ? i : -1;
        if (position >= 0)
        {
            if (!TryReadValue(ref json, out var value))
            {
                return false;
            }
            _single[position] = value;
        }
        else
        {
            if (!_wrapped)
            {
                _firstUnknown ??= name;
            }
            if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _skipDepth = json.CurrentDepth;
                _phase = Phase.Skipping;
            }
        }
        Commit(ref json);
        return true;
    }

    /// <summary>The top-level object ended without "observations": it was one observation, row 1.</summary>
    private Step LoneObject(string?[] values)
    {
        Row = 1;
        if (_firstUnknown is not null)
        {
            throw UnknownField(_firstUnknown);
        }
        _single.CopyTo(values);
        Problem = null;
        return Step.Row;
    }

    /// <summary>At the first token of an array element: fills <paramref name="values"/> from it, or sets
    /// <see cref="Problem"/>. False when the element is not wholly in the buffer yet.</summary>
    private bool ReadElement(ref Utf8JsonReader json, string?[] values)
    {
        var row = Row + 1;
        if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var probe = json;
            try
            {
                if (!probe.TrySkip())
                {
                    return false;
                }
            }
            catch (JsonException e)
            {
                throw Malformed(e, row, FieldAtFault(json));
            }
        }
        Row = row;
        Array.Clear(values);
        Problem = null;
        if (json.TokenType != JsonTokenType.StartObject)
        {
            Problem = $"is a JSON {Kind(json.TokenType)}; expected an object";
            // Wholly in the buffer (probed above), so this skip cannot run short.
            _ = json.TrySkip();
            return true;
        }
        Span<char> scratch = stackalloc char[64];
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var position = Position(ref json, scratch);
            json.Read();
            TryReadValue(ref json, out var value);
            values[position] = value;
        }
        return true;
    }

    /// <summary>The field position of the property name under the reader, without allocating its name.</summary>
    private int Position(ref Utf8JsonReader json, scoped Span<char> scratch)
    {
        var length = json.HasValueSequence ? json.ValueSequence.Length : json.ValueSpan.Length;
        if (length <= scratch.Length)
        {
            var written = json.CopyString(scratch);
            if (_fields.TryGetValue(scratch[..written], out var position))
            {
                return position;
            }
        }
        else if (_fields.TryGetValue(json.GetString(), out var position))
        {
            return position;
        }
        throw UnknownField(json.GetString()!);
    }

    /// <summary>A value as the row reader takes it: strings unescaped, null as empty, numbers, booleans, objects and
    /// arrays as written. False when a nested value is not wholly in the buffer yet.</summary>
    private bool TryReadValue(ref Utf8JsonReader json, out string? value)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                value = json.GetString();
                return true;
            case JsonTokenType.Null:
                value = null;
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = json.TokenStartIndex;
                if (!json.TrySkip())
                {
                    value = null;
                    return false;
                }
                value = Encoding.UTF8.GetString(_buffer, _start + (int)start, (int)(json.BytesConsumed - start));
                return true;
            default:
                value = Encoding.UTF8.GetString(json.ValueSpan);
                return true;
        }
    }

    /// <summary>On a malformed element: the last property name read inside it before the reader gave up.</summary>
    private static string? FieldAtFault(Utf8JsonReader json)
    {
        var depth = json.CurrentDepth;
        string? field = null;
        try
        {
            while (json.Read())
            {
                if (json.TokenType == JsonTokenType.PropertyName && json.CurrentDepth == depth + 1)
                {
                    field = json.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Expected: this walk stops where the element is malformed.
        }
        return field;
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };

    private IntakeFileException UnknownField(string name) =>
        new($"Unknown field '{name}' in row {Row}; a {IntakeFields.KindName(_reader.Kind)} accepts: {string.Join(", ", _reader.Fields)}.");

    private static IntakeFileException NotArrayOrObject() =>
        new("Expected a JSON array of observations, {\"observations\": [...]}, or one JSON object.");

    private static IntakeFileException Malformed(JsonException e, int? row, string? field)
    {
        var where = row is null ? "" : field is null ? $" in row {row}" : $" in row {row}, field '{field}',";
        return new($"The JSON is malformed{where} at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
    }
}
