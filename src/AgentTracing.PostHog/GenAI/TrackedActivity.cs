using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>The bridge's bookkeeping for one activity between its start and its stop (genai-activity-bridge.md §4).</summary>
internal sealed class TrackedActivity(Activity activity, string spanId, string traceId, TrackedActivity? parent)
{
    public Activity Activity { get; } = activity;

    public string SpanId { get; } = spanId;

    public string TraceId { get; } = traceId;

    /// <summary>The nearest tracked ancestor at start; <see langword="null"/> for a root.</summary>
    public TrackedActivity? Parent { get; } = parent;

    public bool IsRoot => Parent is null;

    /// <summary>This entry's place in the eviction order.</summary>
    public LinkedListNode<TrackedActivity>? Node { get; set; }

    // The fields below are read and written under the converter's lock.

    /// <summary>A tracked descendant was a model call (§3.1: a parent chat loop becomes a generation).</summary>
    public bool HasModelCallDescendant { get; set; }

    /// <summary>A direct model-call descendant has ended (its input was recorded, possibly as nothing).</summary>
    public bool SawModelCall { get; set; }

    /// <summary>The input of the first model-call descendant (§7.4, <c>orchestrate_tools</c>).</summary>
    public JsonNode? FirstModelInput { get; set; }

    /// <summary>The output of the last model-call descendant.</summary>
    public JsonNode? LastModelOutput { get; set; }
}
