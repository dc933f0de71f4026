using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Why a span failed.</summary>
[JsonConverter(typeof(SpanErrorInfoConverter))]
public sealed class SpanErrorInfo
{
    /// <summary>The human-readable message.</summary>
    public string Message { get; set; } = "";

    /// <summary>A machine code, for example <c>"TOOL_ERROR"</c>.</summary>
    public string? Id { get; set; }

    /// <summary>For example <c>"AGENT"</c> or <c>"TOOL"</c>. Never sent to PostHog.</summary>
    public string? Domain { get; set; }

    /// <summary>For example <c>"USER"</c>, <c>"SYSTEM"</c>, <c>"THIRD_PARTY"</c>.</summary>
    public string? Category { get; set; }

    /// <summary>Free-form details. Never sent to PostHog.</summary>
    public IDictionary<string, object?>? Details { get; set; }

    /// <summary>The exception type name (newer producers). Never sent to PostHog.</summary>
    public string? Name { get; set; }

    /// <summary>The stack trace (newer producers). Never sent to PostHog.</summary>
    public string? Stack { get; set; }

    /// <summary>Unknown keys, kept and written back.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => Id is null ? Message : $"{Id}: {Message}";
}
