using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>Flushing with sequence-number watermarks and the bounded shutdown.</summary>
public sealed partial class PostHogClient
{
    private enum DrainOutcome
    {
        Drained,
        TimedOut,
        Cancelled,
    }

    /// <inheritdoc />
    public Task<PostHogFlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<PostHogFlushResult>(cancellationToken);
        }

        // Waits for exactly the events queued so far that are still queued or in flight.
        if (_queue.TryAddFlushWaiter() is not { } waiter)
        {
            return Task.FromResult(default(PostHogFlushResult));
        }

        WakeToDrainAll();
        return WaitForFlushAsync(waiter, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PostHogShutdownResult> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref _shutdown);
        if (current is not null)
        {
            return current.Task;
        }

        var created = new TaskCompletionSource<PostHogShutdownResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        current = Interlocked.CompareExchange(ref _shutdown, created, null);
        if (current is not null)
        {
            return current.Task;
        }

        var limit = timeout ?? _settings.ShutdownTimeout;
        if (limit < TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            limit = TimeSpan.Zero;
        }

        _ = RunShutdownAsync(created, limit, cancellationToken);
        return created.Task;
    }

    private async Task<PostHogFlushResult> WaitForFlushAsync(FlushWaiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            await TimeCompat.WaitAsync(waiter.Completion.Task, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _queue.RemoveWaiter(waiter);
            throw;
        }

        return new PostHogFlushResult(waiter.Sent, waiter.Failed, waiter.Dropped) { Stored = waiter.Stored };
    }

    private async Task RunShutdownAsync(TaskCompletionSource<PostHogShutdownResult> completion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = default(PostHogShutdownResult);
        var cancelled = cancellationToken.IsCancellationRequested;
        try
        {
            (result, cancelled) = await ShutdownCoreAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutdown never throws for anything but the caller's cancellation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ClientLog.LoopError(_logger, ex);
        }

        if (cancelled)
        {
            completion.TrySetCanceled(cancellationToken);
        }
        else
        {
            completion.TrySetResult(result);
        }
    }

    private async Task<(PostHogShutdownResult Result, bool Cancelled)> ShutdownCoreAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _queue.ShutDown();

        _timer.Dispose();
        _drain.Begin(timeout);
        var timedOut = false;
        var cancelled = cancellationToken.IsCancellationRequested;
        if (waiter is not null)
        {
            WakeToDrainAll();
            var outcome = await WaitForDrainAsync(waiter, timeout, cancellationToken).ConfigureAwait(false);
            if (outcome != DrainOutcome.Drained)
            {
                cancelled = outcome == DrainOutcome.Cancelled;
                timedOut = AbandonUnfinished() > 0;
            }
        }

        CancelStop();
        await StopStorageAsync().ConfigureAwait(false);
        if (!timedOut)
        {
            // Nothing is in flight: the worker only waits for a wake-up, which the stop token ends.
            await _worker.ConfigureAwait(false);
        }

        _transport.Dispose();
        if (!timedOut)
        {
            // No batch is waiting for a retry any more.
            _drain.Dispose();
        }

        var result = waiter is null
            ? default
            : new PostHogShutdownResult(waiter.Sent, waiter.Failed, waiter.Dropped, waiter.Unsent, timedOut) { Stored = waiter.Stored };
        return (result, cancelled);
    }

    private async Task<DrainOutcome> WaitForDrainAsync(FlushWaiter waiter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var drained = waiter.Completion.Task;
        if (drained.IsCompleted)
        {
            return DrainOutcome.Drained;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return DrainOutcome.Cancelled;
        }

        using var stopWaiting = new CancellationTokenSource();
        var tasks = new List<Task>(3) { drained };
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            tasks.Add(TimeCompat.Delay(_time, timeout, stopWaiting.Token));
        }

        var callerCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), callerCancelled))
        {
            tasks.Add(callerCancelled.Task);
            await Task.WhenAny(tasks).ConfigureAwait(false);
        }

        stopWaiting.Cancel();
        if (drained.IsCompleted)
        {
            return DrainOutcome.Drained;
        }

        return cancellationToken.IsCancellationRequested ? DrainOutcome.Cancelled : DrainOutcome.TimedOut;
    }

    /// <summary>
    /// Shutdown timed out: cancels the in-flight request or backoff, counts every unfinished event as unsent,
    /// logs and reports them. Returns how many there were.
    /// </summary>
    private int AbandonUnfinished()
    {
        // Snapshot first: cancelling can run deliveries inline, and they forget their batches as they end.
        var analytics = new List<QueuedEvent>();
        var ai = new List<QueuedEvent>();
        _queue.DrainAll(analytics, ai);
        var abandoned = new List<QueuedEvent>(analytics.Count + ai.Count);
        abandoned.AddRange(analytics);
        abandoned.AddRange(ai);

        CancelStop();

        // With a storage directory they are written there instead (events already finished are skipped).
        var stored = StoreAbandoned(Lane.Analytics, analytics) + StoreAbandoned(Lane.Ai, ai);

        var unsent = Complete(abandoned, EventOutcome.Unsent, changed =>
        {
            ClientLog.ShutdownTimeout(_logger, changed.Count);
            Report(PostHogDeliveryErrorReason.ShutdownTimeout, null, null, QueuedEvent.Uuids(changed),
                $"PostHog client: timeout while shutting down; {changed.Count} events were not sent", null, null);
        });
        return unsent.Count + stored;
    }

    private void CancelStop()
    {
        try
        {
            _stop.Cancel();
        }
#pragma warning disable CA1031 // A throwing cancellation callback must not break shutdown.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
