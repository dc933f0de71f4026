using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="FeedbackEvent"/>.</summary>
internal sealed class FeedbackEventConverter : JsonConverter<FeedbackEvent>
{
    public override FeedbackEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = new JsonObjectFields(ref reader, "feedback event");
        var type = fields.String("type") ?? "feedback";
        if (type != "feedback")
        {
            throw new JsonException($"feedback event: unknown type '{type}'.");
        }

        var feedback = fields.Object("feedback") ?? throw new JsonException("feedback event: 'feedback' is required.");
        return new FeedbackEvent
        {
            Type = type,
            Feedback = ExportedFeedbackConverter.FromJson(feedback),
            AdditionalProperties = fields.Rest(),
        };
    }

    public override void Write(Utf8JsonWriter writer, FeedbackEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        writer.WritePropertyName("feedback");
        JsonSerializer.Serialize(writer, value.Feedback, TracingJsonContext.Default.ExportedFeedback);
        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
