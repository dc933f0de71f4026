using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// What the exporter keeps about one trace . The processing fields are guarded by locking the instance;
/// the bookkeeping fields at the end belong to <see cref="TraceRegistry"/> and are guarded by its lock.
/// </summary>
internal sealed class TraceState(string traceId)
{
    public string TraceId { get; } = traceId;

    /// <summary>Guards this trace's state; taken before the registry's lock, never after.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Span id → cached merged snapshot; kept until the trace is cleaned up.</summary>
    public Dictionary<string, SpanSnapshot> Spans { get; } = new(StringComparer.Ordinal);

    /// <summary>Spans started and not ended, in start order.</summary>
    public List<string> Active { get; } = [];

    /// <summary>The first user id seen in the trace: the distinct id of spans that carry none.</summary>
    public string? UserId { get; set; }

    /// <summary>Ids of event spans already sent: each is sent once.</summary>
    public HashSet<string> EmittedEventSpanIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Per span id, the tokens the model calls under it have sent, so a generation sends only the rest.</summary>
    public Dictionary<string, TokenCounts> CallTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of generations whose tokens have been sent: a call under one that ends later sends none.</summary>
    public HashSet<string> SettledGenerations { get; } = new(StringComparer.Ordinal);

    /// <summary>Per generation id, its ended calls (steps) in the order they ended: the earlier turns of the next call's conversation.</summary>
    public Dictionary<string, List<SpanSnapshot>> CallsByGeneration { get; } = new(StringComparer.Ordinal);

    /// <summary>Ended tool spans by the id of the tool call they answer.</summary>
    public Dictionary<string, SpanSnapshot> ToolResults { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per generation id, its input messages as written once (UTF-8, without the enclosing array), reused by every
    /// call's conversation while the generation's input is the same object.
    /// </summary>
    public Dictionary<string, WrittenMessages>? GenerationInputs { get; set; }

    /// <summary>Spans that ended before their parent was seen, in the order they ended; <see langword="null"/> when none.</summary>
    public List<HeldSpan>? Held { get; set; }

    /// <summary>Whether the span-count warning was logged for this trace.</summary>
    public bool SpanLimitLogged { get; set; }

    /// <summary>
    /// Set when shutdown or the trace cap has ended the trace's open spans as errors. The state has then left the
    /// registry; an event that acquired it just before and gets its lock only afterwards is ignored, so that no span
    /// is sent both as aborted and as ended.
    /// </summary>
    public bool Aborted { get; set; }

    /// <summary>The ended calls of a generation before <paramref name="call"/>.</summary>
    public IReadOnlyList<SpanSnapshot> CallsBefore(string generationId, SpanSnapshot call)
    {
        if (!CallsByGeneration.TryGetValue(generationId, out var calls))
        {
            return [];
        }

        var index = calls.IndexOf(call);
        return index < 0 ? calls : calls.GetRange(0, index);
    }

    public void AddCall(string generationId, SpanSnapshot call)
    {
        if (!CallsByGeneration.TryGetValue(generationId, out var calls))
        {
            CallsByGeneration[generationId] = calls = [];
        }

        if (!calls.Contains(call) && calls.Count < SpanProcessor.MaxSpansPerTrace)
        {
            calls.Add(call);
        }
    }

    /// <summary>Remembers an ended tool span under the tool call id it answers: the tool result of later calls' conversations.</summary>
    public void AddToolResult(SpanSnapshot span)
    {
        if (span.IsEvent || span.TypeName is not ("tool_call" or "mcp_tool_call" or "provider_tool_call")
            || (span.TypeName == "provider_tool_call" && JsonTruthiness.IsEmpty(span.Output) && span.ErrorInfo is null))
        {
            return;
        }

        var id = JsonTruthiness.ToId(span.Attributes[AttributeKeys.ToolCallId])
            ?? (span.Metadata is not null && span.Metadata.TryGetValue("toolCallId", out var fromMetadata) ? JsonTruthiness.ToId(fromMetadata) : null)
            ?? JsonTruthiness.ToId((span.Input as JsonObject)?["toolCallId"]);
        if (id is not null && (ToolResults.Count < SpanProcessor.MaxSpansPerTrace || ToolResults.ContainsKey(id)))
        {
            ToolResults[id] = span;
        }
    }

    /// <summary>
    /// Keeps only what a late event of a finished trace needs to hang in the tree and count its tokens: the span tree
    /// (ids, parents, types, names, times, errors), the user, the event spans sent, the token ledger, and each
    /// generation's attributes (a late step inherits its model and provider). Inputs, outputs, metadata and tags, which
    /// are the caller's objects, are let go; late calls then no longer get the earlier turns of their conversation.
    /// Does nothing while spans wait for their parent: they are sent whole.
    /// </summary>
    public void Compact()
    {
        if (Held is not null)
        {
            return;
        }

        GenerationInputs = null;
        CallsByGeneration.Clear();
        ToolResults.Clear();
        foreach (var span in Spans.Values)
        {
            span.Compact();
        }
    }

    // Registry bookkeeping, guarded by the registry's lock.
    internal int Users { get; set; }

    internal bool Removed { get; set; }

    internal DateTimeOffset CleanupDueAt { get; set; }

    /// <summary>The state's node in the registry's cleanup list, made once and reused each time the trace waits.</summary>
    internal LinkedListNode<TraceState>? PendingNode { get; set; }

    /// <summary>Whether the trace waits for cleanup.</summary>
    internal bool IsPendingCleanup => PendingNode?.List is not null;

    internal LinkedListNode<TraceState>? CreationNode { get; set; }
}
