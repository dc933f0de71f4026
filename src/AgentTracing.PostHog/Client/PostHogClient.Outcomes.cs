using System;
using System.Collections.Generic;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// How queued events end: each gets exactly one outcome, counted once, reported (log line, <c>OnError</c>) for the
/// failures, and the flush waiters whose events have all ended are completed after those reports.
/// </summary>
public sealed partial class PostHogClient
{
    /// <summary>AI lane after fallback: events over the <c>/batch/</c> limit are dropped, never sent: PostHog would refuse the whole request.</summary>
    private List<QueuedEvent> RemoveTooLargeForBatchRoute(List<QueuedEvent> events, string path)
    {
        List<QueuedEvent>? kept = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Size <= _settings.MaxBatchRouteEventBytes)
            {
                kept?.Add(e);
                continue;
            }

            kept ??= events.GetRange(0, i);
            DropTooLarge(new List<QueuedEvent>(1) { e }, path, null, null);
        }

        return kept ?? events;
    }

    private void DropTooLarge(List<QueuedEvent> events, string path, int? status, string? body)
    {
        CompleteAndReturnBuffers(events, EventOutcome.Dropped, dropped =>
        {
            foreach (var e in dropped)
            {
                ClientLog.EventDroppedTooLarge(_logger, path, e.Size, e.EventName, e.Uuid);
                Report(PostHogDeliveryErrorReason.EventTooLarge, status, path, new[] { e.Uuid },
                    $"PostHog event dropped as too large for {path}: {e.Size} bytes (event '{e.EventName}', uuid {e.Uuid})", null, body);
            }
        });
    }

    private void FailFinal(List<QueuedEvent> events, string path, int status, string? body)
    {
        CompleteAndReturnBuffers(events, EventOutcome.Failed, failed =>
        {
            string message;
            if (status is 401 or 403)
            {
                ClientLog.ApiKeyRejected(_logger, status, failed.Count);
                message = $"PostHog rejected the project API key ({status}); {failed.Count} events dropped";
            }
            else
            {
                ClientLog.RequestFailed(_logger, path, status, body ?? "", failed.Count);
                message = $"PostHog request {path} failed with {status}; {failed.Count} events dropped";
            }

            Report(PostHogDeliveryErrorReason.HttpError, status, path, QueuedEvent.Uuids(failed), message, null, body);
        });
    }

    /// <summary>A lone event answered 400: the server refused that event; its uuid and the server's message are reported.</summary>
    private void FailRefusedEvent(List<QueuedEvent> events, string path, string? body)
    {
        CompleteAndReturnBuffers(events, EventOutcome.Failed, failed =>
        {
            foreach (var e in failed)
            {
                ClientLog.EventRefused(_logger, path, body ?? "", e.EventName, e.Uuid);
                Report(PostHogDeliveryErrorReason.HttpError, 400, path, new[] { e.Uuid },
                    $"PostHog request {path} failed with 400: the server refused event '{e.EventName}' (uuid {e.Uuid}); it was dropped", null, body);
            }
        });
    }

    private void FailRedirect(List<QueuedEvent> events, string path, int status, string location, string refusal)
    {
        CompleteAndReturnBuffers(events, EventOutcome.Failed, failed =>
        {
            ClientLog.RedirectNotFollowed(_logger, path, status, location, refusal, failed.Count);
            Report(PostHogDeliveryErrorReason.HttpError, status, path, QueuedEvent.Uuids(failed),
                $"PostHog request {path} was redirected ({status}) to {location} and not followed ({refusal}); set Host to the address PostHog answers at; {failed.Count} events dropped", null, null);
        });
    }

    private void FailRetriesExhausted(List<QueuedEvent> events, string path, int attempts, AttemptResult last)
    {
        CompleteAndReturnBuffers(events, EventOutcome.Failed, failed =>
        {
            ClientLog.RetriesExhausted(_logger, path, attempts, last.Failure, failed.Count);
            Report(PostHogDeliveryErrorReason.RetriesExhausted, last.Status, path, QueuedEvent.Uuids(failed),
                $"PostHog request {path} failed after {attempts} attempts: {last.Failure}; {failed.Count} events dropped", last.Exception, last.Body);
        });
    }

    /// <summary>
    /// <see cref="Complete"/> on the sending worker, after the last request built from <paramref name="events"/>:
    /// the arrays of the events that got their outcome here go back to the pool.
    /// </summary>
    private void CompleteAndReturnBuffers(IReadOnlyList<QueuedEvent> events, EventOutcome outcome, Action<List<QueuedEvent>>? report = null)
    {
        QueuedEvent.ReturnBuffers(Complete(events, outcome, report));
    }

    /// <summary>
    /// Gives events their outcome (once: events that already have one are skipped), updates the counters, runs
    /// <paramref name="report"/> (logs and OnError) for the events that changed, and only then completes the flush
    /// waiters whose events are now all finished, so a caller of FlushAsync sees the reports before the result.
    /// Returns the events that changed.
    /// </summary>
    private List<QueuedEvent> Complete(IReadOnlyList<QueuedEvent> events, EventOutcome outcome, Action<List<QueuedEvent>>? report = null)
    {
        var done = new List<QueuedEvent>(events.Count);
        var completed = _queue.Finish(events, outcome, done);

        if (report is not null && done.Count > 0)
        {
            try
            {
                report(done);
            }
#pragma warning disable CA1031 // A throwing logger must not leave flush waiters hanging.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        if (completed is not null)
        {
            foreach (var waiter in completed)
            {
                waiter.Completion.TrySetResult(true);
            }
        }

        return done;
    }
}
