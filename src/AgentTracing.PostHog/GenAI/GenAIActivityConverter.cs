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
public sealed class GenAIActivityConverter
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<Activity, TrackedActivity> _tracked = new();
    private readonly LinkedList<TrackedActivity> _order = new();
    private readonly ITracingExporter _exporter;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly GenAISpanBuilder _builder;
    private readonly string[] _exactNames;
    private readonly string[] _prefixes;
    private readonly int _maxTracked;
    private long _evictedSinceWarning;
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    /// <summary>Creates a converter that sends to <paramref name="exporter"/>, which it does not own.</summary>
    /// <param name="exporter">The exporter, usually a <see cref="PosthogExporter"/>.</param>
    /// <param name="options">The settings; <see langword="null"/> means defaults. They are read once, here.</param>
    public GenAIActivityConverter(ITracingExporter exporter, GenAIActivityBridgeOptions? options = null)
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
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _maxTracked = options.MaxTrackedActivities > 0 ? options.MaxTrackedActivities : 10_000;
        _builder = new GenAISpanBuilder(snapshot, _logger);

        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var name in options.SourceNames)
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (name.EndsWith("*", StringComparison.Ordinal))
            {
                prefixes.Add(name.Substring(0, name.Length - 1));
            }
            else
            {
                exact.Add(name);
            }
        }

        _exactNames = [.. exact];
        _prefixes = [.. prefixes];
        SourceNames = [.. options.SourceNames];
    }

    /// <summary>The source names this converter accepts, as configured.</summary>
    public IReadOnlyList<string> SourceNames { get; }

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

    internal ITracingExporter Exporter => _exporter;

    internal ILogger Logger => _logger;

    /// <summary>Whether activities of the source named <paramref name="sourceName"/> are converted (ordinal; a trailing <c>*</c> is a prefix).</summary>
    /// <param name="sourceName">The <see cref="ActivitySource.Name"/>.</param>
    /// <returns><see langword="true"/> when the name is one of <see cref="GenAIActivityBridgeOptions.SourceNames"/>.</returns>
    public bool ShouldListenTo(string? sourceName)
    {
        if (sourceName is null)
        {
            return false;
        }

        foreach (var name in _exactNames)
        {
            if (string.Equals(name, sourceName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixes)
        {
            if (sourceName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

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

            var operation = GenAIOperations.Of(activity, out var fromTag);
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

                tracked = new TrackedActivity(activity, activity.SpanId.ToHexString(), activity.TraceId.ToHexString(), NearestTrackedAncestor(activity));
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

            var span = _builder.Build(tracked, type, operation, ended: false, isRoot: tracked.IsRoot, null, null);
            Export(TracingEventType.SpanStarted, span);
        }
        catch (Exception ex)
        {
            GenAILog.CallbackFailed(_logger, ex, "start", SafeName(activity));
        }
    }

    /// <summary>Handles the stop of a tracked activity: sends <c>span_ended</c> with its final classification. Never throws.</summary>
    /// <param name="activity">The activity that stopped.</param>
    public void OnActivityStopped(Activity activity)
    {
        try
        {
            if (activity is null)
            {
                return;
            }

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

            // A lone model call (no tracked ancestor) is a generation of its own, not a trace without tokens (§5).
            var isRoot = tracked.IsRoot && type != SpanType.ModelStep;
            var span = _builder.Build(tracked, type, operation, ended: true, isRoot, firstInput, lastOutput);
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

    /// <summary>Forgets every tracked activity without exporting anything.</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            _tracked.Clear();
            _order.Clear();
        }
    }

    private static string SafeName(Activity? activity)
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
        bool warn;
        long total;
        lock (_gate)
        {
            _evictedSinceWarning += evicted;
            var now = _timeProvider.GetUtcNow();
            warn = now - _lastWarning >= WarningInterval;
            total = _evictedSinceWarning;
            if (warn)
            {
                _lastWarning = now;
                _evictedSinceWarning = 0;
            }
        }

        if (warn)
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
