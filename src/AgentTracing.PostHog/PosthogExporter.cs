using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
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
    private readonly ILogger _logger;
    private readonly LogRateLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly IPostHogClient? _client;
    private readonly SpanProcessor? _spans;
    private readonly IEventSink? _sink;
    private readonly FeedbackEventBuilder? _feedbackEvents;
    private readonly Func<ExportedSpan, ExportedSpan>? _spanFormatter;
    private readonly ExporterMetrics? _metrics;
    private readonly ExporterShutdown? _shutdown;
    private readonly object _pendingWorkGate = new();
    private WeakReference<Action>[] _pendingWork = [];

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
        var shutdownTimeout = new PostHogClientOptions().ShutdownTimeout;

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
                StorageDirectory = settings.StorageDirectory,
                MaxStorageBytes = settings.MaxStorageBytes,
                MaxStorageAge = settings.MaxStorageAge,
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
                shutdownTimeout = clientOptions.ShutdownTimeout;
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
        _metrics ??= new ExporterMetrics();
        _metrics.Observe(client);
        var converter = new ValueConverter(ExporterJson.For(options.JsonTypeInfoResolver));
        _sink = client as IEventSink ?? new PublicClientSink(client);
        _spans = new SpanProcessor(settings, new SpanEventBuilder(converter, options.EnablePrivacyMode, options.DefaultDistinctId), _sink, _logger, _limiter, _timeProvider);
        _feedbackEvents = new FeedbackEventBuilder(converter, options.DefaultDistinctId);
        _shutdown = new ExporterShutdown(_spans, client, ownsClient, shutdownTimeout, _timeProvider, _logger, _metrics);
    }

    /// <inheritdoc />
    public string Name => "posthog";

    /// <summary><see langword="true"/> when no API key (or no valid host) was configured: every member is then a no-op.</summary>
    public bool IsDisabled { get; }

    /// <summary>Traces currently tracked (for diagnostics and tests).</summary>
    internal int TrackedTraceCount => _spans?.TrackedTraceCount ?? 0;

    /// <summary>Finished traces waiting for their cleanup (for diagnostics and tests).</summary>
    internal int PendingCleanupTraceCount => _spans?.PendingCleanupTraceCount ?? 0;

    /// <summary>The exporter's metrics (for tests); <see langword="null"/> when it is disabled.</summary>
    internal ExporterMetrics? Metrics => _metrics;

    /// <summary>The client the exporter sends through (for tests).</summary>
    internal IPostHogClient? Client => _client;

    /// <inheritdoc />
    public Task ExportTracingEventAsync(TracingEvent tracingEvent, CancellationToken cancellationToken = default)
    {
        if (IsDisabled || _shutdown!.IsShuttingDown)
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

            _spans!.Process(tracingEvent.Type, formatted);
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
        if (IsDisabled || _shutdown!.IsShuttingDown)
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
            _sink!.Capture(evt);
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
    /// Activities a <see cref="GenAIActivityBridge"/> has queued for conversion are converted first, on this thread, and
    /// spans held because their parent has not arrived yet are sent as they are (with their parent's raw id).
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
        RunPendingWork();
        _spans!.SendAllHeldNow();
        var result = await _client!.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.Failed > 0 || result.Dropped > 0)
        {
            ExporterLog.FlushedWithLosses(_logger, result.Sent, result.Failed, result.Dropped, result.Stored);
        }
        else
        {
            ExporterLog.Flushed(_logger, result.Sent, result.Failed, result.Dropped, result.Stored);
        }
    }

    /// <summary>The client's delivery counters (all zero when disabled).</summary>
    /// <returns>A snapshot of the counters.</returns>
    public PostHogClientDiagnostics GetDiagnostics() => _client?.GetDiagnostics() ?? new PostHogClientDiagnostics();

    /// <summary>
    /// Converts what a <see cref="GenAIActivityBridge"/> has queued, ends every open span as an error (<c>SHUTDOWN</c>),
    /// sends what is queued within the client's shutdown timeout and stops. Later calls return the task of the first call. Exports after shutdown are ignored.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the exporter is shut down.</returns>
    public Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (IsDisabled)
        {
            return Task.CompletedTask;
        }

        if (!_shutdown!.IsShuttingDown)
        {
            RunPendingWork();
        }

        return _shutdown.ShutdownAsync(cancellationToken);
    }

    /// <summary>
    /// Registers work that feeds this exporter after the application's call returned (the GenAI bridge's conversions):
    /// a flush or shutdown runs it first, on its own thread, so that it covers every event the application has handed over.
    /// </summary>
    /// <param name="drain">
    /// Runs what is pending; never throws. Held weakly: its owner keeps it, and work whose owner the application has
    /// dropped is forgotten (a dropped converter's worker runs what is queued before its thread ends).
    /// </param>
    internal void AddPendingWork(Action drain)
    {
        lock (_pendingWorkGate)
        {
            _pendingWork = [.. Live(_pendingWork, except: null), new WeakReference<Action>(drain)];
        }
    }

    /// <summary>Removes work added with <see cref="AddPendingWork"/>.</summary>
    /// <param name="drain">The same delegate.</param>
    internal void RemovePendingWork(Action drain)
    {
        lock (_pendingWorkGate)
        {
            _pendingWork = Live(_pendingWork, except: drain);
        }
    }

    private static WeakReference<Action>[] Live(WeakReference<Action>[] work, Action? except) =>
        Array.FindAll(work, w => w.TryGetTarget(out var d) && !ReferenceEquals(d, except));

    private void RunPendingWork()
    {
        foreach (var work in Volatile.Read(ref _pendingWork))
        {
            if (work.TryGetTarget(out var drain))
            {
                drain();
            }
        }
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
            ShutdownAsync().Wait(_shutdown!.DisposeTimeout);
        }
        catch (Exception ex)
        {
            ExporterLog.ShutdownFailed(_logger, ex);
        }
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

    private void ClientCreationFailed(Exception ex)
    {
        ExporterLog.ClientCreationFailed(_logger, ex.GetType().Name, ex.Message);
        PosthogEventSource.Log.ExporterDisabled("the PostHog client could not be created (" + ex.GetType().Name + ")");
        _metrics?.Dispose();
    }

    private static Microsoft.Extensions.Options.OptionsValidationException InvalidSettings(IEnumerable<string> errors) =>
        new(Microsoft.Extensions.Options.Options.DefaultName, typeof(PosthogExporterOptions), errors);
}
