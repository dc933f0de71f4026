using System;
using System.Collections.Generic;
#if NET8_0_OR_GREATER
using System.Diagnostics;
#endif
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>The background sending loop: batching, requests, and handling every response (success, retry, split, fallback, failure).</summary>
public sealed partial class PostHogClient
{
    /// <summary>Retryable failures in a row that look like an outage.</summary>
    private const int OutageStreak = 2;

    /// <summary>
    /// The dispatcher: wakes on FlushAt, the timer, FlushAsync and ShutdownAsync, and starts one delivery per batch
    /// while a request slot is free. Deliveries run on their own and wake it again when they end.
    /// </summary>
    private async Task RunWorkerAsync()
    {
#if NET8_0_OR_GREATER
        // The application's traces must never contain the client's own HTTP calls as children.
        Activity.Current = null;
#endif
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(stop).ConfigureAwait(false);
                Volatile.Write(ref _wakePending, 0);
                await DispatchAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failure must never stop background sending.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                HandleLoopError(null, ex);
            }
        }
    }

    /// <summary>
    /// Starts deliveries: after a FlushAt wake, while a lane holds a full batch (FlushAt events, or MaxBatchBytes);
    /// after a timer, flush or shutdown wake, until both queues are empty. A new batch waits for a free request slot,
    /// and is not started while <see cref="MayStartBatch"/> says no (too many batches out, or PostHog looks down).
    /// </summary>
    private async Task DispatchAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _drainAllRequested, 0) == 1)
            {
                _drainAll = true;
            }

            // Taken before this waits for a slot: the slot it is about to hold must not count as a running request.
            var minEvents = _drainAll ? 1 : BatchThreshold();
            if (!MayStartBatch() || !HasReadyBatch(minEvents))
            {
                return;
            }

            await _slots.AcquireAsync(stop).ConfigureAwait(false);

            // An attempt may have failed while this waited for the slot.
            if (!MayStartBatch())
            {
                _slots.Release();
                return;
            }

            if (!_queue.TryTakeBatch(minEvents, out var lane, out var batch))
            {
                _slots.Release();
                continue;
            }

            _ = RunDeliveryAsync(lane, batch, stop);
        }
    }

    /// <summary>
    /// Whether a new batch may start: when none is out; otherwise when fewer than twice <c>MaxConcurrentRequests</c>
    /// batches are out (in a request or waiting for a retry), which bounds the memory they hold, and the last two
    /// attempts did not both fail. One failure does not hold back the other batches; two in a row look like an outage,
    /// and then only the batches already out are sent until one succeeds, so an outage uses up the retries of the
    /// batches that met it, not those of every queued batch.
    /// </summary>
    private bool MayStartBatch()
    {
        var outstanding = _queue.OutstandingBatches;
        return outstanding == 0
            || (Volatile.Read(ref _failureStreak) < OutageStreak && outstanding < 2 * _settings.MaxConcurrentRequests);
    }

    private bool HasReadyBatch(int minEvents)
    {
        var ready = _queue.HasReadyBatch(minEvents, out var empty);
        if (!ready && _drainAll && empty)
        {
            // Everything queued has been taken: the next drain needs a new request.
            _drainAll = false;
        }

        return ready;
    }

    /// <summary>One batch from its first attempt to its outcome, holding a request slot only while a request runs.</summary>
    private async Task RunDeliveryAsync(Lane lane, List<QueuedEvent> batch, CancellationToken stop)
    {
        // The dispatcher acquired the slot for the first attempt.
        var lease = new SlotLease { Held = true };
        try
        {
            await Task.Yield();
            await DeliverAsync(lane, batch, lease, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown timed out: it counts the unfinished events as unsent.
        }
#pragma warning disable CA1031 // One failure must never stop background sending.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            HandleLoopError(batch, ex);
        }
        finally
        {
            if (lease.Held)
            {
                lease.Held = false;
                _slots.Release();
            }

            _queue.Forget(batch);
            Wake();
        }
    }

    private void HandleLoopError(List<QueuedEvent>? batch, Exception exception)
    {
        try
        {
            exception = _redactor.Redact(exception)!;
            ClientLog.LoopError(_logger, exception);
            if (batch is null)
            {
                return;
            }

            CompleteAndReturnBuffers(batch, EventOutcome.Failed, failed =>
                Report(PostHogDeliveryErrorReason.HttpError, null, null, QueuedEvent.Uuids(failed),
                    $"PostHog client: unexpected error in the sending loop ({exception.GetType().Name}); {failed.Count} events dropped", exception, null));
        }
#pragma warning disable CA1031 // Even a throwing logger must not stop the loop.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// How many queued events start a batch: <c>FlushAt</c> while no request runs, so a quiet app's events leave at
    /// once; a whole <c>MaxBatchSize</c> batch while one does, so a busy app sends fewer, larger requests (less CPU per
    /// event, better compression) instead of many small ones side by side. The timer, flush and shutdown still send
    /// everything, and each request that ends looks again.
    /// </summary>
    private int BatchThreshold() =>
        _slots.AnyActive ? Math.Max(_settings.FlushAt, _settings.MaxBatchSize) : _settings.FlushAt;

    /// <summary>Sends one batch with its own retry budget, and handles every kind of response.</summary>
    private async Task DeliverAsync(Lane lane, List<QueuedEvent> events, SlotLease lease, CancellationToken stop)
    {
        var aiRoute = lane == Lane.Ai && !_aiFallbackActive;
        var path = aiRoute ? _aiPath : _batchPath;
        if (lane == Lane.Ai && !aiRoute)
        {
            events = RemoveTooLargeForBatchRoute(events, path);
            if (events.Count == 0)
            {
                return;
            }
        }

        var uri = aiRoute ? _aiUri : _batchUri;
        for (var attempt = 1; ; attempt++)
        {
            if (!lease.Held)
            {
                await _slots.AcquireAsync(stop).ConfigureAwait(false);
                lease.Held = true;
            }

            var result = await SendAttemptAsync(uri, events, attempt, stop).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                CompleteAndReturnBuffers(events, EventOutcome.Sent);
                return;
            }

            if (result.Status == 404 && aiRoute)
            {
                StartAiFallback();

                // Resent at once to /batch/, with a fresh retry budget.
                await DeliverAsync(lane, events, lease, stop).ConfigureAwait(false);
                return;
            }

            // 413: the request is too large. 400: one malformed event refuses the whole request. Either way the
            // halves are sent one after the other until the culprit is alone, so the other events still arrive.
            if (result.Status is 413 or 400)
            {
                if (events.Count >= 2)
                {
                    _counters.CountSplit();
                    ClientLog.Splitting(_logger, path, result.Status.Value, events.Count);
                    var half = events.Count / 2;
                    await DeliverAsync(lane, events.GetRange(0, half), lease, stop).ConfigureAwait(false);
                    await DeliverAsync(lane, events.GetRange(half, events.Count - half), lease, stop).ConfigureAwait(false);
                    return;
                }

                if (result.Status == 413)
                {
                    DropTooLarge(events, path, 413, result.Body);
                }
                else
                {
                    FailRefusedEvent(events, path, result.Body);
                }

                return;
            }

            if (result.IsRetryable)
            {
                if (attempt <= _settings.MaxRetries)
                {
                    var retriesLeft = _settings.MaxRetries - attempt;
                    var delay = _drain.Fit(
                        RetryDelay.Compute(attempt, _settings.InitialRetryDelay, _settings.MaxRetryDelay, 0.8 + (0.4 * _jitter.NextDouble()), result.RetryAfter),
                        retriesLeft);
                    ClientLog.Retrying(_logger, path, attempt, result.Failure, delay);
                    if (result.Status == 429 || result.RetryAfter is not null)
                    {
                        // PostHog asks the client to slow down: one request at a time until the wait is over.
                        _slots.Throttle(delay);
                    }

                    if (_settings.MaxConcurrentRequests > 1)
                    {
                        // The wait does not hold back the other batches.
                        lease.Held = false;
                        _slots.Release();
                    }

                    await _drain.WaitBeforeRetryAsync(delay, retriesLeft, stop).ConfigureAwait(false);
                    continue;
                }

                if (TryStore(lane, events, "retries exhausted") is null)
                {
                    FailRetriesExhausted(events, path, attempt, result);
                }

                return;
            }

            if (result.RedirectLocation is { } location)
            {
                FailRedirect(events, path, result.Status!.Value, location, result.Failure);
                return;
            }

            FailFinal(events, path, result.Status!.Value, result.Body);
            return;
        }
    }

    /// <summary>One HTTP attempt, timed for the metrics and noted by the adaptive sending rate.</summary>
    private async Task<AttemptResult> SendAttemptAsync(Uri uri, List<QueuedEvent> events, int attempt, CancellationToken stop)
    {
        if (attempt > 1)
        {
            _counters.CountRetry();
        }

        var started = _time.GetTimestamp();
        var result = await _transport.SendAsync(uri, events, stop).ConfigureAwait(false);
        _requestCompleted?.Invoke(_time.GetElapsedTime(started), result.Status);
        NoteAttempt(result);
        return result;
    }

    /// <summary>The AI route answered 404: this client sends AI events to <c>/batch/</c> from now on.</summary>
    private void StartAiFallback()
    {
        if (!_aiFallbackActive)
        {
            _aiFallbackActive = true;
            ClientLog.AiFallback(_logger);
        }
    }

    /// <summary>
    /// Adapts the sending rate: a success lets one more request run at once and ends a run of failures (the dispatcher
    /// may start new batches again); a retryable failure halves the requests in flight.
    /// </summary>
    private void NoteAttempt(AttemptResult result)
    {
        if (result.IsSuccess)
        {
            _slots.Succeeded();
            if (Interlocked.Exchange(ref _failureStreak, 0) > 0)
            {
                Wake();
            }

            // PostHog answers: stored batches may be sent again.
            _resender?.RequestPass(fromTimer: false);
        }
        else if (result.IsRetryable)
        {
            _slots.Failed();
            Interlocked.Increment(ref _failureStreak);
        }
    }
}
