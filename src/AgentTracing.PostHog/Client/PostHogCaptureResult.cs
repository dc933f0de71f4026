namespace AgentTracing.PostHog;

/// <summary>The result of a capture call: whether the event was queued, and with which uuid.</summary>
/// <param name="Accepted"><see langword="true"/> when the event was queued (not yet delivered).</param>
/// <param name="Uuid">The uuid the event carries, or would have carried, on the wire.</param>
/// <param name="Reason">Why the event was rejected; <see langword="null"/> when accepted.</param>
public readonly record struct PostHogCaptureResult(bool Accepted, string? Uuid, PostHogRejectReason? Reason);
