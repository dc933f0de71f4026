using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// The path of one tracing event through the exporter: find its trace, merge the span into the trace's cache, hold it
/// while its parent has not arrived, build its PostHog event and hand that to the sink. Also ends open spans when a
/// trace is killed or the exporter shuts down. Never throws for a trace's own reasons; callers guard the rest.
/// </summary>
internal sealed class SpanProcessor
{
    /// <summary>How many spans one trace may cache; a bound on memory for runaway traces.</summary>
    public const int MaxSpansPerTrace = 10_000;

    /// <summary>How many spans one trace may hold while their parent has not arrived; later ones are sent at once.</summary>
    public const int MaxHeldSpansPerTrace = 1_000;

    private static readonly SpanErrorInfo ShutdownError = new()
    {
        Message = "Observability is shutting down.",
        Id = "SHUTDOWN",
        Domain = "OBSERVABILITY",
        Category = "SYSTEM",
    };

    private static readonly SpanErrorInfo TraceCapError = new()
    {
        Message = "Trace killed due to memory cap enforcement.",
        Id = "TRACE_CAP_EXCEEDED",
        Domain = "OBSERVABILITY",
        Category = "SYSTEM",
    };

    private readonly TraceRegistry _traces;
    private readonly SpanEventBuilder _builder;
    private readonly IEventSink _sink;
    private readonly ILogger _logger;
    private readonly LogRateLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _holdLimit;

    /// <param name="settings">The trace limits: cleanup delay (also how long a span waits for its parent), soft and hard caps.</param>
    /// <param name="builder">Builds the PostHog events.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="logger">The exporter's logger.</param>
    /// <param name="limiter">The rate limiter of lines bad input can repeat.</param>
    /// <param name="timeProvider">The clock.</param>
    public SpanProcessor(ExporterSettings settings, SpanEventBuilder builder, IEventSink sink, ILogger logger, LogRateLimiter limiter, TimeProvider timeProvider)
    {
        _builder = builder;
        _sink = sink;
        _logger = logger;
        _limiter = limiter;
        _timeProvider = timeProvider;
        _holdLimit = settings.TraceCleanupDelay;
        _traces = new TraceRegistry(timeProvider, settings.TraceCleanupDelay, settings.MaxPendingCleanupTraces, settings.MaxTotalTraces, SendHeld);
    }

    /// <summary>Traces currently tracked.</summary>
    public int TrackedTraceCount => _traces.Count;

    /// <summary>Finished traces waiting for their cleanup.</summary>
    public int PendingCleanupTraceCount => _traces.PendingCleanupCount;

    /// <summary>Sends every span held for its parent, as it is (for a flush).</summary>
    public void SendAllHeldNow() => SendHeld(_traces.Snapshot());

    /// <summary>Processes one event of a span whose ids are known to be present.</summary>
    public void Process(TracingEventType type, ExportedSpan span)
    {
        var trace = _traces.Acquire(span.TraceId, out var killed);
        if (killed is not null)
        {
            foreach (var victim in killed)
            {
                Kill(victim);
            }
        }

        if (trace is null)
        {
            return;
        }

        List<TraceState>? evicted;
        TraceState? aged;
        lock (trace.Sync)
        {
            try
            {
                if (!trace.Aborted)
                {
                    Dispatch(trace, type, span);
                }
            }
            finally
            {
                _traces.Release(trace, out evicted, out aged);
            }
        }

        if (evicted is not null)
        {
            SendHeld(evicted);
        }

        if (aged is not null)
        {
            _traces.CompactIfFinished(aged);
        }
    }

