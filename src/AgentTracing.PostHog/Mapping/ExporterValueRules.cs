using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The exporter's rules for <see cref="JsonValueWriter"/>: what reaches PostHog is always valid JSON owned by the
/// event. Strings are made well-formed and cut to size, non-finite numbers and values that cannot be serialised become
/// placeholders, values deeper than <see cref="ValueConverter.MaxDepth"/> (or cycles) throw, and objects keep their
/// first key's position and last key's value. Every repair is added to <see cref="Issues"/>.
/// </summary>
internal struct ExporterValueRules(JsonSerializerOptions options) : IJsonValueRules
{
    /// <summary>What was repaired so far.</summary>
    public InputIssues Issues;

    public readonly void CheckDepth(int depth)
    {
        if (depth > ValueConverter.MaxDepth)
        {
            throw new JsonException($"The value is nested deeper than {ValueConverter.MaxDepth} levels, or contains a cycle.");
        }
    }

    public void WriteString(Utf8JsonWriter writer, string value)
    {
        if (!RepeatedStringJson.TryWrite(writer, value, ref Issues))
        {
            writer.WriteStringValue(ValueConverter.Text(value, ref Issues));
        }
    }

    public void WriteNonFinite(Utf8JsonWriter writer, double value) => WritePlaceholder(writer, "[Non-serializable Double]");

    public void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth) => ExporterTreeWriter.WriteNode(writer, node, depth, ref this);

    public void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth) => ExporterTreeWriter.WriteElement(writer, element, depth, ref this);

    public void WriteOther(Utf8JsonWriter writer, object value, int depth)
    {
        switch (value)
        {
            case float f:
                if (float.IsNaN(f) || float.IsInfinity(f))
                {
                    WritePlaceholder(writer, "[Non-serializable Single]");
                }
                else
                {
                    writer.WriteNumberValue(f);
                }

                return;
#if NET5_0_OR_GREATER
            case Half h:
                if (Half.IsNaN(h) || Half.IsInfinity(h))
                {
                    WritePlaceholder(writer, "[Non-serializable Half]");
                }
                else
                {
                    writer.WriteNumberValue((double)h);
                }

                return;
#endif
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case short or byte or sbyte or ushort or uint or ulong:
                writer.WriteNumberValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case DateTime dateTime:
                JsonValueWriter.WriteTime(writer, new DateTimeOffset(dateTime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc) : dateTime));
                return;
            case JsonBackedObject backed:
                ExporterTreeWriter.WriteNode(writer, backed.Json, depth, ref this);
                return;
            case SpanType spanType:
                if (spanType.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WriteString(writer, spanType.Value);
                }

                return;
            case FeedbackValue feedback:
                if (feedback.IsNumber)
                {
                    JsonValueWriter.WriteDouble(writer, feedback.Number, ref this);
                }
                else
                {
                    WriteString(writer, feedback.Text ?? "");
                }

                return;
        }

        var type = value.GetType();
        if (ValueConverter.IsNeverSerializable(type))
        {
            writer.WriteStringValue(ValueConverter.Placeholder(type));
            return;
        }

        switch (value)
        {
            case IDictionary dictionary:
                var entries = new List<KeyValuePair<string, object?>>(dictionary.Count);
                Dictionary<string, int>? entryIndex = null;
                foreach (DictionaryEntry entry in dictionary)
                {
                    // Distinct keys can have the same text (1 and "1"): the last one wins, as in a JsonObject.
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    ExporterTreeWriter.Upsert(entries, ref entryIndex, key, entry.Value);
                }

                WritePairs(writer, entries, depth);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var list = new List<KeyValuePair<string, object?>>();
                Dictionary<string, int>? listIndex = null;
                foreach (var pair in pairs)
                {
                    ExporterTreeWriter.Upsert(list, ref listIndex, pair.Key, pair.Value);
                }

                WritePairs(writer, list, depth);
                return;
            case IEnumerable items and not IEnumerable<char>:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    JsonValueWriter.Write(writer, item, depth + 1, ref this);
                }

                writer.WriteEndArray();
                return;
        }

        // A POCO: the serializer, with converters that put placeholders where a member cannot be serialised.
        var serialized = JsonSerializer.SerializeToNode(value, options.GetTypeInfo(type));
        if (serialized is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            ExporterTreeWriter.WriteNode(writer, serialized, depth, ref this);
        }
    }

    private void WritePlaceholder(Utf8JsonWriter writer, string placeholder)
    {
        Issues |= InputIssues.NonFiniteNumber;
        writer.WriteStringValue(placeholder);
    }

    private void WritePairs(Utf8JsonWriter writer, List<KeyValuePair<string, object?>> pairs, int depth)
    {
        writer.WriteStartObject();
        foreach (var pair in pairs)
        {
            writer.WritePropertyName(pair.Key);
            JsonValueWriter.Write(writer, pair.Value, depth + 1, ref this);
        }

        writer.WriteEndObject();
    }
}
