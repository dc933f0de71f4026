using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentTracing.PostHog;

/// <summary>
/// Sends the tracing events of agent runs to PostHog LLM analytics: each trace becomes one <c>$ai_trace</c>, each model
/// call an <c>$ai_generation</c>, and each tool call, chunk, workflow step or processor an <c>$ai_span</c>, under the
/// right parent. It never throws into the application and never waits for I/O: events are queued on a batching client
/// that sends them in the background.
/// </summary>
/// <example>
/// <code>
/// await using var exporter = new PosthogExporter(); // POSTHOG_API_KEY, POSTHOG_HOST
/// await exporter.ExportTracingEventAsync(tracingEvent);
/// </code>
/// </example>
public sealed class PosthogExporter : ITracingExporter, IFeedbackExporter, IDisposable
{
    /// <summary>How many spans one trace may cache; a bound on memory for runaway traces.</summary>
    internal const int MaxSpansPerTrace = 10_000;

    /// <summary>How many spans one trace may hold while their parent has not arrived; later ones are sent at once.</summary>
    internal const int MaxHeldSpansPerTrace = 1_000;

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

    private readonly object _shutdownGate = new();
    private readonly ILogger _logger;
    private readonly LogRateLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly IPostHogClient? _client;
    private readonly bool _ownsClient;
    private readonly TimeSpan _disposeTimeout;
    private readonly TimeSpan _holdLimit;
    private readonly TimeSpan _shutdownTimeout;
    private readonly TraceRegistry? _traces;
    private readonly SpanEventBuilder? _spanEvents;
    private readonly FeedbackEventBuilder? _feedbackEvents;
    private readonly Func<ExportedSpan, ExportedSpan>? _spanFormatter;
    private readonly ExporterMetrics? _metrics;
    private volatile bool _shuttingDown;
    private Task? _shutdownTask;

    /// <summary>Creates an exporter configured from the <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment variables.</summary>
    public PosthogExporter()
        : this(null, null, ownsClient: true)
    {
    }

    /// <summary>Creates an exporter; settings left unset are read from the environment. Never throws because of configuration.</summary>
    /// <param name="options">The settings; <see langword="null"/> means defaults.</param>
    public PosthogExporter(PosthogExporterOptions? options)
        : this(options, null, ownsClient: true)
    {
    }

    /// <summary>Creates an exporter that sends through a client the caller owns: shutdown flushes it but does not shut it down.</summary>
    /// <param name="options">The settings; <see langword="null"/> means defaults.</param>
    /// <param name="client">The client.</param>
    public PosthogExporter(PosthogExporterOptions? options, IPostHogClient client)
        : this(options, client, ownsClient: false)
    {
    }

    private PosthogExporter(PosthogExporterOptions? options, IPostHogClient? client, bool ownsClient)
        : this(options, client, ownsClient, throwOnInvalidSettings: false)
    {
    }

