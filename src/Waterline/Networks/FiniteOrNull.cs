using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterline.Networks;

/// <summary>Writes NaN and infinities as JSON null: a measure undefined for a node (constraint of an isolate,
/// assortativity of a regular graph) has no value, and JSON has no NaN.</summary>
public sealed class FiniteOrNull : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
