namespace AgentTracing.PostHog;

/// <summary>The outcome of the events that were queued when the client shut down.</summary>
/// <param name="Sent">Events acknowledged by PostHog with a 2xx response.</param>
/// <param name="Failed">Events lost to a final HTTP error or to exhausted retries; with a storage directory, also the
/// events written there to be sent later (<see cref="PostHogClientDiagnostics.EventsStored"/>).</param>
/// <param name="Dropped">Events removed as too large, or that did not fit in the storage directory.</param>
/// <param name="Unsent">Events abandoned because the shutdown timeout elapsed.</param>
/// <param name="TimedOut"><see langword="true"/> when the timeout elapsed before everything was finished.</param>
public readonly record struct PostHogShutdownResult(int Sent, int Failed, int Dropped, int Unsent, bool TimedOut);
