using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// The vendor name PostHog expects in <c>$ai_provider</c>. Producers report API-qualified ids (<c>openai.chat</c>,
/// <c>anthropic.messages</c>, <c>az.ai.openai</c>); PostHog's cost matching and provider filters know the vendor
/// (<c>openai</c>), as its own SDKs send it, or a name from its canonical provider list.
/// </summary>
internal static class ProviderNames
{
    /// <summary>Whole ids, or their part before the first dot, that differ from the vendor name PostHog uses.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        // OpenTelemetry GenAI names and older gen_ai.system values.
        ["az"] = "azure",
        ["azure_ai_inference"] = "azure",
        ["azure_ai_openai"] = "azure",
        ["azure-openai"] = "azure",
        ["aws"] = "amazon-bedrock",
        ["bedrock"] = "amazon-bedrock",
        ["aws_bedrock"] = "amazon-bedrock",
        ["gcp.vertex_ai"] = "google-vertex",
        ["google.vertex"] = "google-vertex",
        ["vertex_ai"] = "google-vertex",
        ["vertex"] = "google-vertex",
        ["gcp"] = "gemini",
        ["google"] = "gemini",
        ["mistral_ai"] = "mistral",
        ["mistralai"] = "mistral",
        ["x_ai"] = "xai",
    };

    /// <summary>Ids seen so far and their vendor: an app uses a handful, and every generation event asks.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Seen = new(StringComparer.Ordinal);

    private const int MaxSeen = 256;

    /// <summary>The vendor name of a producer's provider id: a known alias, else the id up to its first dot, lower-cased.</summary>
    public static string Canonical(string provider)
    {
        if (Seen.TryGetValue(provider, out var vendor))
        {
            return vendor;
        }

        vendor = Resolve(provider);
        if (Seen.Count < MaxSeen)
        {
            Seen.TryAdd(provider, vendor);
        }

        return vendor;
    }

    private static string Resolve(string provider)
    {
        var id = provider.Trim();
        if (Aliases.TryGetValue(id, out var alias))
        {
            return alias;
        }

        var dot = id.IndexOf('.');
        if (dot > 0)
        {
            // Two-part vendor prefixes first (gcp.vertex_ai.chat), then the first part.
            var second = id.IndexOf('.', dot + 1);
            if (second > 0 && Aliases.TryGetValue(id.Substring(0, second), out alias))
            {
                return alias;
            }

            id = id.Substring(0, dot);
            if (Aliases.TryGetValue(id, out alias))
            {
                return alias;
            }
        }

        return id.ToLowerInvariant();
    }
}
