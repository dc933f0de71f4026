using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog;

/// <summary>
/// A batching client for PostHog's capture API. <see cref="PostHogClient"/> is the HTTP implementation;
/// tests and advanced hosts may supply their own.
/// </summary>
public interface IPostHogClient : IAsyncDisposable
{
    /// <summary>
    /// Queues an event on the analytics lane (<c>POST {host}/batch/</c>). Never blocks and never throws.
    /// </summary>
    /// <param name="evt">The event. A <see langword="null"/> event is rejected as <see cref="PostHogRejectReason.InvalidEvent"/>.</param>
    /// <returns>Whether the event was queued, and the uuid it carries on the wire.</returns>
    PostHogCaptureResult Capture(PostHogEvent evt);

    /// <summary>
    /// Queues an event on the AI lane (<c>POST {host}/i/v0/ai/batch/</c>, falling back to <c>/batch/</c> after a 404).
    /// Never blocks and never throws.
    /// </summary>
    /// <param name="evt">The event. A <see langword="null"/> event is rejected as <see cref="PostHogRejectReason.InvalidEvent"/>.</param>
    /// <returns>Whether the event was queued, and the uuid it carries on the wire.</returns>
    PostHogCaptureResult CaptureAi(PostHogEvent evt);

    /// <summary>
    /// Sends every event queued before the call and waits until each of them is sent, failed or dropped.
    /// Delivery failures are counted, never thrown.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait only; delivery goes on in the background.</param>
    /// <returns>The outcome of exactly the events queued before the call.</returns>
    Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops accepting events, sends what is queued within <paramref name="timeout"/>, and releases the client's resources.
    /// Later calls return the task of the first call. Never throws because of a timeout.
    /// </summary>
    /// <param name="timeout">The time limit; <see langword="null"/> means the client's configured shutdown timeout.</param>
    /// <param name="cancellationToken">Acts like an immediate timeout, then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outcome of the events that were queued.</returns>
    Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a snapshot of the client's counters.</summary>
    /// <returns>The counters at the time of the call.</returns>
    PostHogClientDiagnostics GetDiagnostics();
}
