using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// The converter's state and work: which activities are tracked, under which parent and trace, and the snapshots of
/// their starts and stops sent to the exporter. Its callers keep the callbacks in order; it is thread-safe.
/// </summary>
internal sealed class GenAIConversion
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<Activity, TrackedActivity> _tracked = new();
    private readonly LinkedList<TrackedActivity> _order = new();
    private readonly Dictionary<string, GenAITrace> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<GenAITrace> _traceOrder = new();
    private readonly ITracingExporter _exporter;
    private readonly ILogger _logger;
    private readonly GenAISpanBuilder _builder;
    private readonly GenAIJsonCache _repeatedJson = new();
    private readonly int _maxTracked;
    private readonly LogWindow _evictionLog;

    public GenAIConversion(ITracingExporter exporter, GenAIActivityBridgeOptions options, GenAISpanBuilder builder, ILogger logger)
    {
        _exporter = exporter;
        _builder = builder;
        _logger = logger;
        _evictionLog = new LogWindow(options.TimeProvider ?? TimeProvider.System, WarningInterval);
        _maxTracked = options.MaxTrackedActivities > 0 ? options.MaxTrackedActivities : 10_000;
    }

    /// <summary>Activities started and not yet stopped that are being tracked.</summary>
    public int TrackedActivityCount
    {
        get
        {
            lock (_gate)
            {
                return _tracked.Count;
            }
        }
    }

    /// <summary>Tracks a started activity and sends <c>span_started</c> when it is a GenAI operation. Never throws.</summary>
    /// <param name="activity">The activity.</param>
    /// <param name="operation">Its operation, as the start callback read it.</param>
    /// <param name="fromTag">Whether the operation came from its tag.</param>
    /// <param name="resolved">Whether <paramref name="metadata"/> was read during the callback; otherwise it is read now.</param>
    /// <param name="metadata">The user and session read during the callback.</param>
    /// <param name="afterCallback">Whether the callback has returned: the snapshot then carries only what the start decides.</param>
    public void Started(Activity activity, string operation, bool fromTag, bool resolved, Dictionary<string, object?>? metadata, bool afterCallback)
    {
        try
        {
            if (GenAIOperations.Classify(operation, fromTag, hasModelCallDescendant: false) is not { } type)
            {
                return;
            }

            TrackedActivity tracked;
            var evicted = 0;
            lock (_gate)
            {
                if (_tracked.ContainsKey(activity))
                {
                    return;
                }

                var spanId = activity.SpanId.ToHexString();
                var parent = NearestTrackedAncestor(activity);
                var trace = parent?.Trace ?? TraceLocked(activity.TraceId.ToHexString());
                Touch(trace);

                // One root per trace: PostHog shows two trace events of one trace id as one trace with the input,
                // output and name of only one of them. A top-level activity after the first (a second chat call in the
                // same web request, whose parent is the untracked request activity) is sent without a parent, and
                // PostHog's trace tree puts such an event directly under the trace.
                var isRoot = parent is null && trace.RootSpanId is null;
                if (isRoot)
                {
                    trace.RootSpanId = spanId;
                }

                tracked = new TrackedActivity(activity, spanId, trace, parent, isRoot, _repeatedJson);
                while (_tracked.Count >= _maxTracked && _order.First is { } oldest)
                {
                    _order.RemoveFirst();
                    _tracked.Remove(oldest.Value.Activity);
                    evicted++;
                }

                tracked.Node = _order.AddLast(tracked);
                _tracked[activity] = tracked;
            }

            if (evicted > 0)
            {
                WarnEvicted(evicted);
            }

            var userAndSession = resolved ? metadata : _builder.Metadata(activity);
            var span = _builder.Build(tracked, type, operation, ended: false, isRoot: tracked.IsRoot, userAndSession, null, null, identityOnly: afterCallback);
            ShareSession(tracked, span);
            Export(TracingEventType.SpanStarted, span);
        }
        catch (Exception ex)
        {
            GenAILog.CallbackFailed(_logger, ex, "start", SafeName(activity));
        }
    }

    /// <summary>Sends <c>span_ended</c> for a tracked activity that stopped, with its final classification. Never throws.</summary>
    /// <param name="activity">The activity.</param>
    /// <param name="resolved">Whether <paramref name="metadata"/> was read during the callback; otherwise it is read now.</param>
    /// <param name="metadata">The user and session read during the callback.</param>
    public void Stopped(Activity activity, bool resolved, Dictionary<string, object?>? metadata)
    {
        try
        {
            TrackedActivity? tracked;
            bool hasModelCallDescendant;
            System.Text.Json.Nodes.JsonNode? firstInput;
            System.Text.Json.Nodes.JsonNode? lastOutput;
            lock (_gate)
            {
                if (!_tracked.TryGetValue(activity, out tracked))
                {
                    return;
                }

                _tracked.Remove(activity);
                if (tracked.Node is { List: not null } node)
                {
                    _order.Remove(node);
                }

                hasModelCallDescendant = tracked.HasModelCallDescendant;
                firstInput = tracked.FirstModelInput;
                lastOutput = tracked.LastModelOutput;
            }

            var operation = GenAIOperations.Of(activity, out var fromTag);
            var type = GenAIOperations.Classify(operation, fromTag, hasModelCallDescendant) ?? SpanType.Generic;

            // A lone model call (no tracked ancestor) is a generation of its own, not a trace event, which carries no
            // tokens; it gives up the trace's root, so that a later agent or tool loop of the trace can be the root.
            var isRoot = tracked.IsRoot && type != SpanType.ModelStep;
            var userAndSession = resolved ? metadata : _builder.Metadata(activity);
            var span = _builder.Build(tracked, type, operation, ended: true, isRoot, userAndSession, firstInput, lastOutput);
            ShareSession(tracked, span);
            if (tracked.IsRoot && !isRoot)
            {
                lock (_gate)
                {
                    if (tracked.Trace.RootSpanId == tracked.SpanId)
                    {
                        tracked.Trace.RootSpanId = null;
                    }
                }
            }

            Export(TracingEventType.SpanEnded, span);

            if (GenAIOperations.IsModelCall(operation) && tracked.Parent is { } parent)
            {
                lock (_gate)
                {
                    if (!parent.SawModelCall)
                    {
                        parent.SawModelCall = true;
                        parent.FirstModelInput = span.Input as System.Text.Json.Nodes.JsonNode;
                    }

                    parent.LastModelOutput = span.Output as System.Text.Json.Nodes.JsonNode;
                    for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
                    {
                        ancestor.HasModelCallDescendant = true;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            GenAILog.CallbackFailed(_logger, ex, "stop", SafeName(activity));
        }
    }

    /// <summary>Traces remembered (their root and session), at most as many as the tracked-activity limit.</summary>
    internal int TraceCount
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    /// <summary>Forgets every tracked activity and trace without exporting anything.</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            _tracked.Clear();
            _order.Clear();
            _traces.Clear();
            _traceOrder.Clear();
        }
    }

    public static string SafeName(Activity? activity)
    {
        try
        {
            return activity?.DisplayName ?? "";
        }
        catch (Exception)
        {
            return "";
        }
    }

    // Called under _gate. Gets or creates the trace; beyond the limit, the least recently used trace is forgotten.
    private GenAITrace TraceLocked(string traceId)
    {
        if (_traces.TryGetValue(traceId, out var trace))
        {
            return trace;
        }

        while (_traces.Count >= _maxTracked && _traceOrder.First is { } oldest)
        {
            _traceOrder.RemoveFirst();
            _traces.Remove(oldest.Value.TraceId);
        }

        trace = new GenAITrace(traceId);
        trace.Node = _traceOrder.AddLast(trace);
        _traces[traceId] = trace;
        return trace;
    }

    // Called under _gate. A trace in use moves to the end of the forgetting order; one already forgotten stays out.
    private void Touch(GenAITrace trace)
    {
        if (trace.Node is { List: not null } node && node.Next is not null)
        {
            _traceOrder.Remove(node);
            _traceOrder.AddLast(node);
        }
    }

    /// <summary>
    /// Every event of a trace carries its session. A span without a session of its own (none on it or its live
    /// ancestors) takes the first one a span under the same top-level activity was built with, else the first one of
    /// its trace (a tool span has no conversation id; its sibling chat calls do); a span with one records it for the others.
    /// </summary>
    private void ShareSession(TrackedActivity tracked, ExportedSpan span)
    {
        var own = span.Metadata is { } metadata && metadata.TryGetValue("sessionId", out var value) ? value as string : null;
        string? shared;
        lock (_gate)
        {
            var top = tracked.Top;
            if (own is not null)
            {
                top.SubtreeSessionId ??= own;
                tracked.Trace.SessionId ??= own;
                return;
            }

            shared = top.SubtreeSessionId ?? tracked.Trace.SessionId;
        }

        if (shared is not null)
        {
            span.Metadata ??= new Dictionary<string, object?>(1, StringComparer.Ordinal);
            span.Metadata["sessionId"] = shared;
        }
    }

    // Called under _gate.
    private TrackedActivity? NearestTrackedAncestor(Activity activity)
    {
        var hops = 0;
        for (var current = activity.Parent; current is not null && hops < 1024; current = current.Parent, hops++)
        {
            if (_tracked.TryGetValue(current, out var tracked))
            {
                return tracked;
            }
        }

        return null;
    }

    private void WarnEvicted(int evicted)
    {
        if (_evictionLog.TryOpen(evicted, out var total))
        {
            GenAILog.Evicted(_logger, _maxTracked, total);
        }
    }

    private void Export(TracingEventType type, ExportedSpan span)
    {
        Task task;
        try
        {
            task = _exporter.ExportTracingEventAsync(new TracingEvent { Type = type, ExportedSpan = span });
        }
        catch (Exception ex)
        {
            GenAILog.ExportFailed(_logger, ex);
            return;
        }

        if (!task.IsCompleted)
        {
            var logger = _logger;
            _ = task.ContinueWith(
                t => GenAILog.ExportFailed(logger, t.Exception!.GetBaseException()),
                default,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        else if (task.IsFaulted)
        {
            GenAILog.ExportFailed(_logger, task.Exception!.GetBaseException());
        }
    }
}
