using System;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>One PostHog event, as handed to <see cref="IPostHogClient.Capture"/> or <see cref="IPostHogClient.CaptureAi"/>.</summary>
public sealed class PostHogEvent
{
    /// <summary>The event name, sent as <c>event</c>. Must not be empty.</summary>
    public required string EventName { get; init; }

    /// <summary>The person the event belongs to, sent as <c>distinct_id</c>. Must not be empty.</summary>
    public required string DistinctId { get; init; }

    /// <summary>The event properties. They are serialised during capture; later changes have no effect.</summary>
    public JsonObject? Properties { get; init; }

    /// <summary>When the event happened. Defaults to the time of the capture call. Sent in UTC.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The event's uuid. Defaults to a new UUIDv7. PostHog de-duplicates on it.</summary>
    public string? Uuid { get; init; }

    /// <summary>
    /// Properties the exporter wrote straight to UTF-8 JSON, read by <see cref="PostHogClient"/> instead of
    /// <see cref="Properties"/>. Valid only during the capture call that receives the event.
    /// </summary>
    internal EventProperties? RawProperties { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{EventName} ({DistinctId})";
}
