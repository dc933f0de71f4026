using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentTracing.PostHog;

/// <summary>
/// Turns the <see cref="Activity"/> spans of Microsoft.Extensions.AI, the Microsoft Agent Framework and Semantic Kernel
/// (OpenTelemetry GenAI conventions) into <c>span_started</c> / <c>span_ended</c> tracing events for an exporter.
/// <see cref="GenAIActivityBridge"/> feeds it from an <see cref="ActivityListener"/>; the OpenTelemetry SDK integration
/// (<c>AgentTracing.OpenTelemetry</c>) feeds it from a span processor. Thread-safe; its methods never throw.
/// </summary>
/// <remarks>
/// With a <see cref="PosthogExporter"/>, a callback reads only what must be read at once (the operation at start, and
/// the user and session when a resolver is set) and queues the rest of the conversion for a background thread, which
/// sends the events in the order of the callbacks; the exporter's flush and shutdown send what is queued first. Any
/// other exporter gets its events during the callback. The thread ends after 30 seconds without callbacks and the next
/// callback starts another; the exporter holds the converter only weakly, so a converter the application drops holds
/// neither a thread nor memory once it has been idle that long. One converter per exporter, kept for as long as the
/// exporter is used (as <see cref="GenAIActivityBridge"/> does), is still the cheapest use: each converter tracks its
/// own activities and traces.
/// </remarks>
public sealed class GenAIActivityConverter
{
    // Callbacks converted after they returned, at most this many waiting: 256 is enough to absorb a burst, and more
    // only keeps the activities' tags alive into older GC generations when the application outpaces the worker.
    internal const int QueueCapacity = 256;

    private readonly ITracingExporter _exporter;
    private readonly ILogger _logger;
    private readonly GenAISpanBuilder _builder;
    private readonly GenAISourceFilter _sources;
    private readonly GenAIConversion _conversion;
    private readonly bool _resolvers;
    private readonly ConversionQueue<Callback>? _queue;
    private readonly Action? _drain;

    /// <summary>Creates a converter that sends to <paramref name="exporter"/>, which it does not own.</summary>
    /// <param name="exporter">The exporter, usually a <see cref="PosthogExporter"/>.</param>
    /// <param name="options">The settings; <see langword="null"/> means defaults. They are read once, here.</param>
    public GenAIActivityConverter(ITracingExporter exporter, GenAIActivityBridgeOptions? options = null)
        : this(exporter, options, startWorker: true)
    {
    }

    /// <param name="exporter">The exporter.</param>
    /// <param name="options">The settings.</param>
    /// <param name="startWorker">Whether a worker thread converts; without one (in tests), flushes and full queues do.</param>
    /// <param name="idleExit">How long the worker waits for work before its thread ends; 30 seconds by default.</param>
    internal GenAIActivityConverter(ITracingExporter exporter, GenAIActivityBridgeOptions? options, bool startWorker, TimeSpan? idleExit = null)
    {
        _exporter = exporter ?? throw new ArgumentNullException(nameof(exporter));
        options ??= new GenAIActivityBridgeOptions();
        var snapshot = new GenAIActivityBridgeOptions
        {
            UserIdResolver = options.UserIdResolver,
            SessionIdResolver = options.SessionIdResolver,
            IncludeUnmappedTags = options.IncludeUnmappedTags,
        };
        _logger = options.Logger ?? NullLogger.Instance;
        _builder = new GenAISpanBuilder(snapshot, _logger);
        _conversion = new GenAIConversion(exporter, options, _builder, _logger);

        _sources = new GenAISourceFilter(options.SourceNames);
        SourceNames = [.. options.SourceNames];
        _resolvers = options.UserIdResolver is not null || options.SessionIdResolver is not null;

        // A PosthogExporter's flush and shutdown run what is still queued first, so only its events can be converted
        // after the callback returns; another exporter gets them during the callback.
        if (exporter is PosthogExporter { IsDisabled: false } posthog)
        {
            _queue = new ConversionQueue<Callback>(Process, QueueCapacity, startWorker, idleExit);
            _drain = _queue.Drain;
            posthog.AddPendingWork(_drain);
        }
    }

    /// <summary>The source names this converter accepts, as configured.</summary>
    public IReadOnlyList<string> SourceNames { get; }

    /// <summary>
    /// Activities started and not yet stopped that are being tracked, as of the callbacks converted so far (with a
    /// <see cref="PosthogExporter"/>, a callback is converted on a background thread shortly after it returns).
    /// </summary>
    public int TrackedActivityCount => _conversion.TrackedActivityCount;

