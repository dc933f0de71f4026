using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog;

/// <summary>
/// R11: turns any value a producer stored into a fresh <see cref="JsonNode"/> owned by the event being built, so the
/// event no longer references caller objects. It never throws: values that cannot be serialised become
/// <c>"[Non-serializable &lt;Type&gt;]"</c>, non-finite numbers likewise, long strings are truncated and unpaired
/// surrogates replaced. Every such repair is added to the caller's <see cref="InputIssues"/>.
/// </summary>
internal sealed class ValueConverter
{
    /// <summary>The deepest level a value may reach below its top (0): deeper values, and cycles, become placeholders.</summary>
    public const int MaxDepth = 64;
    private readonly JsonSerializerOptions _options;

    public ValueConverter(JsonSerializerOptions options) => _options = options;

    /// <summary>The placeholder of a value of <paramref name="type"/>.</summary>
    public static string Placeholder(Type type) => $"[Non-serializable {SimpleName(type)}]";

    /// <summary>
    /// Converts <paramref name="value"/>. When conversion of the whole value fails (a cycle, too deep, a getter that
    /// throws, an unsupported type), the result is the placeholder of its runtime type, <paramref name="failure"/> says
    /// why and <paramref name="issues"/> gets <see cref="InputIssues.UnserializableValue"/>.
    /// </summary>
    public JsonNode? Convert(object? value, ref InputIssues issues, out Exception? failure)
    {
        failure = null;
        var found = InputIssues.None;
        try
        {
            var node = ConvertValue(value, 0, ref found);
            issues |= found;
            return node;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = ex;
            issues |= InputIssues.UnserializableValue;
            return JsonValue.Create(Placeholder(value!.GetType()));
        }
    }

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

    private JsonNode? ConvertValue(object? value, int depth, ref InputIssues issues)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"The value is nested deeper than {MaxDepth} levels, or contains a cycle.");
        }

        switch (value)
        {
            case null:
                return null;
            case string s:
                return String(s, ref issues);
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case double d:
                return double.IsNaN(d) || double.IsInfinity(d) ? NonFinite("[Non-serializable Double]", ref issues) : JsonValue.Create(d);
            case float f:
                return float.IsNaN(f) || float.IsInfinity(f) ? NonFinite("[Non-serializable Single]", ref issues) : JsonValue.Create(f);
#if NET5_0_OR_GREATER
            case Half h:
                return Half.IsNaN(h) || Half.IsInfinity(h) ? NonFinite("[Non-serializable Half]", ref issues) : JsonValue.Create((double)h);
#endif
            case decimal m:
                return JsonValue.Create(m);
            case short or byte or sbyte or ushort or uint or ulong:
                return JsonValue.Create(System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
            case JsonNode node:
                return CloneNode(node, depth, ref issues);
            case JsonElement element:
                return ConvertElement(element, depth, ref issues);
            case DateTimeOffset time:
                return JsonValue.Create(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            case DateTime dateTime:
                return ConvertValue(new DateTimeOffset(dateTime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc) : dateTime), depth, ref issues);
            case JsonBackedObject backed:
                return CloneNode(backed.Json, depth, ref issues);
            case SpanType spanType:
                return spanType.Value is null ? null : String(spanType.Value, ref issues);
            case FeedbackValue feedback:
                return feedback.IsNumber ? ConvertValue(feedback.Number, depth, ref issues) : String(feedback.Text ?? "", ref issues);
        }

        var type = value.GetType();
        if (IsNeverSerializable(type))
        {
            return JsonValue.Create(Placeholder(type));
        }

        if (value is IDictionary dictionary)
        {
            var json = new JsonObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                json[System.Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = ConvertValue(entry.Value, depth + 1, ref issues);
            }

            return json;
        }

        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            var json = new JsonObject();
            foreach (var pair in pairs)
            {
                json[pair.Key] = ConvertValue(pair.Value, depth + 1, ref issues);
            }

            return json;
        }

        if (value is IEnumerable items and not IEnumerable<char>)
        {
            var array = new JsonArray();
            foreach (var item in items)
            {
                array.Add(ConvertValue(item, depth + 1, ref issues));
            }

            return array;
        }

        // A POCO: the serializer, with converters that put placeholders where a member cannot be serialised.
        var serialized = JsonSerializer.SerializeToNode(value, _options.GetTypeInfo(type));
        return serialized is null ? null : CloneNode(serialized, depth, ref issues);
    }

    private static JsonValue NonFinite(string placeholder, ref InputIssues issues)
    {
        issues |= InputIssues.NonFiniteNumber;
        return JsonValue.Create(placeholder);
    }

    private JsonNode? CloneNode(JsonNode node, int depth, ref InputIssues issues)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"The value is nested deeper than {MaxDepth} levels.");
        }

        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var pair in obj)
                {
                    copy[pair.Key] = pair.Value is null ? null : CloneNode(pair.Value, depth + 1, ref issues);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is null ? null : CloneNode(item, depth + 1, ref issues));
                }

                return items;
            default:
                var value = (JsonValue)node;
                if (value.TryGetValue(out JsonElement element))
                {
                    return ConvertElement(element, depth, ref issues);
                }

                if (value.TryGetValue(out string? text))
                {
                    return String(text, ref issues);
                }

                if (value.TryGetValue(out object? boxed) && boxed is not null and not JsonElement)
                {
                    // A value created from a CLR primitive (or object): convert what it holds.
                    return ConvertValue(boxed, depth, ref issues);
                }

                return node.DeepClone();
        }
    }

    private static JsonNode? ConvertElement(JsonElement element, int depth, ref InputIssues issues)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"The value is nested deeper than {MaxDepth} levels.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var json = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonStrings.Name(property, out var repairedName);
                    if (repairedName)
                    {
                        issues |= InputIssues.LoneSurrogate;
                    }

                    json[name] = ConvertElement(property.Value, depth + 1, ref issues);
                }

                return json;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ConvertElement(item, depth + 1, ref issues));
                }

                return array;
            case JsonValueKind.String:
                var text = JsonStrings.Read(element, out var repaired);
                if (repaired)
                {
                    issues |= InputIssues.LoneSurrogate;
                }

                return !repaired && text.Length <= StringLimits.MaxStringBytes / 3 ? JsonValue.Create(element) : String(text, ref issues);
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }
}
