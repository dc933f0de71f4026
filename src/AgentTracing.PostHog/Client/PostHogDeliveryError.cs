using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>One failure reported through <see cref="PostHogClientOptions.OnError"/>. Never contains the API key.</summary>
public sealed class PostHogDeliveryError
{
    /// <summary>What went wrong.</summary>
    public required PostHogDeliveryErrorReason Reason { get; init; }

    /// <summary>The HTTP status, when there was a response.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The request path, when a request was involved.</summary>
    public string? Path { get; init; }

    /// <summary>The uuids of the events affected.</summary>
    public required IReadOnlyList<string> EventUuids { get; init; }

    /// <summary>A human-readable description.</summary>
    public required string Message { get; init; }

    /// <summary>The network exception, when there was one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The first kilobyte of the response body, when there was one.</summary>
    public string? ResponseBody { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}
