using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>§15: builds <c>$ai_feedback</c>. Custom metadata first, then the native keys, which metadata can never replace.</summary>
internal sealed class FeedbackEventBuilder(ValueConverter converter, string? defaultDistinctId)
{
    public PostHogEvent Build(ExportedFeedback feedback)
    {
        var properties = new EventProperties(converter);
        SpanEventBuilder.WriteMetadata(properties, feedback.Metadata);

        properties.Set("$ai_trace_id", ValueConverter.String(feedback.TraceId!));
        properties.Set("$ai_feedback_text", ValueConverter.String(feedback.Comment ?? feedback.Value.ToString()));
        properties.Set("feedback_id", ValueConverter.String(feedback.FeedbackId ?? ""));
        properties.Set("feedback_type", ValueConverter.String(feedback.FeedbackType ?? ""));
        properties.Set("feedback_value", converter.Convert(feedback.Value));
        var source = string.IsNullOrEmpty(feedback.FeedbackSource) ? feedback.Source : feedback.FeedbackSource;
        SetIfNotEmpty(properties, "feedback_source", source);
        SetIfNotEmpty(properties, "span_id", feedback.SpanId);
        SetIfNotEmpty(properties, "source_id", feedback.SourceId);
        SetIfNotEmpty(properties, "$ai_session_id", SpanEventBuilder.SessionIdOf(feedback.Metadata));

        var distinctId = JsonTruthiness.ToId(feedback.FeedbackUserId)
            ?? JsonTruthiness.ToId(feedback.UserId)
            ?? SpanEventBuilder.UserIdOf(feedback.Metadata)
            ?? (string.IsNullOrEmpty(defaultDistinctId) ? null : defaultDistinctId)
            ?? "anonymous";

        return new PostHogEvent
        {
            EventName = AiEventNames.Feedback,
            DistinctId = distinctId,
            Properties = properties.Json,
            Timestamp = feedback.Timestamp,
        };
    }

    private static void SetIfNotEmpty(EventProperties properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Set(key, ValueConverter.String(value!));
        }
    }
}
