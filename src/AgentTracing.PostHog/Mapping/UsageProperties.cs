using System.Text.RegularExpressions;

namespace AgentTracing.PostHog;

/// <summary>The token properties of a generation, written as PostHog's cost calculation reads them.</summary>
internal static class UsageProperties
{
    /// <summary>Every property this class writes, in the order they are written.</summary>
    public static readonly string[] TokenKeys =
    [
        "$ai_input_tokens",
        "$ai_cache_read_input_tokens",
        "$ai_cache_creation_input_tokens",
        "$ai_cache_creation_5m_input_tokens",
        "$ai_cache_creation_1h_input_tokens",
        "$ai_output_tokens",
        "$ai_reasoning_tokens",
        "$ai_text_output_tokens",
        "$ai_cache_reporting_exclusive",
    ];

    /// <summary>
    /// Models whose reasoning tokens PostHog adds on top of the output tokens when it prices them (its
    /// <c>REASONING_COST_MODELS</c> in <c>output-costs.ts</c>). Our output tokens already include reasoning.
    /// </summary>
    private static readonly Regex ReasoningBilledOnTop = new("^(gemini-2\\.5-|gemini-3(\\.\\d+)?-)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Writes the counts the usage reports. Cache tokens are capped at the input tokens (see
    /// <see cref="TokenCounts.CapCache"/>), and any cache token comes with <c>$ai_cache_reporting_exclusive: false</c>:
    /// our input tokens include the cache, which PostHog otherwise assumes they do not for Anthropic models.
    /// Returns whether cache tokens had to be capped, and the counts written.
    /// </summary>
    public static bool Write(EventProperties properties, in TokenCounts usage, string? model, out TokenCounts written)
    {
        var counts = usage.CapCache(out var capped);
        written = counts;
        WriteOne(properties, TokenKeys[0], counts.Input);
        WriteOne(properties, TokenKeys[1], counts.CacheRead);
        WriteOne(properties, TokenKeys[2], counts.CacheWrite);
        WriteOne(properties, TokenKeys[3], counts.CacheWrite5m);
        WriteOne(properties, TokenKeys[4], counts.CacheWrite1h);
        WriteOne(properties, TokenKeys[5], counts.Output);
        WriteOne(properties, TokenKeys[6], counts.Reasoning);
        if (counts.Reasoning > 0 && counts.Output is { } output && model is not null && ReasoningBilledOnTop.IsMatch(model))
        {
            // PostHog prices text output plus reasoning for these models: give it the text part, so reasoning counts once.
            properties.Set(TokenKeys[7], System.Math.Max(0, output - counts.Reasoning.Value));
        }

        if (counts.CacheRead is not null || counts.CacheWrite is not null || counts.CacheWrite5m is not null || counts.CacheWrite1h is not null)
        {
            properties.Set(TokenKeys[8], false);
        }

        return capped;
    }

    /// <summary>Writes none of the token properties and keeps user data from supplying them.</summary>
    public static void Withhold(EventProperties properties)
    {
        foreach (var key in TokenKeys)
        {
            properties.Protect(key);
        }
    }

    private static void WriteOne(EventProperties properties, string key, double? value)
    {
        if (value is { } number)
        {
            properties.Set(key, number);
        }
    }
}