    private void Dispatch(TraceState trace, TracingEventType type, ExportedSpan span)
    {
        RecordUser(trace, span.Metadata);
        if (trace.Held is not null)
        {
            SendExpiredHeld(trace);
        }

        if (span.IsEvent)
        {
            // An event span has no end: it is sent at once, once per id, and never cached; held (as a copy) while its
            // parent has not arrived.
            if (trace.EmittedEventSpanIds.Add(span.Id))
            {
                if (WaitsForParent(trace, span.ParentSpanId, span.IsRootSpan) && TryHold(trace, SpanSnapshot.From(span), EmitKind.EventSpan, InputIssues.None))
                {
                    return;
                }

                var snapshot = SpanSnapshot.RentForEvent(span);
                try
                {
                    Emit(trace, snapshot, EmitKind.EventSpan, InputIssues.None);
                }
                finally
                {
                    SpanSnapshot.ReturnForEvent(snapshot);
                }
            }
            else
            {
                ReportBadInput(InputIssues.DuplicateSpanId, span.TraceId, span.Id, span.ParentSpanId);
            }

            return;
        }

        var cached = trace.Spans.TryGetValue(span.Id, out var merged);
        if (cached)
        {
            merged!.MergeFrom(span);
        }
        else
        {
            merged = SpanSnapshot.From(span);
            Cache(trace, merged);
            if (trace.Held is not null)
            {
                SendHeldChildrenOf(trace, merged.Id);
            }
        }

        if (type == TracingEventType.SpanEnded)
        {
            var wasActive = trace.Active.Remove(span.Id);
            var issues = !cached ? InputIssues.EndWithoutStart
                : wasActive ? InputIssues.None
                : InputIssues.DuplicateSpanId;
            if (merged.EndTime < merged.StartTime)
            {
                issues |= InputIssues.EndBeforeStart;
            }

            if (!WaitsForParent(trace, merged.ParentSpanId, merged.IsRootSpan) || !TryHold(trace, merged, EmitKind.Ended, issues))
            {
                Emit(trace, merged, EmitKind.Ended, issues);
            }
        }
        else
        {
            if (type == TracingEventType.SpanStarted && cached)
            {
                ReportBadInput(InputIssues.DuplicateSpanId, span.TraceId, span.Id, span.ParentSpanId);
            }

            if (!trace.Active.Contains(span.Id))
            {
                trace.Active.Add(span.Id);
            }
        }
    }

    /// <summary>Whether a span's parent has not been seen yet in its trace.</summary>
    private static bool WaitsForParent(TraceState trace, string? parentId, bool isRoot) =>
        !isRoot && !string.IsNullOrEmpty(parentId) && !trace.Spans.ContainsKey(parentId!);

    /// <summary>Holds a span until its parent arrives; <see langword="false"/> when the trace already holds as many as it may.</summary>
    private bool TryHold(TraceState trace, SpanSnapshot span, EmitKind kind, InputIssues issues)
    {
        var held = trace.Held ??= [];
        if (held.Count >= MaxHeldSpansPerTrace)
        {
            return false;
        }

        held.Add(new HeldSpan(span, kind, issues, _timeProvider.GetUtcNow()));
        return true;
    }

    /// <summary>Sends the held spans whose parent has just arrived, now that they hang under it.</summary>
    private void SendHeldChildrenOf(TraceState trace, string parentId) =>
        SendHeld(trace, waiting => string.Equals(waiting.Span.ParentSpanId, parentId, StringComparison.Ordinal));

    /// <summary>Sends, with their raw parent id, the held spans that waited longer than the trace cleanup delay.</summary>
    private void SendExpiredHeld(TraceState trace)
    {
        var due = _timeProvider.GetUtcNow() - _holdLimit;

        // Held in the order they arrived: when the oldest is not due, none is.
        if (trace.Held![0].HeldAt <= due)
        {
            SendHeld(trace, waiting => waiting.HeldAt <= due);
        }
    }

    /// <summary>Takes the held spans that <paramref name="send"/> picks off the list in one pass, then sends them in the order they were held.</summary>
    private void SendHeld(TraceState trace, Predicate<HeldSpan> send)
    {
        var held = trace.Held!;
        var sending = held.FindAll(send);
        if (sending.Count == 0)
        {
            return;
        }

        held.RemoveAll(send);
        if (held.Count == 0)
        {
            trace.Held = null;
        }

        foreach (var waiting in sending)
        {
            Emit(trace, waiting.Span, waiting.Kind, waiting.Issues);
        }
    }

    /// <summary>Sends every held span of traces that are gone (cleaned up, evicted, killed or shut down), with their raw parent id.</summary>
    private void SendHeld(List<TraceState> traces)
    {
        foreach (var trace in traces)
        {
            if (trace.Held is null)
            {
                continue;
            }

            try
            {
                lock (trace.Sync)
                {
                    SendAllHeld(trace);
                }
            }
            catch (Exception ex)
            {
                ExporterLog.ExporterError(_limiter, ex, TracingEventType.SpanEnded, trace.TraceId, "");
            }
        }
    }

