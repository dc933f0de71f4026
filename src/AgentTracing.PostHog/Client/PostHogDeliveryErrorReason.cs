namespace AgentTracing.PostHog;

/// <summary>What went wrong, in a <see cref="PostHogDeliveryError"/>.</summary>
public enum PostHogDeliveryErrorReason
{
    /// <summary>The event was rejected at capture as invalid.</summary>
    InvalidEvent,

    /// <summary>The event was rejected at capture because the queue was full.</summary>
    QueueFull,

    /// <summary>The event was too large for its route.</summary>
    EventTooLarge,

    /// <summary>The event was captured after shutdown.</summary>
    ShutDown,

    /// <summary>PostHog answered with a final HTTP error.</summary>
    HttpError,

    /// <summary>Every attempt failed with a retryable error.</summary>
    RetriesExhausted,

    /// <summary>The shutdown timeout elapsed before the events were sent.</summary>
    ShutdownTimeout,

    /// <summary>
    /// Events that were to be written to <see cref="PostHogClientOptions.StorageDirectory"/> did not fit
    /// (<see cref="PostHogClientOptions.MaxStorageBytes"/>) or could not be written, and were dropped.
    /// </summary>
    StorageFull,

    /// <summary>A stored batch was older than <see cref="PostHogClientOptions.MaxStorageAge"/> and was removed unsent.</summary>
    StorageExpired,
}
