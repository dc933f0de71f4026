namespace AgentTracing.PostHog;

/// <summary>The outcome of the events that were queued when the client shut down.</summary>
/// <param name="Sent">Events acknowledged by PostHog with a 2xx response.</param>
/// <param name="Failed">Events lost to a final HTTP error or to exhausted retries.</param>
/// <param name="Dropped">Events removed as too large, or that did not fit in the storage directory.</param>
/// <param name="Unsent">Events abandoned because the shutdown timeout elapsed.</param>
/// <param name="TimedOut"><see langword="true"/> when the timeout elapsed before everything was finished.</param>
public readonly record struct PostHogShutdownResult(int Sent, int Failed, int Dropped, int Unsent, bool TimedOut)
{
    /// <summary>Events written to the storage directory to be sent by the next client on it (<see cref="PostHogClientOptions.StorageDirectory"/>), not lost.</summary>
    public int Stored { get; init; }
}
