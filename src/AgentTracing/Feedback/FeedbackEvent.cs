using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>A feedback notification: user or automated judgement attached to a trace.</summary>
[JsonConverter(typeof(FeedbackEventConverter))]
public sealed class FeedbackEvent
{
    /// <summary>Always <c>"feedback"</c>.</summary>
    public string Type { get; set; } = "feedback";

    /// <summary>The feedback.</summary>
    public ExportedFeedback Feedback { get; set; } = null!;

    /// <summary>Unknown keys, kept and written back.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }
}
