using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// Reads a JSON value into a tree of nodes whose strings and booleans hold CLR values, the same kind of tree a producer
/// builds in code. <see cref="JsonNode.Parse(ref Utf8JsonReader, JsonNodeOptions?)"/> instead copies the whole value into
/// a document and wraps every node read from it, which costs several times more to read and again on every later access.
/// Numbers, strings that do not decode (an escaped lone surrogate) and objects with such a key or a key seen twice keep their parsed text:
/// they write back exactly what was read and convert to any numeric type, as parsed values do.
/// </summary>
internal static class JsonNodeReader
{
    /// <summary>Reads the value at the reader's position (or after it, at the start or on a property name); JSON <c>null</c> gives <see langword="null"/>.</summary>
    public static JsonNode? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.None or JsonTokenType.PropertyName && !reader.Read())
        {
            throw new JsonException("Expected a JSON value.");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var start = reader;
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!TryGetString(ref reader, out var key) || obj.ContainsKey(key))
                    {
                        // A key that does not decode, or a key seen twice: the object is kept as parsed, from its start
                        // (a parsed object reports a duplicate key only where a reader asks for the object's members).
                        reader = start;
                        return JsonNode.Parse(ref reader);
                    }

                    reader.Read();
                    obj.Add(key, Read(ref reader));
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(Read(ref reader));
                }

                return array;
            case JsonTokenType.String:
                return ReadString(ref reader);
            case JsonTokenType.Number:
                return JsonValue.Create(JsonNumberCache.Read(ref reader))!;
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static JsonValue ReadString(ref Utf8JsonReader reader) =>
        TryGetString(ref reader, out var text) ? JsonValue.Create(text) : Parsed(ref reader);

    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = JsonStringCache.GetString(ref reader);
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>The value as the parser read it, for the rare value a CLR value would not write back the same.</summary>
    private static JsonValue Parsed(ref Utf8JsonReader reader) => JsonValue.Create(JsonElement.ParseValue(ref reader))!;
}
