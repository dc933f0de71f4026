using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Support;

/// <summary>The round-trip check (read, write back, compare) and the two normalisations it applies to the original: nulls under typed keys dropped, times put in their output form.</summary>
internal static class RoundTrip
{
    /// <summary>
    /// Deserialises <paramref name="json"/> (one tracing or feedback event), serialises it again with
    /// <see cref="TracingJson.Options"/>, and asserts that the result deep-equals the normalised original.
    /// </summary>
    public static void AssertEvent(JsonNode json)
    {
        var original = json.ToJsonString();
        string written;
        if ((string?)json["type"] == "feedback")
        {
            var feedback = JsonSerializer.Deserialize<FeedbackEvent>(original, TracingJson.Options)!;
            written = JsonSerializer.Serialize(feedback, TracingJson.Options);
        }
        else
        {
            var tracingEvent = JsonSerializer.Deserialize<TracingEvent>(original, TracingJson.Options)!;
            written = JsonSerializer.Serialize(tracingEvent, TracingJson.Options);
        }

        AssertJson.Equal(Normalize(JsonNode.Parse(original)!), JsonNode.Parse(written));
    }

    /// <summary>Applies both round-trip normalisations to a copy of a tracing or feedback event.</summary>
    public static JsonNode Normalize(JsonNode json)
    {
        var copy = json.DeepClone();
        var shape = (string?)copy["type"] == "feedback"
            ? SpecShape.FeedbackEvent
            : SpecShape.TracingEvent(copy["exportedSpan"]?["type"]?.GetValueKind() == JsonValueKind.String ? (string?)copy["exportedSpan"]!["type"] : null);
        Normalize((JsonObject)copy, shape);
        return copy;
    }

    /// <summary>The output form (yyyy-MM-ddTHH:mm:ss.fffZ) of a time given as an ISO-8601 string or as epoch milliseconds.</summary>
    public static string? CanonicalTime(JsonNode? value)
    {
        if (value is not JsonValue v)
        {
            return null;
        }

        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(v.GetValue<double>())).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            case JsonValueKind.String when DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time):
                return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    private static void Normalize(JsonObject json, SpecShape shape)
    {
        foreach (var key in json.Select(pair => pair.Key).ToList())
        {
            if (!shape.Keys.Contains(key))
            {
                continue;
            }

            var value = json[key];
            if (value is null)
            {
                json.Remove(key);
            }
            else if (shape.Times.Contains(key) && CanonicalTime(value) is { } time)
            {
                json[key] = time;
            }
            else if (shape.Nested.TryGetValue(key, out var nested))
            {
                foreach (var item in value is JsonArray array ? array.ToList() : [value])
                {
                    if (item is JsonObject element)
                    {
                        Normalize(element, nested);
                    }
                }
            }
        }
    }
}
