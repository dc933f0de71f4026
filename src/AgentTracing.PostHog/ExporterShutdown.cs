using System;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// The exporter's shutdown: runs once, whoever calls first; ends open spans, then shuts the client down (or only flushes
/// it when the caller owns it) within the client's shutdown timeout, and disposes the metrics. Never throws what the
/// client throws; logs it.
/// </summary>
internal sealed class ExporterShutdown
{
    private readonly object _gate = new();
    private readonly SpanProcessor _spans;
    private readonly IPostHogClient _client;
    private readonly bool _ownsClient;
    private readonly TimeSpan _shutdownTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ExporterMetrics? _metrics;
    private volatile bool _started;
    private Task? _task;

    public ExporterShutdown(
        SpanProcessor spans,
        IPostHogClient client,
        bool ownsClient,
        TimeSpan shutdownTimeout,
        TimeProvider timeProvider,
        ILogger logger,
        ExporterMetrics? metrics)
    {
        _spans = spans;
        _client = client;
        _ownsClient = ownsClient;
        _shutdownTimeout = shutdownTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;

        // A synchronous dispose waits one second beyond the shutdown timeout, so that a shutdown that uses all of it can still end.
        DisposeTimeout = shutdownTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : shutdownTimeout + TimeSpan.FromSeconds(1);
    }

    /// <summary><see langword="true"/> once shutdown has begun: exports are then ignored.</summary>
    public bool IsShuttingDown => _started;

    /// <summary>How long a synchronous dispose waits for the shutdown.</summary>
    public TimeSpan DisposeTimeout { get; }

    /// <summary>Starts the shutdown on the first call; every call returns the task of the first.</summary>
    /// <param name="cancellationToken">Cancels the wait (not the shutdown) with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the exporter is shut down.</returns>
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            task = _task ??= ShutdownCoreAsync(_timeProvider.GetTimestamp());
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(task, cancellationToken) : task;
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Shuts down within the client's shutdown timeout, counted from <paramref name="startedAt"/> (the first call): open
    /// spans are aborted on the thread pool, because an export running on another thread may hold a trace's lock for a
    /// while, and the caller must not wait for it beyond the bound.
    /// </summary>
    private async Task ShutdownCoreAsync(long startedAt)
    {
        _started = true;
        var aborting = Task.Run(_spans.AbortAll);
        if (!aborting.IsCompleted && _shutdownTimeout != Timeout.InfiniteTimeSpan)
        {
            using var stopWaiting = new CancellationTokenSource();
            await Task.WhenAny(aborting, TimeCompat.Delay(_timeProvider, _shutdownTimeout, stopWaiting.Token)).ConfigureAwait(false);
            stopWaiting.Cancel();
        }
        else
        {
            await aborting.ConfigureAwait(false);
        }

        try
        {
            if (_ownsClient)
            {
                var remaining = _shutdownTimeout;
                if (remaining != Timeout.InfiniteTimeSpan)
                {
                    remaining -= _timeProvider.GetElapsedTime(startedAt);
                    remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
                }

                await _client.ShutdownAsync(remaining).ConfigureAwait(false);
            }
            else
            {
                await _client.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            ExporterLog.ShutdownFailed(_logger, ex);
        }

        ExporterLog.ShutdownComplete(_logger);
        _metrics?.Dispose();
    }
}
