using System.Diagnostics.Tracing;

namespace AgentTracing.PostHog;

/// <summary>
/// The exporter's self-diagnostics for apps without a logger, as OpenTelemetry .NET reports its own problems: an
/// <see cref="EventSource"/> named <c>AgentTracing-PostHog</c> that <c>dotnet-trace</c>, PerfView or an in-process
/// <see cref="EventListener"/> can collect. It carries the exporter's warnings and errors (a disabled exporter, invalid
/// settings, events lost or dropped), never an event's content and never the API key.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class PosthogEventSource : EventSource
{
    public const string SourceName = "AgentTracing-PostHog";

    public static readonly PosthogEventSource Log = new();

    private PosthogEventSource()
    {
    }

    /// <summary>The exporter does nothing: no API key, no usable host, or a client that could not be created.</summary>
    [Event(1, Level = EventLevel.Warning, Message = "PostHog exporter disabled: {0}")]
    public void ExporterDisabled(string reason)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(1, reason);
        }
    }

    /// <summary>A setting the exporter cannot use, with what it used instead (the same text as the log line).</summary>
    [Event(2, Level = EventLevel.Warning, Message = "{0}")]
    public void InvalidSetting(string message)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(2, message);
        }
    }

    /// <summary>Events accepted and then lost: a final HTTP failure, exhausted retries or a shutdown timeout.</summary>
    [Event(3, Level = EventLevel.Error, Message = "PostHog delivery failed ({0}): {1} events lost; HTTP status {2} (0: no response)")]
    public void DeliveryFailed(string reason, int eventCount, int statusCode)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            WriteEvent(3, reason, eventCount, statusCode);
        }
    }

    /// <summary>Events the client would not queue or send: queue full, too large, invalid, or captured after shutdown.</summary>
    [Event(4, Level = EventLevel.Warning, Message = "PostHog events dropped ({0}): {1}")]
    public void EventsDropped(string reason, int eventCount)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(4, reason, eventCount);
        }
    }

    /// <summary>A storage directory the client cannot use, or a stored file it had to delete as torn or corrupt.</summary>
    [Event(5, Level = EventLevel.Warning, Message = "PostHog storage: {0}")]
    public void StorageProblem(string message)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(5, message);
        }
    }

    /// <summary>Writes a client's failure report as <see cref="DeliveryFailed"/> or <see cref="EventsDropped"/>.</summary>
    [NonEvent]
    public void Report(PostHogDeliveryError error)
    {
        if (!IsEnabled())
        {
            return;
        }

        var count = error.EventUuids?.Count ?? 0;
        switch (error.Reason)
        {
            case PostHogDeliveryErrorReason.HttpError:
            case PostHogDeliveryErrorReason.RetriesExhausted:
            case PostHogDeliveryErrorReason.ShutdownTimeout:
                DeliveryFailed(error.Reason.ToString(), count, error.StatusCode ?? 0);
                break;
            default:
                EventsDropped(error.Reason.ToString(), count);
                break;
        }
    }
}
