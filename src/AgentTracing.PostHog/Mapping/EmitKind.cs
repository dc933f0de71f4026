namespace AgentTracing.PostHog;

/// <summary>Why a span's event is being built; it decides the timestamp and latency.</summary>
internal enum EmitKind
{
    /// <summary>A <c>span_ended</c>: <c>endTime</c>, else now.</summary>
    Ended,

    /// <summary>An event span (sent once, never cached): <c>endTime</c>, else <c>startTime</c>, else now; latency 0.</summary>
    EventSpan,

    /// <summary>An active span aborted at shutdown or by the trace cap: now.</summary>
    Aborted,
}
