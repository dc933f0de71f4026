using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>Builds <c>$ai_feedback</c>. Custom metadata first, then the native keys, which metadata can never replace.</summary>
internal sealed class FeedbackEventBuilder(ValueConverter converter, string? defaultDistinctId)
{
    /// <summary>Builds the event; the properties tell what had to be repaired.</summary>
    public (PostHogEvent Event, EventProperties Properties) Build(ExportedFeedback feedback)
    {
        var properties = EventProperties.Rent(converter);
        CustomProperties.WriteMetadata(properties, feedback.Metadata);

        properties.Set("$ai_trace_id", feedback.TraceId!);
        properties.Set("$ai_feedback_text", feedback.Comment ?? feedback.Value.ToString());
        properties.Set("feedback_id", feedback.FeedbackId ?? "");
        properties.Set("feedback_type", feedback.FeedbackType ?? "");
        properties.SetConverted("feedback_value", feedback.Value);
        var source = string.IsNullOrEmpty(feedback.FeedbackSource) ? feedback.Source : feedback.FeedbackSource;
        SetIfNotEmpty(properties, "feedback_source", source);
        SetIfNotEmpty(properties, "span_id", feedback.SpanId);
        SetIfNotEmpty(properties, "source_id", feedback.SourceId);
        SetIfNotEmpty(properties, "$ai_session_id", CustomProperties.SessionIdOf(feedback.Metadata));

        var distinctId = JsonTruthiness.ToId(feedback.FeedbackUserId)
            ?? JsonTruthiness.ToId(feedback.UserId)
            ?? CustomProperties.UserIdOf(feedback.Metadata)
            ?? (string.IsNullOrEmpty(defaultDistinctId) ? null : defaultDistinctId)
            ?? "anonymous";

        var evt = new PostHogEvent
        {
            EventName = AiEventNames.Feedback,
            DistinctId = distinctId,
            Timestamp = feedback.Timestamp,
            RawProperties = properties,
        };
        return (evt, properties);
    }

    private static void SetIfNotEmpty(EventProperties properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Set(key, value!);
        }
    }
}
