using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// Forwards to a real <see cref="PostHogClient"/> and records every capture result, so a test knows exactly which
/// uuids the exporter handed over (and which were rejected). The exporter does not own it: dispose it after the exporter.
/// </summary>
internal sealed class RecordingClient(PostHogClient inner) : IPostHogClient
{
    private readonly ConcurrentQueue<PostHogCaptureResult> _captures = new();

    public PostHogClient Inner => inner;

    /// <summary>Every capture result so far, in capture order per thread.</summary>
    public IReadOnlyCollection<PostHogCaptureResult> Captures => _captures.ToArray();

    public PostHogCaptureResult Capture(PostHogEvent evt) => Record(inner.Capture(evt));

    public PostHogCaptureResult CaptureAi(PostHogEvent evt) => Record(inner.CaptureAi(evt));

    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        inner.ShutdownAsync(timeout, cancellationToken);

    public PostHogClientDiagnostics GetDiagnostics() => inner.GetDiagnostics();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private PostHogCaptureResult Record(PostHogCaptureResult result)
    {
        _captures.Enqueue(result);
        return result;
    }
}
