using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes a <see cref="SpanType"/> as its plain string.</summary>
internal sealed class SpanTypeConverter : JsonConverter<SpanType>
{
    public override SpanType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new SpanType(reader.GetString()!)
            : throw new JsonException("A span type must be a string.");

    public override void Write(Utf8JsonWriter writer, SpanType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value ?? "generic");
}
