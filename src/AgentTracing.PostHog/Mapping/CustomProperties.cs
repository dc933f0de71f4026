using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// The producer's own data on an event: custom metadata and tags become user keys (which never replace the exporter's),
/// and the metadata's <c>userId</c> and <c>sessionId</c> become the distinct id and the session.
/// </summary>
internal static class CustomProperties
{
    /// <summary><c>ToId(metadata.userId)</c>.</summary>
    public static string? UserIdOf(IDictionary<string, object?>? metadata) =>
        metadata is not null && metadata.TryGetValue("userId", out var user) ? JsonTruthiness.ToId(user) : null;

    /// <summary><c>ToId(metadata.sessionId)</c>.</summary>
    public static string? SessionIdOf(IDictionary<string, object?>? metadata) =>
        metadata is not null && metadata.TryGetValue("sessionId", out var session) ? JsonTruthiness.ToId(session) : null;

    /// <summary>Custom metadata as user data: everything but <c>userId</c> and <c>sessionId</c>; <c>$groups</c> only when it is an object.</summary>
    public static void WriteMetadata(EventProperties properties, IDictionary<string, object?>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata is Dictionary<string, object?> dictionary)
        {
            // The struct enumerator: a foreach over the interface would box it.
            foreach (var pair in dictionary)
            {
                WriteMetadataEntry(properties, pair.Key, pair.Value);
            }
        }
        else
        {
            foreach (var pair in metadata)
            {
                WriteMetadataEntry(properties, pair.Key, pair.Value);
            }
        }
    }

    private static void WriteMetadataEntry(EventProperties properties, string key, object? value)
    {
        if (key is not ("userId" or "sessionId"))
        {
            properties.SetUser(key, value, objectsOnly: key == "$groups");
        }
    }

    /// <summary>Each non-empty tag as a user key set to <see langword="true"/>.</summary>
    public static void WriteTags(EventProperties properties, IReadOnlyList<string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (!string.IsNullOrEmpty(tag))
            {
                properties.SetUser(properties.Text(tag), true);
            }
        }
    }
}
