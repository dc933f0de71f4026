namespace AgentTracing;

/// <summary>Why <see cref="RecordedTrace"/> skipped a line of a recorded trace.</summary>
public enum RecordedTraceSkipReason
{
    /// <summary>The line is not valid JSON, or not a JSON object.</summary>
    MalformedJson,

    /// <summary>The object has no string <c>type</c>, or one that is neither a tracing event type nor <c>"feedback"</c>.</summary>
    UnknownType,

    /// <summary>The <c>type</c> is known, but the object does not fit the model (for example a <c>startTime</c> that is not a time).</summary>
    InvalidEvent,
}
