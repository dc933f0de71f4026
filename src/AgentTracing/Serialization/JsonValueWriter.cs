using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The one walker of the CLR values a producer may store in <c>object?</c> members, straight to UTF-8: the model's
/// JSON form writes them as they are, the exporter with its repairs (<see cref="IJsonValueRules"/>).
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>Writes <paramref name="value"/>, found at <paramref name="depth"/> below the top of the value being written.</summary>
    public static void Write<TRules>(Utf8JsonWriter writer, object? value, int depth, ref TRules rules)
        where TRules : struct, IJsonValueRules
    {
        rules.CheckDepth(depth);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                rules.WriteString(writer, s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                WriteDouble(writer, d, ref rules);
                return;
            case DateTimeOffset time:
                WriteTime(writer, time);
                return;
            case JsonNode node:
                rules.WriteNode(writer, node, depth);
                return;
            case JsonElement element:
                rules.WriteElement(writer, element, depth);
                return;
            case IDictionary<string, object?> map:
                // String keys: unique, so written as they come.
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, depth + 1, ref rules);
                }

                writer.WriteEndObject();
                return;
            default:
                rules.WriteOther(writer, value, depth);
                return;
        }
    }

    /// <summary>Writes a double: finite ones as numbers, the others as the rules say.</summary>
    public static void WriteDouble<TRules>(Utf8JsonWriter writer, double value, ref TRules rules)
        where TRules : struct, IJsonValueRules
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            rules.WriteNonFinite(writer, value);
        }
        else
        {
            DoubleText.Write(writer, value);
        }
    }

    /// <summary>Writes a time in the one format of the model and the wire (<see cref="UtcTimeText"/>), without allocating.</summary>
    public static void WriteTime(Utf8JsonWriter writer, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[UtcTimeText.Length];
        UtcTimeText.Format(time, text);
        writer.WriteStringValue(text);
    }
}