    internal ITracingExporter Exporter => _exporter;

    internal ILogger Logger => _logger;

    /// <summary>Whether activities of the source named <paramref name="sourceName"/> are converted (ordinal; a trailing <c>*</c> is a prefix).</summary>
    /// <param name="sourceName">The <see cref="ActivitySource.Name"/>.</param>
    /// <returns><see langword="true"/> when the name is one of <see cref="GenAIActivityBridgeOptions.SourceNames"/>.</returns>
    public bool ShouldListenTo(string? sourceName) => _sources.Matches(sourceName);

    /// <summary>Handles the start of an activity: tracks it and sends <c>span_started</c> when it is a GenAI operation. Never throws.</summary>
    /// <param name="activity">The activity that started.</param>
    public void OnActivityStarted(Activity activity)
    {
        try
        {
            if (activity is null || !ShouldListenTo(activity.Source?.Name) || activity.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            // What the activity is, as its start says: a library may rename it later (the Agent Framework turns a chat
            // into invoke_agent), and whether it is tracked must not depend on when the worker looks.
            var operation = GenAIOperations.Of(activity, out var fromTag);
            if (_queue is null)
            {
                _conversion.Started(activity, operation, fromTag, resolved: false, null, afterCallback: false);
            }
            else
            {
                _queue.Post(new Callback(activity, operation, fromTag, ResolveNow(activity)), wake: false);
            }
        }
        catch (Exception ex)
        {
            GenAILog.CallbackFailed(_logger, ex, "start", GenAIConversion.SafeName(activity));
        }
    }

    /// <summary>Handles the stop of a tracked activity: sends <c>span_ended</c> with its final classification. Never throws.</summary>
    /// <param name="activity">The activity that stopped.</param>
    public void OnActivityStopped(Activity activity)
    {
        try
        {
            // Only activities the start could have tracked: a span processor sees every activity of the app.
            if (activity is null || !ShouldListenTo(activity.Source?.Name) || activity.IdFormat != ActivityIdFormat.W3C)
            {
                return;
            }

            if (_queue is null)
            {
                _conversion.Stopped(activity, resolved: false, null);
            }
            else
            {
                // Waking the worker costs the caller more than queueing, so it is woken when a top-level GenAI activity
                // stops (a request's events are then complete) or once enough callbacks wait.
                var topLevel = activity.Parent is not { } parent || !ShouldListenTo(parent.Source?.Name);
                _queue.Post(new Callback(activity, Operation: null, FromTag: false, ResolveNow(activity)), wake: topLevel);
            }
        }
        catch (Exception ex)
        {
            GenAILog.CallbackFailed(_logger, ex, "stop", GenAIConversion.SafeName(activity));
        }
    }

    /// <summary>Callbacks whose events have not reached the exporter yet.</summary>
    internal int QueuedCount => _queue?.Count ?? 0;

    /// <summary>Sends, on this thread, the events of every callback that has already returned.</summary>
    internal void Drain() => _queue?.Drain();

    /// <summary>
    /// Sends what is queued, stops the exporter's flush from waiting for this converter, and forgets every tracked
    /// activity and trace: activities still open are never exported.
    /// </summary>
    internal void Close()
    {
        if (_queue is not null)
        {
            _queue.Drain();
            _queue.Dispose();
            ((PosthogExporter)_exporter).RemovePendingWork(_drain!);
        }

        _conversion.Clear();
    }

    /// <summary>Traces the converter remembers (their root and session), at most as many as the tracked-activity limit.</summary>
    internal int TraceCount => _conversion.TraceCount;

    private void Process(Callback callback)
    {
        if (callback.Operation is null)
        {
            _conversion.Stopped(callback.Activity, _resolvers, callback.Metadata);
        }
        else
        {
            _conversion.Started(callback.Activity, callback.Operation, callback.FromTag, _resolvers, callback.Metadata, afterCallback: true);
        }
    }

    /// <summary>
    /// The user and session, read during the callback when a resolver is set: a resolver may read the application's
    /// ambient state (an async-local request context), which only the callback's thread has.
    /// </summary>
    private Dictionary<string, object?>? ResolveNow(Activity activity) => _resolvers ? _builder.Metadata(activity) : null;

    /// <summary>
    /// A callback whose conversion waits for the worker: a start with its operation, or a stop (no operation); with the
    /// user and session read during the callback when a resolver is set.
    /// </summary>
    private readonly record struct Callback(Activity Activity, string? Operation, bool FromTag, Dictionary<string, object?>? Metadata);
}