    /// <summary>
    /// Creates an exporter. With <paramref name="throwOnInvalidSettings"/> (the dependency-injection setups, so that a
    /// bad value stops the host at start) every invalid setting is reported at once in an
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>; without it each one is a warning and its
    /// default is used.
    /// </summary>
    internal PosthogExporter(PosthogExporterOptions? options, IPostHogClient? client, bool ownsClient, bool throwOnInvalidSettings)
    {
        options ??= new PosthogExporterOptions();
        _logger = new MinimumLevelLogger(options.Logger ?? NullLogger.Instance, options.LogLevel);
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _limiter = new LogRateLimiter(_logger, _timeProvider);
        _spanFormatter = options.SpanFormatter;
        _shutdownTimeout = new PostHogClientOptions().ShutdownTimeout;
        _disposeTimeout = _shutdownTimeout + TimeSpan.FromSeconds(1);

        var settings = ExporterSettings.Resolve(options);
        if (throwOnInvalidSettings && settings.Errors.Count > 0)
        {
            throw InvalidSettings(settings.Errors);
        }

        settings.Report(_logger);
        if (settings.IsDisabled)
        {
            IsDisabled = true;
            return;
        }

        if (client is null)
        {
            var clientOptions = new PostHogClientOptions
            {
                ApiKey = settings.ApiKey!,
                Host = settings.Host,
                FlushAt = settings.FlushAt,
                FlushInterval = settings.FlushInterval,
                Logger = _logger,
                TimeProvider = _timeProvider,
            };
            try
            {
                options.ConfigureClient?.Invoke(clientOptions);
            }
            catch (Exception ex)
            {
                // The constructors never throw because of configuration: a client that cannot be built disables the exporter.
                ClientCreationFailed(ex);
                IsDisabled = true;
                return;
            }

            var clientProblems = ExporterSettings.CorrectClientOptions(clientOptions, withConsequence: !throwOnInvalidSettings);
            if (throwOnInvalidSettings && clientProblems.Count > 0)
            {
                throw InvalidSettings(clientProblems);
            }

            foreach (var problem in clientProblems)
            {
                ExporterLog.InvalidSetting(_logger, problem);
                PosthogEventSource.Log.InvalidSetting(problem);
            }

            // Self-diagnostics without a logger: delivery failures go to the event source, request durations to the meter.
            var onError = clientOptions.OnError;
            clientOptions.OnError = error =>
            {
                PosthogEventSource.Log.Report(error);
                onError?.Invoke(error);
            };
            _metrics = new ExporterMetrics();
            clientOptions.RequestCompleted = _metrics.RecordRequest;
            try
            {
                _shutdownTimeout = clientOptions.ShutdownTimeout;
                _disposeTimeout = _shutdownTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _shutdownTimeout + TimeSpan.FromSeconds(1);
                client = new PostHogClient(clientOptions);
            }
            catch (Exception ex)
            {
                ClientCreationFailed(ex);
                IsDisabled = true;
                return;
            }
        }

        _client = client;
        _ownsClient = ownsClient;
        _metrics ??= new ExporterMetrics();
        _metrics.Observe(client);
        _holdLimit = settings.TraceCleanupDelay;
        _traces = new TraceRegistry(_timeProvider, settings.TraceCleanupDelay, settings.MaxPendingCleanupTraces, settings.MaxTotalTraces, SendHeld);
        var converter = new ValueConverter(ExporterJson.For(options.JsonTypeInfoResolver));
        _spanEvents = new SpanEventBuilder(converter, options.EnablePrivacyMode, options.DefaultDistinctId);
        _feedbackEvents = new FeedbackEventBuilder(converter, options.DefaultDistinctId);
    }

    /// <inheritdoc />
    public string Name => "posthog";

    /// <summary><see langword="true"/> when no API key (or no valid host) was configured: every member is then a no-op.</summary>
    public bool IsDisabled { get; }

    /// <summary>Traces currently tracked (for diagnostics and tests).</summary>
    internal int TrackedTraceCount => _traces?.Count ?? 0;

    /// <summary>Finished traces waiting for their cleanup (for diagnostics and tests).</summary>
    internal int PendingCleanupTraceCount => _traces?.PendingCleanupCount ?? 0;

    /// <summary>The exporter's metrics (for tests); <see langword="null"/> when it is disabled.</summary>
    internal ExporterMetrics? Metrics => _metrics;

    /// <summary>The client the exporter sends through (for tests).</summary>
    internal IPostHogClient? Client => _client;

