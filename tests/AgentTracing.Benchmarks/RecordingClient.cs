using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentTracing.Benchmarks;

/// <summary>Keeps the events the exporter hands over, so a benchmark can replay exactly those.</summary>
internal sealed class RecordingClient : IPostHogClient
{
    public List<PostHogEvent> Events { get; } = [];

    public PostHogCaptureResult Capture(PostHogEvent evt) => CaptureAi(evt);

    public PostHogCaptureResult CaptureAi(PostHogEvent evt)
    {
        Events.Add(evt);
        return new PostHogCaptureResult(true, Guid.NewGuid().ToString(), null);
    }

    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default) => Task.FromResult(default(PostHogFlushResult));

    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(default(PostHogShutdownResult));

    public PostHogClientDiagnostics GetDiagnostics() => new();

    public ValueTask DisposeAsync() => default;
}
