using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// Writes any value a producer stored as JSON owned by the event being built, so the event never references
/// caller objects. Values that cannot be serialised become <c>"[Non-serializable &lt;Type&gt;]"</c>, non-finite
/// numbers likewise, long strings are truncated and unpaired surrogates replaced. Every such repair is added to the
/// caller's <see cref="InputIssues"/>. Objects keep their first key's position and their last key's value, as a
/// <see cref="JsonObject"/> built from them would.
/// </summary>
internal sealed class ValueConverter
{
    /// <summary>The deepest level a value may reach below its top (0): deeper values, and cycles, become placeholders.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses converted values back: they hold up to <see cref="MaxDepth"/> + 1 nested containers.</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth + 2 };

    /// <summary>Above this many members, an object that may repeat a key is de-duplicated with a dictionary.</summary>
    private const int LinearDedupLimit = 16;

    private readonly JsonSerializerOptions _options;

    public ValueConverter(JsonSerializerOptions options) => _options = options;

    /// <summary>The placeholder of a value of <paramref name="type"/>.</summary>
    public static string Placeholder(Type type) => $"[Non-serializable {SimpleName(type)}]";

    /// <summary>
    /// Converts <paramref name="value"/> to a new <see cref="JsonNode"/>. When conversion of the whole value fails (a
    /// cycle, too deep, a getter that throws, an unsupported type), the result is the placeholder of its runtime type,
    /// <paramref name="failure"/> says why and <paramref name="issues"/> gets <see cref="InputIssues.UnserializableValue"/>.
    /// </summary>
    public JsonNode? Convert(object? value, ref InputIssues issues, out Exception? failure)
    {
        var buffer = new ByteBufferWriter(256);
        using var writer = new Utf8JsonWriter(buffer, EventSerializer.WriterOptions);
        WriteOrPlaceholder(writer, buffer, value, ref issues, out failure);
        return Parse(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as one JSON value, then flushes <paramref name="writer"/> into
    /// <paramref name="buffer"/>. When the value cannot be written whole, whatever part of it was written is taken back
    /// and its placeholder written instead, as <see cref="Convert"/> describes.
    /// </summary>
    public void WriteOrPlaceholder(Utf8JsonWriter writer, ByteBufferWriter buffer, object? value, ref InputIssues issues, out Exception? failure)
    {
        failure = null;
        var start = buffer.WrittenCount;
        var found = InputIssues.None;
        try
        {
            WriteValue(writer, value, 0, ref found);
            writer.Flush();
            issues |= found;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            writer.Reset();
            buffer.Truncate(start);
            failure = ex;
            issues |= InputIssues.UnserializableValue;
            writer.WriteStringValue(Placeholder(value!.GetType()));
            writer.Flush();
        }
    }

    /// <summary>Writes <paramref name="value"/>, found at <paramref name="depth"/> of the value being converted; throws when it cannot be written.</summary>
    public void Write(Utf8JsonWriter writer, object? value, int depth, ref InputIssues issues) => WriteValue(writer, value, depth, ref issues);

    /// <summary>A node over JSON this class wrote.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> json) => JsonNode.Parse(json, documentOptions: ParseOptions);

    /// <summary>A JSON string node: <see cref="Text"/> of <paramref name="value"/>.</summary>
    public static JsonValue String(string value, ref InputIssues issues) => JsonValue.Create(Text(value, ref issues));

    /// <summary><paramref name="value"/> with its unpaired surrogates replaced by U+FFFD, then truncated when too long.</summary>
    public static string Text(string value, ref InputIssues issues)
    {
        var wellFormed = StringLimits.ReplaceLoneSurrogates(value);
        if (!ReferenceEquals(wellFormed, value))
        {
            issues |= InputIssues.LoneSurrogate;
        }

        var text = StringLimits.Truncate(wellFormed);
        if (!ReferenceEquals(text, wellFormed))
        {
            issues |= InputIssues.StringTruncated;
        }

        return text;
    }

    internal static string SimpleName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    internal static bool IsNeverSerializable(Type type) =>
        typeof(System.IO.Stream).IsAssignableFrom(type)
        || typeof(Delegate).IsAssignableFrom(type)
        || typeof(Type).IsAssignableFrom(type)
        || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(Task).IsAssignableFrom(type)
        || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        || type == typeof(IntPtr)
        || type == typeof(UIntPtr)
        || typeof(WaitHandle).IsAssignableFrom(type)
        || type == typeof(CancellationToken);

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"The value is nested deeper than {MaxDepth} levels, or contains a cycle.");
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string value, ref InputIssues issues) =>
        writer.WriteStringValue(Text(value, ref issues));

    private static void WriteTime(Utf8JsonWriter writer, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[UtcTimeText.Length];
        UtcTimeText.Format(time, text);
        writer.WriteStringValue(text);
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, string placeholder, ref InputIssues issues)
    {
        issues |= InputIssues.NonFiniteNumber;
        writer.WriteStringValue(placeholder);
    }