    /// <inheritdoc />
    public Task ExportTracingEventAsync(TracingEvent tracingEvent, CancellationToken cancellationToken = default)
    {
        if (IsDisabled || _shuttingDown)
        {
            return Task.CompletedTask;
        }

        var span = tracingEvent?.ExportedSpan;
        if (tracingEvent is null || span is null || string.IsNullOrEmpty(span.Id) || string.IsNullOrEmpty(span.TraceId))
        {
            ExporterLog.IgnoringEventWithoutIds(_limiter);
            return Task.CompletedTask;
        }

        try
        {
            var formatted = ApplyFormatter(span);
            if (string.IsNullOrEmpty(formatted.Id) || string.IsNullOrEmpty(formatted.TraceId))
            {
                ExporterLog.IgnoringEventWithoutIds(_limiter);
                return Task.CompletedTask;
            }

            Process(tracingEvent.Type, formatted);
        }
        catch (Exception ex)
        {
            ExporterLog.ExporterError(_limiter, ex, tracingEvent.Type, span.TraceId, span.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends one piece of feedback as <c>$ai_feedback</c>. Feedback without a trace id is dropped.</summary>
    /// <remarks>Also <see cref="IFeedbackExporter.ExportFeedbackAsync"/>, as which dependency-injection setups register the exporter.</remarks>
    /// <param name="feedbackEvent">The feedback.</param>
    /// <param name="cancellationToken">Accepted for symmetry; processing is not cancellable.</param>
    /// <returns>A completed task.</returns>
    public Task ExportFeedbackAsync(FeedbackEvent feedbackEvent, CancellationToken cancellationToken = default)
    {
        if (IsDisabled || _shuttingDown)
        {
            return Task.CompletedTask;
        }

        var feedback = feedbackEvent?.Feedback;
        if (feedback is null)
        {
            ExporterLog.IgnoringEmptyFeedback(_limiter);
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(feedback.TraceId))
        {
            ExporterLog.FeedbackWithoutTraceId(_limiter, feedback.FeedbackId ?? "");
            return Task.CompletedTask;
        }

        try
        {
            var (evt, properties) = _feedbackEvents!.Build(feedback);
            Capture(evt);
            if (properties.Issues != InputIssues.None)
            {
                ExporterLog.BadInput(_limiter, properties.Issues, evt.EventName, feedback.TraceId!, feedback.FeedbackId ?? "", null, properties);
            }

            properties.Return();
        }
        catch (Exception ex)
        {
            ExporterLog.FeedbackFailed(_limiter, ex, feedback.TraceId, feedback.FeedbackId);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends every event queued so far and waits for the outcome; the counts accumulate in <see cref="GetDiagnostics"/>.
    /// Spans held because their parent has not arrived yet are sent first, as they are (with their parent's raw id).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (not the delivery) with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when those events are sent, failed or dropped.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (IsDisabled)
        {
            return;
        }

        ExporterLog.Flushing(_logger);
        SendHeld(_traces!.Snapshot());
        var result = await _client!.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.Failed > 0 || result.Dropped > 0)
        {
            ExporterLog.FlushedWithLosses(_logger, result.Sent, result.Failed, result.Dropped);
        }
        else
        {
            ExporterLog.Flushed(_logger, result.Sent, result.Failed, result.Dropped);
        }
    }

    /// <summary>The client's delivery counters (all zero when disabled).</summary>
    /// <returns>A snapshot of the counters.</returns>
    public PostHogClientDiagnostics GetDiagnostics() => _client?.GetDiagnostics() ?? new PostHogClientDiagnostics();

    /// <summary>
    /// Ends every open span as an error (<c>SHUTDOWN</c>), sends what is queued within the client's shutdown timeout and
    /// stops. Later calls return the task of the first call. Exports after shutdown are ignored.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the exporter is shut down.</returns>
    public Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (IsDisabled)
        {
            return Task.CompletedTask;
        }

        Task task;
        lock (_shutdownGate)
        {
            task = _shutdownTask ??= ShutdownCoreAsync(_timeProvider.GetTimestamp());
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(task, cancellationToken) : task;
    }

    /// <summary>Shuts the exporter down (<see cref="ShutdownAsync"/>).</summary>
    /// <returns>A task that completes when the exporter is shut down.</returns>
    public ValueTask DisposeAsync() => new(ShutdownAsync());

    /// <summary>Shuts the exporter down, waiting at most the client's shutdown timeout plus one second. Never throws.</summary>
    public void Dispose()
    {
        if (IsDisabled)
        {
            return;
        }

        try
        {
            ShutdownAsync().Wait(_disposeTimeout);
        }
        catch (Exception ex)
        {
            ExporterLog.ShutdownFailed(_logger, ex);
        }
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        await task.ConfigureAwait(false);
    }

    private ExportedSpan ApplyFormatter(ExportedSpan span)
    {
        if (_spanFormatter is null)
        {
            return span;
        }

        try
        {
            return _spanFormatter(span) ?? span;
        }
        catch (Exception ex)
        {
            ExporterLog.SpanFormatterFailed(_limiter, ex);
            return span;
        }
    }

    private void Process(TracingEventType type, ExportedSpan span)
    {
        var trace = _traces!.Acquire(span.TraceId, out var killed);
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
        lock (trace)
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
                _traces.Release(trace, out evicted);
            }
        }

        if (evicted is not null)
        {
            SendHeld(evicted);
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
    private void SendHeldChildrenOf(TraceState trace, string parentId)
    {
        var held = trace.Held!;
        for (var i = 0; i < held.Count; i++)
        {
            var waiting = held[i];
            if (string.Equals(waiting.Span.ParentSpanId, parentId, StringComparison.Ordinal))
            {
                held.RemoveAt(i--);
                Emit(trace, waiting.Span, waiting.Kind, waiting.Issues);
            }
        }

        if (held.Count == 0)
        {
            trace.Held = null;
        }
    }

    /// <summary>Sends, with their raw parent id, the held spans that waited longer than the trace cleanup delay.</summary>
    private void SendExpiredHeld(TraceState trace)
    {
        var held = trace.Held!;
        var due = _timeProvider.GetUtcNow() - _holdLimit;
        while (held.Count > 0 && held[0].HeldAt <= due)
        {
            var waiting = held[0];
            held.RemoveAt(0);
            Emit(trace, waiting.Span, waiting.Kind, waiting.Issues);
        }

        if (held.Count == 0)
        {
            trace.Held = null;
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
                lock (trace)
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
            trace.UserId = SpanEventBuilder.UserIdOf(metadata);
        }
    }

    /// <summary>Builds and sends the event of a span, then logs its bad input: <paramref name="issues"/> and what building found.</summary>
    private void Emit(TraceState trace, SpanSnapshot span, EmitKind kind, InputIssues issues)
    {
        var now = _timeProvider.GetUtcNow();
        if (SpanEventBuilder.RootNeedsGeneration(trace, span))
        {
            // A trace that is one model call: PostHog prices generations only, so it gets one under its trace.
            EmitBuilt(span, _spanEvents!.Build(trace, span, kind, now, asGeneration: true), InputIssues.None);
        }

        EmitBuilt(span, _spanEvents!.Build(trace, span, kind, now), issues);
    }

    private void EmitBuilt(SpanSnapshot span, (PostHogEvent Event, EventProperties Properties) built, InputIssues issues)
    {
        var (evt, properties) = built;
        Capture(evt);
        issues |= properties.Issues;
        if (issues != InputIssues.None)
        {
            ExporterLog.BadInput(_limiter, issues, evt.EventName, span.TraceId, span.Id, span.ParentSpanId, properties);
        }

        properties.Return();
    }

    /// <summary>
    /// Hands an event to the client. <see cref="PostHogClient"/> serialises the properties' UTF-8 during the call;
    /// any other client gets them as a <see cref="System.Text.Json.Nodes.JsonObject"/> of its own.
    /// </summary>
    private void Capture(PostHogEvent evt)
    {
        if (_client is PostHogClient client)
        {
            client.CaptureAiUnobserved(evt);
            return;
        }

        _client!.CaptureAi(new PostHogEvent
        {
            EventName = evt.EventName,
            DistinctId = evt.DistinctId,
            Timestamp = evt.Timestamp,
            Properties = evt.RawProperties?.ToJsonObject(),
        });
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
            lock (trace)
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

    /// <summary>
    /// Shuts down within the client's shutdown timeout, counted from <paramref name="startedAt"/> (the first call): open
    /// spans are aborted on the thread pool, because an export running on another thread may hold a trace's lock for a
    /// while, and the caller must not wait for it beyond the bound.
    /// </summary>
    private async Task ShutdownCoreAsync(long startedAt)
    {
        _shuttingDown = true;
        var aborting = Task.Run(AbortOpenSpans);
        if (!aborting.IsCompleted && _shutdownTimeout != Timeout.InfiniteTimeSpan)
        {
            using var stopWaiting = new CancellationTokenSource();
            await Task.WhenAny(aborting, TimeCompat.Delay(_timeProvider, _shutdownTimeout, stopWaiting.Token)).ConfigureAwait(false);
            stopWaiting.Cancel();
        }
        else
        {
            await aborting.ConfigureAwait(false);
        }

        try
        {
            if (_ownsClient)
            {
                var remaining = _shutdownTimeout;
                if (remaining != Timeout.InfiniteTimeSpan)
                {
                    remaining -= _timeProvider.GetElapsedTime(startedAt);
                    remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
                }

                await _client!.ShutdownAsync(remaining).ConfigureAwait(false);
            }
            else
            {
                await _client!.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            ExporterLog.ShutdownFailed(_logger, ex);
        }

        ExporterLog.ShutdownComplete(_logger);
        _metrics?.Dispose();
    }

    private void AbortOpenSpans()
    {
        try
        {
            foreach (var trace in _traces!.Close())
            {
                lock (trace)
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

    private void ClientCreationFailed(Exception ex)
    {
        ExporterLog.ClientCreationFailed(_logger, ex.GetType().Name, ex.Message);
        PosthogEventSource.Log.ExporterDisabled("the PostHog client could not be created (" + ex.GetType().Name + ")");
        _metrics?.Dispose();
    }

    private static Microsoft.Extensions.Options.OptionsValidationException InvalidSettings(IEnumerable<string> errors) =>
        new(Microsoft.Extensions.Options.Options.DefaultName, typeof(PosthogExporterOptions), errors);
}
