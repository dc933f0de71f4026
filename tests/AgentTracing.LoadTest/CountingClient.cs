using System;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentTracing.LoadTest;

/// <summary>Counts the PostHog events an exporter hands over, so that a path's events per trace are known before the run.</summary>
internal sealed class CountingClient : IPostHogClient
{
    private int _events;

    public int Events => Volatile.Read(ref _events);

    public PostHogCaptureResult Capture(PostHogEvent evt) => CaptureAi(evt);

    public PostHogCaptureResult CaptureAi(PostHogEvent evt)
    {
        Interlocked.Increment(ref _events);
        return new PostHogCaptureResult(true, Guid.NewGuid().ToString(), null);
    }

    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default) => Task.FromResult(default(PostHogFlushResult));

    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(default(PostHogShutdownResult));

    public PostHogClientDiagnostics GetDiagnostics() => new();

    public ValueTask DisposeAsync() => default;
}
