using System;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// Capturing: an event is checked, given its uuid, serialised once into a pooled array and queued in its lane, or
/// rejected with a counted, logged and reported reason. Never throws, never waits for I/O.
/// </summary>
public sealed partial class PostHogClient
{
    /// <summary>
    /// <see cref="CaptureAi"/> for the exporter, which ignores the result: an accepted event's uuid is then never
    /// formatted as a string (it is written straight into the event's JSON).
    /// </summary>
    void IEventSink.Capture(PostHogEvent evt) => CaptureCore(evt, Lane.Ai, observed: false);

    private PostHogCaptureResult CaptureCore(PostHogEvent? evt, Lane lane, bool observed = true)
    {
        Guid? uuid = null;
        try
        {
            if (evt is null)
            {
                return Reject(PostHogRejectReason.InvalidEvent, null, null);
            }

            var now = _time.GetUtcNow();
            uuid = ResolveUuid(evt, now);
            if (string.IsNullOrWhiteSpace(evt.EventName) || string.IsNullOrWhiteSpace(evt.DistinctId))
            {
                return Reject(PostHogRejectReason.InvalidEvent, evt.EventName, uuid);
            }

            var limit = lane == Lane.Ai && !_aiFallbackActive ? _settings.MaxAiEventBytes : _settings.MaxBatchRouteEventBytes;
            if (_serializer.TrySerialize(evt, evt.Timestamp ?? now, uuid.Value, limit, out _) is not { } item)
            {
                return Reject(PostHogRejectReason.EventTooLarge, evt.EventName, uuid);
            }

            var rejected = _queue.TryEnqueue(lane, item, out var wake);
            if (rejected is { } reason)
            {
                item.ReturnBuffer();
                return Reject(reason, evt.EventName, uuid);
            }

            if (wake)
            {
                Wake();
            }

            return new PostHogCaptureResult(true, observed ? uuid.Value.ToString("D") : null, null);
        }
#pragma warning disable CA1031 // Capture never throws: a property value that cannot be written makes the event invalid.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return RejectUnwritable(evt, uuid?.ToString("D"), ex);
        }
    }

    private Guid ResolveUuid(PostHogEvent evt, DateTimeOffset now)
    {
        var supplied = evt.Uuid;
        if (string.IsNullOrEmpty(supplied))
        {
            return UuidV7.New(now);
        }

        if (Guid.TryParse(supplied, out var parsed))
        {
            return parsed;
        }

        var generated = UuidV7.New(now);
        ClientLog.InvalidUuidReplaced(_logger, evt.EventName, generated.ToString("D"));
        return generated;
    }

    private PostHogCaptureResult Reject(PostHogRejectReason reason, string? eventName, Guid? uuidValue)
    {
        var uuid = uuidValue?.ToString("D");
        _counters.CountRejected(reason);

        if (reason == PostHogRejectReason.QueueFull)
        {
            LogQueueFull(eventName, uuid);
        }
        else
        {
            ClientLog.EventRejected(_logger, reason, eventName, uuid);
        }

        var errorReason = reason switch
        {
            PostHogRejectReason.InvalidEvent => PostHogDeliveryErrorReason.InvalidEvent,
            PostHogRejectReason.EventTooLarge => PostHogDeliveryErrorReason.EventTooLarge,
            PostHogRejectReason.QueueFull => PostHogDeliveryErrorReason.QueueFull,
            _ => PostHogDeliveryErrorReason.ShutDown,
        };
        Report(errorReason, null, null, uuid is null ? Array.Empty<string>() : new[] { uuid },
            $"PostHog event rejected: {reason} (event '{eventName}', uuid {uuid})", null, null);
        return new PostHogCaptureResult(false, uuid, reason);
    }

    private PostHogCaptureResult RejectUnwritable(PostHogEvent? evt, string? uuid, Exception exception)
    {
        try
        {
            _counters.CountRejected(PostHogRejectReason.InvalidEvent);
            exception = _redactor.Redact(exception)!;
            ClientLog.SerializationFailed(_logger, exception, evt?.EventName, uuid);
            Report(PostHogDeliveryErrorReason.InvalidEvent, null, null, uuid is null ? Array.Empty<string>() : new[] { uuid },
                $"PostHog event rejected: InvalidEvent (event '{evt?.EventName}', uuid {uuid}): it could not be serialised", exception, null);
        }
#pragma warning disable CA1031 // Capture never throws, not even when the logger does.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return new PostHogCaptureResult(false, uuid, PostHogRejectReason.InvalidEvent);
    }

    private void LogQueueFull(string? eventName, string? uuid)
    {
        if (_queueFullLog.TryOpen(1, out var count))
        {
            ClientLog.QueueFull(_logger, eventName, uuid, count);
        }
    }
}
