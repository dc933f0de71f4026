using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>One piece of feedback on a trace, for example a thumbs-down or a rating.</summary>
[JsonConverter(typeof(ExportedFeedbackConverter))]
public sealed class ExportedFeedback
{
    /// <summary>The feedback id.</summary>
    public string FeedbackId { get; set; } = "";

    /// <summary>When the feedback was given.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The trace the feedback is about. Feedback without one is dropped by the exporter.</summary>
    public string? TraceId { get; set; }

    /// <summary>The span the feedback is about.</summary>
    public string? SpanId { get; set; }

    /// <summary>Deprecated alias of <see cref="FeedbackSource"/>.</summary>
    public string? Source { get; set; }

    /// <summary>For example <c>"user"</c> or <c>"system"</c>.</summary>
    public string? FeedbackSource { get; set; }

    /// <summary>For example <c>"thumbs"</c> or <c>"rating"</c>.</summary>
    public string FeedbackType { get; set; } = "";

    /// <summary>The value: a number or a string.</summary>
    public FeedbackValue Value { get; set; }

    /// <summary>Deprecated alias of <see cref="FeedbackUserId"/>. A JSON number is read as its invariant string.</summary>
    public string? UserId { get; set; }

    /// <summary>Who gave the feedback. A JSON number is read as its invariant string.</summary>
    public string? FeedbackUserId { get; set; }

    /// <summary>A free-text comment.</summary>
    public string? Comment { get; set; }

    /// <summary>For example the id of the message being rated.</summary>
    public string? SourceId { get; set; }

    /// <summary>Deprecated. Never sent.</summary>
    public string? ExperimentId { get; set; }

    /// <summary>Never sent.</summary>
    public object? CorrelationContext { get; set; }

    /// <summary>Same conventions as span metadata: <c>userId</c>, <c>sessionId</c>, <c>$groups</c> and custom keys.</summary>
    public IDictionary<string, object?>? Metadata { get; set; }

    /// <summary>Unknown keys, kept and written back.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }
}
