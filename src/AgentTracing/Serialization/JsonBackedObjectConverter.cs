using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Writes any <see cref="JsonBackedObject"/> as its JSON form. Reading goes through the span converter, which knows the span type.</summary>
internal sealed class JsonBackedObjectConverter : JsonConverter<JsonBackedObject>
{
    public override bool CanConvert(Type typeToConvert) => typeof(JsonBackedObject).IsAssignableFrom(typeToConvert);

    public override JsonBackedObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonNodeReader.Read(ref reader) as JsonObject ?? throw new JsonException($"{typeToConvert.Name} must be a JSON object.");
        return typeToConvert == typeof(SpanAttributes) || typeToConvert == typeof(JsonBackedObject)
            ? SpanAttributes.Create(default, json)
            : throw new NotSupportedException($"Read {typeToConvert.Name} as part of an ExportedSpan, or wrap a JsonObject with its constructor.");
    }

    public override void Write(Utf8JsonWriter writer, JsonBackedObject value, JsonSerializerOptions options) => value.Json.WriteTo(writer, options);
}
