namespace AgentTracing.PostHog;

/// <summary>The outcome of the events a flush waited for.</summary>
/// <param name="Sent">Events acknowledged by PostHog with a 2xx response.</param>
/// <param name="Failed">Events lost to a final HTTP error or to exhausted retries; with a storage directory, also the
/// events written there to be sent later (<see cref="PostHogClientDiagnostics.EventsStored"/>).</param>
/// <param name="Dropped">Events removed as too large, or that did not fit in the storage directory.</param>
public readonly record struct PostHogFlushResult(int Sent, int Failed, int Dropped);
