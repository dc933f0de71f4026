using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>The bridge's bookkeeping for one activity between its start and its stop.</summary>
internal sealed class TrackedActivity(Activity activity, string spanId, GenAITrace trace, TrackedActivity? parent, bool isRoot, GenAIJsonCache repeatedJson)
{
    public Activity Activity { get; } = activity;

    public string SpanId { get; } = spanId;

    public string TraceId => Trace.TraceId;

    /// <summary>What the bridge knows about the activity's trace (its root and session).</summary>
    public GenAITrace Trace { get; } = trace;

    /// <summary>The nearest tracked ancestor at start; <see langword="null"/> for a top-level activity.</summary>
    public TrackedActivity? Parent { get; } = parent;

    /// <summary>
    /// Whether the activity was sent as its trace's root at start: the first top-level activity of the trace. A later
    /// top-level activity of the same trace is sent without a parent, which PostHog shows directly under the trace.
    /// </summary>
    public bool IsRoot { get; } = isRoot;

    /// <summary>The top-level tracked activity this one descends from (itself when it is top-level).</summary>
    public TrackedActivity Top => Parent?.Top ?? this;

    /// <summary>This entry's place in the eviction order.</summary>
    public LinkedListNode<TrackedActivity>? Node { get; set; }

    // The fields below are read and written under the converter's lock.

    /// <summary>A tracked descendant was a model call: a chat call wrapping other chat calls becomes a generation.</summary>
    public bool HasModelCallDescendant { get; set; }

    /// <summary>A direct model-call descendant has ended (its input was recorded, possibly as nothing).</summary>
    public bool SawModelCall { get; set; }

    /// <summary>The input of the first model-call descendant (what <c>orchestrate_tools</c> shows as its input).</summary>
    public JsonNode? FirstModelInput { get; set; }

    /// <summary>The output of the last model-call descendant.</summary>
    public JsonNode? LastModelOutput { get; set; }

    /// <summary>On a top-level activity: the first session id a span under it was built with.</summary>
    public string? SubtreeSessionId { get; set; }

    /// <summary>
    /// What the start snapshot made of the activity's JSON tags, for the stop snapshot to reuse while a tag still holds
    /// the same string: the libraries set the input messages and tool definitions once, at start, and parsing them is
    /// most of a snapshot's cost. Used only while a snapshot is built, and the start and stop snapshots of one activity
    /// are never built at once.
    /// </summary>
    public GenAITagCache TagCache { get; } = new(repeatedJson);
}
