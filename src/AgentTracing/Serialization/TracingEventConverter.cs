using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="TracingEvent"/>. An unknown <c>type</c> fails with a <see cref="JsonException"/>.</summary>
internal sealed class TracingEventConverter : JsonConverter<TracingEvent>
{
    public static TracingEvent FromJson(JsonObject json)
    {
        var fields = new JsonObjectFields(json, "tracing event");
        var type = TracingEventTypeConverter.Parse(fields.String("type"));
        var span = fields.Object("exportedSpan") ?? throw new JsonException("tracing event: 'exportedSpan' is required.");
        return new TracingEvent
        {
            Type = type,
            ExportedSpan = ExportedSpanConverter.FromJson(span),
            AdditionalProperties = fields.Rest(),
        };
    }

    public override TracingEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ExportedSpanReader.ReadEvent(ref reader);

    public override void Write(Utf8JsonWriter writer, TracingEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TracingEventTypeConverter.ToText(value.Type));
        writer.WritePropertyName("exportedSpan");
        ExportedSpanConverter.Instance.Write(writer, value.ExportedSpan, options);
        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
