using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// What the bridge remembers about one trace id across its activities: which top-level activity is sent as the trace's
/// root, and the session id a span of the trace had. Kept after the activities end, so that a later call in the same
/// request still joins the same trace; the converter bounds how many it keeps.
/// </summary>
internal sealed class GenAITrace(string traceId)
{
    public string TraceId { get; } = traceId;

    // The properties below are read and written under the converter's lock.

    /// <summary>
    /// The span id of the top-level activity sent as the trace's root (PostHog's <c>$ai_trace</c>);
    /// <see langword="null"/> while none holds it.
    /// </summary>
    public string? RootSpanId { get; set; }

    /// <summary>The first session id a span of the trace was built with.</summary>
    public string? SessionId { get; set; }

    /// <summary>This trace's place in the converter's least-recently-used order; not in a list once forgotten.</summary>
    public LinkedListNode<GenAITrace>? Node { get; set; }
}
