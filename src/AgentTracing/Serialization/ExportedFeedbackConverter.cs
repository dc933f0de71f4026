using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="ExportedFeedback"/>; user ids given as JSON numbers are read as their invariant text.</summary>
internal sealed class ExportedFeedbackConverter : JsonConverter<ExportedFeedback>
{
    /// <summary>
    /// The instance the enclosing converters write through, passing on the caller's options so that CLR values in
    /// <c>object?</c> members resolve as they do at the top level.
    /// </summary>
    public static readonly ExportedFeedbackConverter Instance = new();

    public static ExportedFeedback FromJson(JsonObject json)
    {
        var fields = new JsonObjectFields(json, "feedback");
        var feedback = new ExportedFeedback
        {
            FeedbackId = fields.String("feedbackId") ?? "",
            TraceId = fields.String("traceId"),
            SpanId = fields.String("spanId"),
            Source = fields.String("source"),
            FeedbackSource = fields.String("feedbackSource"),
            FeedbackType = fields.String("feedbackType") ?? "",
            UserId = fields.StringOrNumber("userId"),
            FeedbackUserId = fields.StringOrNumber("feedbackUserId"),
            Comment = fields.String("comment"),
            SourceId = fields.String("sourceId"),
            ExperimentId = fields.String("experimentId"),
            CorrelationContext = fields.Take("correlationContext"),
            Metadata = fields.Dictionary("metadata"),
        };
        var timestamp = fields.Take("timestamp");
        feedback.Timestamp = timestamp is null ? default : TracingTime.Read(timestamp, "timestamp");
        feedback.Value = fields.Take("value") switch
        {
            null => FeedbackValue.FromText(""),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => FeedbackValue.FromText(v.GetValue<string>()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetDouble(v, out var d) => FeedbackValue.FromNumber(d),
            _ => throw new JsonException("feedback: 'value' must be a string or a number."),
        };
        feedback.AdditionalProperties = fields.Rest();
        return feedback;
    }

    public override ExportedFeedback Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromJson(JsonNodeReader.Read(ref reader) as JsonObject ?? throw new JsonException("feedback must be a JSON object."));

    public override void Write(Utf8JsonWriter writer, ExportedFeedback value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("feedbackId", value.FeedbackId);
        writer.WriteString("timestamp", TracingTime.ToText(value.Timestamp));
        writer.WriteOptional("traceId", value.TraceId);
        writer.WriteOptional("spanId", value.SpanId);
        writer.WriteOptional("source", value.Source);
        writer.WriteOptional("feedbackSource", value.FeedbackSource);
        writer.WriteString("feedbackType", value.FeedbackType);
        writer.WritePropertyName("value");
        JsonSerializer.Serialize(writer, value.Value, TracingJsonContext.Default.FeedbackValue);
        writer.WriteOptional("userId", value.UserId);
        writer.WriteOptional("feedbackUserId", value.FeedbackUserId);
        writer.WriteOptional("comment", value.Comment);
        writer.WriteOptional("sourceId", value.SourceId);
        writer.WriteOptional("experimentId", value.ExperimentId);
        writer.WriteOptional("correlationContext", value.CorrelationContext, options);
        writer.WriteOptional("metadata", value.Metadata, options);
        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
