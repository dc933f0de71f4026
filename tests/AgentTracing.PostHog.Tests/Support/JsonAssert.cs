using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace AgentTracing.PostHog.Tests.Support;

/// <summary>Compares JSON as PostHog reads it: object keys unordered, everything else exact (kinds, numbers, strings).</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Equal(string expectedJson, JsonNode? actual) => Equal(JsonNode.Parse(expectedJson), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        var e = Reparse(expected);
        var a = Reparse(actual);
        if (!JsonNode.DeepEquals(e, a))
        {
            throw new XunitException($"JSON differs.\nExpected:\n{e?.ToJsonString(Indented)}\nActual:\n{a?.ToJsonString(Indented)}");
        }
    }

    /// <summary>Every key of <paramref name="expectedSubsetJson"/> is in <paramref name="actual"/> with an equal value (the spec's ⊇).</summary>
    public static void Contains(string expectedSubsetJson, JsonObject actual)
    {
        var expected = (JsonObject)JsonNode.Parse(expectedSubsetJson)!;
        foreach (var pair in expected)
        {
            if (!actual.TryGetPropertyValue(pair.Key, out var value))
            {
                throw new XunitException($"Missing key '{pair.Key}' in:\n{actual.ToJsonString(Indented)}");
            }

            var e = Reparse(pair.Value);
            var a = Reparse(value);
            if (!JsonNode.DeepEquals(e, a))
            {
                throw new XunitException($"Key '{pair.Key}': expected {e?.ToJsonString()} but was {a?.ToJsonString()}");
            }
        }
    }

    public static void Lacks(JsonObject actual, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (actual.ContainsKey(key))
            {
                throw new XunitException($"Unexpected key '{key}' in:\n{actual.ToJsonString(Indented)}");
            }
        }
    }

    /// <summary>The event as the spec's examples show it: <c>event</c>, <c>distinct_id</c>, <c>timestamp</c>, <c>properties</c>.</summary>
    public static JsonObject ToJson(PostHogEvent evt) => new()
    {
        ["event"] = evt.EventName,
        ["distinct_id"] = evt.DistinctId,
        ["timestamp"] = evt.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["properties"] = evt.Properties?.DeepClone(),
    };

    private static JsonNode? Reparse(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());
}
