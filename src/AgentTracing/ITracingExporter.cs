using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing;

/// <summary>
/// Receives the tracing events of agent runs and sends them somewhere. Implementations never throw into the host
/// app and never block the caller on I/O.
/// </summary>
public interface ITracingExporter : IAsyncDisposable
{
    /// <summary>A short name of the exporter, for example <c>"posthog"</c>.</summary>
    string Name { get; }

    /// <summary>Hands one lifecycle event of one span to the exporter.</summary>
    /// <param name="tracingEvent">The event.</param>
    /// <param name="cancellationToken">Accepted for symmetry; processing is not cancellable.</param>
    /// <returns>A task that completes when the event has been accepted (not delivered).</returns>
    Task ExportTracingEventAsync(TracingEvent tracingEvent, CancellationToken cancellationToken = default);

    /// <summary>Sends everything buffered so far and waits for it, without shutting down.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the buffered events are delivered or have failed.</returns>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends what is still open, sends everything buffered and releases resources. Idempotent.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the exporter is shut down.</returns>
    Task ShutdownAsync(CancellationToken cancellationToken = default);
}
