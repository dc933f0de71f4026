namespace AgentTracing.PostHog.Client.Internal;

/// <summary>How a queued event finished.</summary>
internal enum EventOutcome
{
    /// <summary>Acknowledged with a 2xx.</summary>
    Sent,

    /// <summary>Lost to a final HTTP error, exhausted retries or an unexpected error.</summary>
    Failed,

    /// <summary>Removed as too large.</summary>
    Dropped,

    /// <summary>Abandoned at a shutdown timeout.</summary>
    Unsent,

    /// <summary>Written to the storage directory, to be sent again later.</summary>
    Stored,

    /// <summary>Meant for the storage directory, but it was full or could not be written.</summary>
    StorageFull,
}
