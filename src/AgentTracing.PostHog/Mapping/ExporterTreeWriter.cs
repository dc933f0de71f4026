using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Writes JSON trees (<see cref="JsonNode"/>, <see cref="JsonElement"/>) by the exporter's rules
/// (<see cref="ExporterValueRules"/>): strings repaired, CLR values inside nodes written as any value, and objects
/// parsed with a repeated key written as a <see cref="JsonObject"/> would hold them.
/// </summary>
internal static class ExporterTreeWriter
{
    /// <summary>Above this many members, an object that may repeat a key is de-duplicated with a dictionary.</summary>
    private const int LinearDedupLimit = 16;

    public static void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth, ref ExporterValueRules rules)
    {
        rules.CheckDepth(depth);
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in new JsonObjectMembers(obj))
                {
                    writer.WritePropertyName(pair.Key);
                    if (pair.Value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteNode(writer, pair.Value, depth + 1, ref rules);
                    }
                }

                writer.WriteEndObject();
                return;
            case JsonArray array:
                writer.WriteStartArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteNode(writer, item, depth + 1, ref rules);
                    }
                }

                writer.WriteEndArray();
                return;
            default:
                WriteJsonValue(writer, (JsonValue)node, depth, ref rules);
                return;
        }
    }

    public static void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth, ref ExporterValueRules rules)
    {
        rules.CheckDepth(depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteElementObject(writer, element, depth, ref rules);
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, depth + 1, ref rules);
                }

                writer.WriteEndArray();
                return;
            case JsonValueKind.String:
                var text = JsonStrings.Read(element, out var repaired);
                if (repaired)
                {
                    rules.Issues |= InputIssues.LoneSurrogate;
                }

                rules.WriteString(writer, text);
                return;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                return;
            default:
                element.WriteTo(writer);
                return;
        }
    }

    /// <summary>Adds a member, or replaces the value of an earlier one with the same key (kept in its place).</summary>
    public static void Upsert<T>(List<KeyValuePair<string, T>> pairs, ref Dictionary<string, int>? index, string key, T value)
    {
        var at = -1;
        if (index is null && pairs.Count > LinearDedupLimit)
        {
            index = new Dictionary<string, int>(pairs.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < pairs.Count; i++)
            {
                index[pairs[i].Key] = i;
            }
        }

        if (index is not null)
        {
            if (!index.TryGetValue(key, out at))
            {
                at = -1;
                index.Add(key, pairs.Count);
            }
        }
        else
        {
            for (var i = 0; i < pairs.Count; i++)
            {
                if (string.Equals(pairs[i].Key, key, StringComparison.Ordinal))
                {
                    at = i;
                    break;
                }
            }
        }

        if (at >= 0)
        {
            pairs[at] = new(key, value);
        }
        else
        {
            pairs.Add(new(key, value));
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, JsonValue value, int depth, ref ExporterValueRules rules)
    {
        // Values made from a CLR string, int, long, double or bool (the model's own attributes) are recognised by their
        // runtime type, which saves the generic virtual calls of TryGetValue; any other value takes the general path below.
        if (JsonValueTypes.TryGetCreatedString(value, out var created))
        {
            rules.WriteString(writer, created);
            return;
        }

        var type = value.GetType();
        if (type == JsonValueTypes.Int32 || type == JsonValueTypes.Int64 || type == JsonValueTypes.Boolean)
        {
            value.WriteTo(writer);
            return;
        }

        if (type == JsonValueTypes.Double)
        {
            // A CLR double may be non-finite, which JSON cannot hold: the rules decide what is written.
            JsonValueWriter.WriteDouble(writer, value.GetValue<double>(), ref rules);
            return;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            WriteElement(writer, element, depth, ref rules);
            return;
        }

        // The common CLR primitives, read without boxing them.
        switch (value.GetValueKind())
        {
            case JsonValueKind.String when value.TryGetValue(out string? text):
                rules.WriteString(writer, text);
                return;
            case JsonValueKind.Number when value.TryGetValue(out int i):
                writer.WriteNumberValue(i);
                return;
            case JsonValueKind.Number when value.TryGetValue(out long l):
                writer.WriteNumberValue(l);
                return;
            case JsonValueKind.True or JsonValueKind.False when value.TryGetValue(out bool b):
                writer.WriteBooleanValue(b);
                return;

            // A CLR double (a parsed number, which keeps its own text, was written above).
            case JsonValueKind.Number when value.TryGetValue(out double d):
                JsonValueWriter.WriteDouble(writer, d, ref rules);
                return;
        }

        if (value.TryGetValue(out object? boxed) && boxed is not null and not JsonElement)
        {
            // A value created from any other CLR value: write what it holds.
            JsonValueWriter.Write(writer, boxed, depth, ref rules);
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Parsed JSON may repeat a key: like a <see cref="JsonObject"/>, the first position and the last value win.</summary>
    private static void WriteElementObject(Utf8JsonWriter writer, JsonElement element, int depth, ref ExporterValueRules rules)
    {
        var members = new List<KeyValuePair<string, JsonElement>>();
        Dictionary<string, int>? index = null;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonStrings.Name(property, out var repairedName);
            if (repairedName)
            {
                rules.Issues |= InputIssues.LoneSurrogate;
            }

            Upsert(members, ref index, name, property.Value);
        }

        writer.WriteStartObject();
        foreach (var member in members)
        {
            writer.WritePropertyName(member.Key);
            WriteElement(writer, member.Value, depth + 1, ref rules);
        }

        writer.WriteEndObject();
    }
}
