using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentDemo;

/// <summary>Used when no API key is set: keeps the events the exporter would send, so the demo can print them. Sends nothing.</summary>
internal sealed class DryRunPostHogClient : IPostHogClient
{
    private readonly List<PostHogEvent> _events = [];

    public IReadOnlyList<PostHogEvent> Events => _events;

    public PostHogCaptureResult Capture(PostHogEvent evt) => CaptureAi(evt);

    public PostHogCaptureResult CaptureAi(PostHogEvent evt)
    {
        var uuid = Guid.NewGuid().ToString();
        _events.Add(evt);
        return new PostHogCaptureResult(true, uuid, null);
    }

    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default) => Task.FromResult(new PostHogFlushResult(0, 0, 0));

    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PostHogShutdownResult(0, 0, 0, 0, false));

    public PostHogClientDiagnostics GetDiagnostics() => new() { EventsEnqueued = _events.Count };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
