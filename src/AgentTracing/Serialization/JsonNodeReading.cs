using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// Reads a model object from a parsed JSON object so that bad input fails as a <see cref="JsonException"/>: the
/// <see cref="ArgumentException"/> (a duplicate key), <see cref="InvalidOperationException"/> (an escaped unpaired
/// surrogate in a name the model reads) or <see cref="FormatException"/> that <c>System.Text.Json.Nodes</c> throws
/// while the model's own members are read becomes a <see cref="JsonException"/>. Free-form content (input, output,
/// metadata) is kept as parsed; the exporter copes with duplicate keys and unpaired surrogates inside it.
/// </summary>
internal static class JsonNodeReading
{
    /// <summary>Parses the reader's current value and converts it with <paramref name="convert"/>.</summary>
    public static T Read<T>(ref Utf8JsonReader reader, string what, Func<JsonObject, T> convert)
    {
        var node = JsonNodeReader.Read(ref reader);
        try
        {
            var json = node as JsonObject ?? throw new JsonException(what + " must be a JSON object.");
            return convert(json);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new JsonException($"{what}: {e.Message}", e);
        }
    }

}
