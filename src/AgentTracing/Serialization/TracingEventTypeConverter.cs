using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="TracingEventType"/> as <c>"span_started"</c>, <c>"span_updated"</c>, <c>"span_ended"</c>.</summary>
internal sealed class TracingEventTypeConverter : JsonConverter<TracingEventType>
{
    public static TracingEventType Parse(string? text) => text switch
    {
        "span_started" => TracingEventType.SpanStarted,
        "span_updated" => TracingEventType.SpanUpdated,
        "span_ended" => TracingEventType.SpanEnded,
        _ => throw new JsonException($"Unknown tracing event type '{text}'."),
    };

    public static string ToText(TracingEventType type) => type switch
    {
        TracingEventType.SpanStarted => "span_started",
        TracingEventType.SpanUpdated => "span_updated",
        TracingEventType.SpanEnded => "span_ended",
        _ => throw new JsonException($"Unknown tracing event type '{(int)type}'."),
    };

    public override TracingEventType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw new JsonException("A tracing event type must be a string.");

    public override void Write(Utf8JsonWriter writer, TracingEventType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));
}
