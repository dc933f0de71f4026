using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// Reads a model object from a parsed JSON object so that bad input fails at once, as a <see cref="JsonException"/>:
/// a duplicate key anywhere inside is found while reading (not later, when someone enumerates the object), and the
/// <see cref="ArgumentException"/>, <see cref="InvalidOperationException"/> or <see cref="FormatException"/> that
/// <c>System.Text.Json.Nodes</c> throws for such input becomes a <see cref="JsonException"/>.
/// </summary>
internal static class JsonNodeReading
{
    /// <summary>Parses the reader's current value and converts it with <paramref name="convert"/>.</summary>
    public static T Read<T>(ref Utf8JsonReader reader, string what, Func<JsonObject, T> convert)
    {
        var node = JsonNode.Parse(ref reader);
        try
        {
            var json = node as JsonObject ?? throw new JsonException(what + " must be a JSON object.");
            EnsureNoDuplicateKeys(json);
            return convert(json);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new JsonException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Visits every object inside <paramref name="node"/>: a parsed object finds a duplicate key (and throws
    /// <see cref="ArgumentException"/>) only when first enumerated. The depth is bounded by the parser's maximum depth.
    /// </summary>
    public static void EnsureNoDuplicateKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj)
                {
                    EnsureNoDuplicateKeys(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    EnsureNoDuplicateKeys(item);
                }

                break;
        }
    }
}