    private void SendAllHeld(TraceState trace)
    {
        if (trace.Held is not { } held)
        {
            return;
        }

        trace.Held = null;
        foreach (var waiting in held)
        {
            Emit(trace, waiting.Span, waiting.Kind, waiting.Issues);
        }
    }

    private void Cache(TraceState trace, SpanSnapshot snapshot)
    {
        if (trace.Spans.Count < MaxSpansPerTrace || trace.Spans.ContainsKey(snapshot.Id))
        {
            trace.Spans[snapshot.Id] = snapshot;
        }
        else if (!trace.SpanLimitLogged)
        {
            trace.SpanLimitLogged = true;
            ExporterLog.SpanLimitReached(_logger, trace.TraceId, MaxSpansPerTrace);
        }
    }

    private static void RecordUser(TraceState trace, IDictionary<string, object?>? metadata)
    {
        if (trace.UserId is null)
        {
            trace.UserId = CustomProperties.UserIdOf(metadata);
        }
    }

    /// <summary>Builds and sends the event of a span, then logs its bad input: <paramref name="issues"/> and what building found.</summary>
    private void Emit(TraceState trace, SpanSnapshot span, EmitKind kind, InputIssues issues)
    {
        // The clock is needed only where the span lacks a time: an aborted span, or one without an end.
        var now = kind == EmitKind.Aborted || span.EndTime is null ? _timeProvider.GetUtcNow() : default;
        if (SpanEventBuilder.RootNeedsGeneration(trace, span))
        {
            // A trace that is one model call: PostHog prices generations only, so it gets one under its trace.
            EmitBuilt(span, _builder.Build(trace, span, kind, now, asGeneration: true), InputIssues.None);
        }

        EmitBuilt(span, _builder.Build(trace, span, kind, now), issues);
    }

    private void EmitBuilt(SpanSnapshot span, (PostHogEvent Event, EventProperties Properties) built, InputIssues issues)
    {
        var (evt, properties) = built;
        _sink.Capture(evt);
        issues |= properties.Issues;
        if (issues != InputIssues.None)
        {
            ExporterLog.BadInput(_limiter, issues, evt.EventName, span.TraceId, span.Id, span.ParentSpanId, properties);
        }

        properties.Return();
    }

    private void ReportBadInput(InputIssues issues, string traceId, string spanId, string? parentId) =>
        ExporterLog.BadInput(_limiter, issues, "", traceId, spanId, parentId, null);

    /// <summary>Ends the active spans of a trace as errors, in start order.</summary>
    private int AbortActiveSpans(TraceState trace, SpanErrorInfo error)
    {
        var aborted = 0;
        foreach (var id in trace.Active.ToArray())
        {
            if (trace.Spans.TryGetValue(id, out var span))
            {
                span.SetError(error);
                Emit(trace, span, EmitKind.Aborted, InputIssues.None);
                aborted++;
            }
        }

        trace.Active.Clear();
        trace.Aborted = true;
        return aborted;
    }

    private void Kill(TraceState trace)
    {
        try
        {
            int aborted;
            lock (trace.Sync)
            {
                SendAllHeld(trace);
                aborted = AbortActiveSpans(trace, TraceCapError);
            }

            ExporterLog.TraceKilled(_limiter, trace.TraceId, aborted);
        }
        catch (Exception ex)
        {
            ExporterLog.ExporterError(_limiter, ex, TracingEventType.SpanEnded, trace.TraceId, "");
        }
    }

    /// <summary>Closes the registry (shutdown) and ends every open span as an error, after sending what is held.</summary>
    public void AbortAll()
    {
        try
        {
            foreach (var trace in _traces.Close())
            {
                lock (trace.Sync)
                {
                    SendAllHeld(trace);
                    AbortActiveSpans(trace, ShutdownError);
                }
            }
        }
        catch (Exception ex)
        {
            ExporterLog.ShutdownFailed(_logger, ex);
        }
    }
}
