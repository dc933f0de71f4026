namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The counts of one diagnostics snapshot that must balance, read together under the client's lock: every accepted
/// event is sent, failed, dropped, unsent, stored, dropped for a full storage directory, queued or in flight.
/// </summary>
internal readonly record struct BalancedCounts(
    long Enqueued,
    long Sent,
    long Failed,
    long DroppedAfterQueue,
    long Unsent,
    long Stored,
    long DroppedStorageFull,
    int QueueLength,
    long InFlight);
