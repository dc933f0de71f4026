using System.Globalization;

namespace AgentTracing;

/// <summary>
/// One line of a recorded trace as read by <see cref="RecordedTrace"/>: a <see cref="AgentTracing.TracingEvent"/>, a
/// <see cref="AgentTracing.FeedbackEvent"/>, or the reason the line was skipped. Exactly one of
/// <see cref="TracingEvent"/>, <see cref="FeedbackEvent"/> and <see cref="SkipReason"/> is set.
/// </summary>
public sealed class RecordedTraceEntry
{
    private RecordedTraceEntry(int lineNumber, TracingEvent? tracingEvent, FeedbackEvent? feedbackEvent, RecordedTraceSkipReason? skipReason, string? skipMessage)
    {
        LineNumber = lineNumber;
        TracingEvent = tracingEvent;
        FeedbackEvent = feedbackEvent;
        SkipReason = skipReason;
        SkipMessage = skipMessage;
    }

    /// <summary>The 1-based line number in a JSON Lines file, or the 1-based index of the element in a JSON array file.</summary>
    public int LineNumber { get; }

    /// <summary>The event, when the line is a <c>span_started</c>, <c>span_updated</c> or <c>span_ended</c> event.</summary>
    public TracingEvent? TracingEvent { get; }

    /// <summary>The event, when the line is a <c>feedback</c> event.</summary>
    public FeedbackEvent? FeedbackEvent { get; }

    /// <summary>Why the line was skipped; <see langword="null"/> when it was read.</summary>
    public RecordedTraceSkipReason? SkipReason { get; }

    /// <summary>A human-readable explanation of <see cref="SkipReason"/>; <see langword="null"/> when the line was read.</summary>
    public string? SkipMessage { get; }

    /// <summary>Whether the line was skipped.</summary>
    public bool IsSkipped => SkipReason is not null;

    /// <inheritdoc />
    public override string ToString()
    {
        var line = LineNumber.ToString(CultureInfo.InvariantCulture);
        return TracingEvent is not null ? $"{line}: {TracingEvent}"
            : FeedbackEvent is not null ? $"{line}: feedback {FeedbackEvent.Feedback?.FeedbackId}"
            : $"{line}: skipped ({SkipReason}): {SkipMessage}";
    }

    internal static RecordedTraceEntry Read(int lineNumber, TracingEvent tracingEvent) => new(lineNumber, tracingEvent, null, null, null);

    internal static RecordedTraceEntry Read(int lineNumber, FeedbackEvent feedbackEvent) => new(lineNumber, null, feedbackEvent, null, null);

    internal static RecordedTraceEntry Skipped(int lineNumber, RecordedTraceSkipReason reason, string message) => new(lineNumber, null, null, reason, message);
}
