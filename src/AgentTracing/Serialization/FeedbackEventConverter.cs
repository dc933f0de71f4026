using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="FeedbackEvent"/>.</summary>
internal sealed class FeedbackEventConverter : JsonConverter<FeedbackEvent>
{
    public static FeedbackEvent FromJson(JsonObject json)
    {
        var fields = new JsonObjectFields(json, "feedback event");
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

    public override FeedbackEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromJson(JsonNodeReader.Read(ref reader) as JsonObject ?? throw new JsonException("feedback event must be a JSON object."));

    public override void Write(Utf8JsonWriter writer, FeedbackEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        writer.WritePropertyName("feedback");
        ExportedFeedbackConverter.Instance.Write(writer, value.Feedback, options);
        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
