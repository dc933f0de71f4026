using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>What PostHog's own SDKs send about one model call beside its tokens: the vendor, finish reason, time to first token and endpoint.</summary>
internal static class CallDetails
{
    /// <summary>The vendor as PostHog names it, and the producer's own id beside it when that differs.</summary>
    public static void WriteProvider(EventProperties properties, string? provider)
    {
        if (provider is null)
        {
            properties.Set("$ai_provider", "unknown-provider");
            return;
        }

        var vendor = ProviderNames.Canonical(provider);
        properties.Set("$ai_provider", vendor);
        if (!string.Equals(vendor, provider, StringComparison.Ordinal))
        {
            properties.Set("provider_id", provider);
        }
    }

    /// <summary>What PostHog's own SDKs send about one call, when the span has it: finish reason, time to first token, endpoint.</summary>
    public static void Write(EventProperties properties, SpanSnapshot span, SpanSnapshot? generation)
    {
        var attributes = span.Attributes;
        if (JsonTruthiness.AsNonEmptyString(SpanEventBuilder.Checked(properties, span, AttributeKeys.FinishReason)) is { } finishReason)
        {
            properties.Set("$ai_stop_reason", finishReason);
        }

        // Read as the typed model reads it (ModelGenerationAttributes.CompletionStartTime).
        if (TracingTime.TryParse(SpanEventBuilder.Checked(properties, span, AttributeKeys.CompletionStartTime), out var firstTokenAt)
            && firstTokenAt >= span.StartTime.AddMilliseconds(-1))
        {
            // Times travel at millisecond precision: a first token within the start's millisecond is at 0 s.
            properties.Set("$ai_time_to_first_token", Math.Max(0, (firstTokenAt - span.StartTime).TotalSeconds));
        }

        var address = JsonTruthiness.AsNonEmptyString(attributes[AttributeKeys.ServerAddress]) ?? JsonTruthiness.AsNonEmptyString(generation?.Attributes[AttributeKeys.ServerAddress]);
        if (address is not null)
        {
            var port = attributes[AttributeKeys.ServerPort] ?? generation?.Attributes[AttributeKeys.ServerPort];
            properties.Set("$ai_base_url", port is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                ? string.Concat(address, ":", value.ToJsonString())
                : address);
        }
    }
}
