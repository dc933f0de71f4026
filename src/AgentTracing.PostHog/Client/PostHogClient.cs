using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog;

/// <summary>The batching HTTP client for PostHog's capture API (being written on the client branch).</summary>
public sealed class PostHogClient : IPostHogClient
{
    /// <summary>Not available yet.</summary>
    /// <param name="options">The settings.</param>
    public PostHogClient(PostHogClientOptions options) => throw new NotSupportedException("The HTTP client is not there yet.");

    /// <inheritdoc />
    public PostHogCaptureResult Capture(PostHogEvent evt) => throw new NotSupportedException();

    /// <inheritdoc />
    public PostHogCaptureResult CaptureAi(PostHogEvent evt) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc />
    public PostHogClientDiagnostics GetDiagnostics() => throw new NotSupportedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => throw new NotSupportedException();
}
