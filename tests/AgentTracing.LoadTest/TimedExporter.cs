using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.LoadTest;

/// <summary>Passes tracing events on to an exporter and sums the time its export calls take, to split the bridge's cost.</summary>
internal sealed class TimedExporter : ITracingExporter
{
    private readonly ITracingExporter _inner;

    public TimedExporter(ITracingExporter inner) => _inner = inner;

    public string Name => _inner.Name;

    /// <summary>Stopwatch ticks spent in the inner exporter's <see cref="ExportTracingEventAsync"/>.</summary>
    public long ExportTicks { get; private set; }

    public Task ExportTracingEventAsync(TracingEvent tracingEvent, CancellationToken cancellationToken = default)
    {
        var t0 = Stopwatch.GetTimestamp();
        var task = _inner.ExportTracingEventAsync(tracingEvent, cancellationToken);
        ExportTicks += Stopwatch.GetTimestamp() - t0;
        return task;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public Task ShutdownAsync(CancellationToken cancellationToken = default) => _inner.ShutdownAsync(cancellationToken);

    /// <summary>Does not dispose the inner exporter, which the load program owns.</summary>
    public ValueTask DisposeAsync() => default;
}
