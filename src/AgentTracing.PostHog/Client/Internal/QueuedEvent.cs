namespace AgentTracing.PostHog.Client.Internal;

/// <summary>One event serialised at capture time, as it waits in a lane queue and travels in batches.</summary>
internal sealed class QueuedEvent
{
    public QueuedEvent(byte[] json, string uuid, string eventName)
    {
        Json = json;
        Uuid = uuid;
        EventName = eventName;
    }

    /// <summary>The event's UTF-8 JSON object, exactly as it goes into the <c>batch</c> array.</summary>
    public byte[] Json { get; }

    /// <summary>The event's uuid (lower-case "D" form).</summary>
    public string Uuid { get; }

    /// <summary>The event name, for log lines.</summary>
    public string EventName { get; }

    /// <summary>The size in bytes counted against the limits.</summary>
    public int Size => Json.Length;

    /// <summary>The client-wide sequence number, assigned when queued. Guarded by the client's lock.</summary>
    public long Sequence { get; set; }

    /// <summary>Whether the event has an outcome. Guarded by the client's lock; set once.</summary>
    public bool Finished { get; set; }
}
