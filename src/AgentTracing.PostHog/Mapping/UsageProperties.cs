using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>§14.1: the token properties of a usage object, and the six token keys R3 withholds.</summary>
internal static class UsageProperties
{
    /// <summary>Every token property, in the order they are written.</summary>
    public static readonly string[] TokenKeys =
    [
        "$ai_input_tokens",
        "$ai_cache_read_input_tokens",
        "$ai_cache_creation_input_tokens",
        "$ai_cache_creation_5m_input_tokens",
        "$ai_cache_creation_1h_input_tokens",
        "$ai_output_tokens",
    ];

    /// <summary>Writes each token property the usage yields to <paramref name="properties"/>, in order; returns how many.</summary>
    public static int Write(JsonNode? usage, EventProperties properties)
    {
        if (usage is not JsonObject u)
        {
            return 0;
        }

        var details = u["inputDetails"] as JsonObject;
        var count = 0;
        count += WriteOne(properties, TokenKeys[0], u["inputTokens"]);
        count += WriteOne(properties, TokenKeys[1], details?["cacheRead"]);
        count += WriteOne(properties, TokenKeys[2], details?["cacheWrite"]);
        count += WriteOne(properties, TokenKeys[3], details?["cacheWrite5m"]);
        count += WriteOne(properties, TokenKeys[4], details?["cacheWrite1h"]);
        count += WriteOne(properties, TokenKeys[5], u["outputTokens"]);
        return count;
    }

    private static int WriteOne(EventProperties properties, string key, JsonNode? source)
    {
        if (source is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return 0;
        }

        properties.SetConverted(key, value);
        return 1;
    }
}
