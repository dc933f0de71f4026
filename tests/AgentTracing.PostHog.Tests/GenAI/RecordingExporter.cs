using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>Records the tracing events the bridge sends and forwards them to an inner exporter (when given).</summary>
internal sealed class RecordingExporter(ITracingExporter? inner = null) : ITracingExporter
{
    private readonly object _gate = new();
    private readonly List<TracingEvent> _events = [];

    public string Name => "recording";

    public IReadOnlyList<TracingEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public IReadOnlyList<ExportedSpan> Ended => Events.Where(e => e.Type == TracingEventType.SpanEnded).Select(e => e.ExportedSpan).ToList();

    public IReadOnlyList<ExportedSpan> Started => Events.Where(e => e.Type == TracingEventType.SpanStarted).Select(e => e.ExportedSpan).ToList();

    public Task ExportTracingEventAsync(TracingEvent tracingEvent, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _events.Add(tracingEvent);
        }

        return inner?.ExportTracingEventAsync(tracingEvent, cancellationToken) ?? Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken = default) => inner?.ShutdownAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => inner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
