namespace AgentTracing.PostHog;

/// <summary>The outcome of the events a flush waited for.</summary>
/// <param name="Sent">Events acknowledged by PostHog with a 2xx response.</param>
/// <param name="Failed">Events lost to a final HTTP error or to exhausted retries.</param>
/// <param name="Dropped">Events removed as too large, or that did not fit in the storage directory.</param>
public readonly record struct PostHogFlushResult(int Sent, int Failed, int Dropped)
{
    /// <summary>Events written to the storage directory to be sent later (<see cref="PostHogClientOptions.StorageDirectory"/>), not lost.</summary>
    public int Stored { get; init; }
}