    private void WriteValue(Utf8JsonWriter writer, object? value, int depth, ref InputIssues issues)
    {
        CheckDepth(depth);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                WriteText(writer, s, ref issues);
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
                WriteDouble(writer, d, ref issues);
                return;
            case float f:
                if (float.IsNaN(f) || float.IsInfinity(f))
                {
                    WriteNonFinite(writer, "[Non-serializable Single]", ref issues);
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
                    WriteNonFinite(writer, "[Non-serializable Half]", ref issues);
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
                writer.WriteNumberValue(System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case JsonNode node:
                WriteNode(writer, node, depth, ref issues);
                return;
            case JsonElement element:
                WriteElement(writer, element, depth, ref issues);
                return;
            case DateTimeOffset time:
                WriteTime(writer, time);
                return;
            case DateTime dateTime:
                WriteValue(writer, new DateTimeOffset(dateTime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc) : dateTime), depth, ref issues);
                return;
            case JsonBackedObject backed:
                WriteNode(writer, backed.Json, depth, ref issues);
                return;
            case SpanType spanType:
                if (spanType.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WriteText(writer, spanType.Value, ref issues);
                }

                return;
            case FeedbackValue feedback:
                if (feedback.IsNumber)
                {
                    WriteValue(writer, feedback.Number, depth, ref issues);
                }
                else
                {
                    WriteText(writer, feedback.Text ?? "", ref issues);
                }

                return;
        }

        var type = value.GetType();
        if (IsNeverSerializable(type))
        {
            writer.WriteStringValue(Placeholder(type));
            return;
        }

        switch (value)
        {
            case IDictionary<string, object?> map:
                // String keys: unique, so written as they come.
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value, depth + 1, ref issues);
                }

                writer.WriteEndObject();
                return;
            case IDictionary dictionary:
                var entries = new List<KeyValuePair<string, object?>>(dictionary.Count);
                Dictionary<string, int>? entryIndex = null;
                foreach (DictionaryEntry entry in dictionary)
                {
                    // Distinct keys can have the same text (1 and "1"): the last one wins, as in a JsonObject.
                    var key = System.Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    Upsert(entries, ref entryIndex, key, entry.Value);
                }

                WritePairs(writer, entries, depth, ref issues);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var list = new List<KeyValuePair<string, object?>>();
                Dictionary<string, int>? listIndex = null;
                foreach (var pair in pairs)
                {
                    Upsert(list, ref listIndex, pair.Key, pair.Value);
                }

                WritePairs(writer, list, depth, ref issues);
                return;
            case IEnumerable items and not IEnumerable<char>:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, depth + 1, ref issues);
                }

                writer.WriteEndArray();
                return;
        }

        // A POCO: the serializer, with converters that put placeholders where a member cannot be serialised.
        var serialized = JsonSerializer.SerializeToNode(value, _options.GetTypeInfo(type));
        if (serialized is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteNode(writer, serialized, depth, ref issues);
        }
    }

    private void WritePairs(Utf8JsonWriter writer, List<KeyValuePair<string, object?>> pairs, int depth, ref InputIssues issues)
    {
        writer.WriteStartObject();
        foreach (var pair in pairs)
        {
            writer.WritePropertyName(pair.Key);
            WriteValue(writer, pair.Value, depth + 1, ref issues);
        }

        writer.WriteEndObject();
    }

    private void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth, ref InputIssues issues)
    {
        CheckDepth(depth);
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
                        WriteNode(writer, pair.Value, depth + 1, ref issues);
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
                        WriteNode(writer, item, depth + 1, ref issues);
                    }
                }

                writer.WriteEndArray();
                return;
            default:
                WriteJsonValue(writer, (JsonValue)node, depth, ref issues);
                return;
        }
    }

    private void WriteJsonValue(Utf8JsonWriter writer, JsonValue value, int depth, ref InputIssues issues)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            WriteElement(writer, element, depth, ref issues);
            return;
        }

        // The common CLR primitives, read without boxing them.
        switch (value.GetValueKind())
        {
            case JsonValueKind.String when value.TryGetValue(out string? text):
                WriteText(writer, text, ref issues);
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
                WriteDouble(writer, d, ref issues);
                return;
        }

        if (value.TryGetValue(out object? boxed) && boxed is not null and not JsonElement)
        {
            // A value created from any other CLR value: write what it holds.
            WriteValue(writer, boxed, depth, ref issues);
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value, ref InputIssues issues)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            WriteNonFinite(writer, "[Non-serializable Double]", ref issues);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth, ref InputIssues issues)
    {
        CheckDepth(depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteElementObject(writer, element, depth, ref issues);
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, depth + 1, ref issues);
                }

                writer.WriteEndArray();
                return;
            case JsonValueKind.String:
                var text = JsonStrings.Read(element, out var repaired);
                if (repaired)
                {
                    issues |= InputIssues.LoneSurrogate;
                }

                WriteText(writer, text, ref issues);
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

    /// <summary>Parsed JSON may repeat a key: like a <see cref="JsonObject"/>, the first position and the last value win.</summary>
    private static void WriteElementObject(Utf8JsonWriter writer, JsonElement element, int depth, ref InputIssues issues)
    {
        var members = new List<KeyValuePair<string, JsonElement>>();
        Dictionary<string, int>? index = null;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonStrings.Name(property, out var repairedName);
            if (repairedName)
            {
                issues |= InputIssues.LoneSurrogate;
            }

            Upsert(members, ref index, name, property.Value);
        }

        writer.WriteStartObject();
        foreach (var member in members)
        {
            writer.WritePropertyName(member.Key);
            WriteElement(writer, member.Value, depth + 1, ref issues);
        }

        writer.WriteEndObject();
    }

    /// <summary>Adds a member, or replaces the value of an earlier one with the same key (kept in its place).</summary>
    private static void Upsert<T>(List<KeyValuePair<string, T>> pairs, ref Dictionary<string, int>? index, string key, T value)
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
}
