using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace AgentTracing;

/// <summary>
/// Turns the CLR values a producer may store in <c>object?</c> members (JSON nodes, elements, primitives,
/// dictionaries, lists, POCOs) into JSON. POCOs go through the options' type-info resolver: reflection where
/// it is enabled, a source-generated context otherwise.
/// </summary>
internal static class JsonValues
{
    /// <summary>Converts a CLR value to a parentless <see cref="JsonNode"/>. A node that has a parent is cloned.</summary>
    public static JsonNode? ToNode(object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.Parent is null ? node : node.DeepClone();
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Null ? null : JsonValueFromElement(element);
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case double d:
                return JsonValue.Create(d);
            case DateTimeOffset time:
                return JsonValue.Create(TracingTime.ToText(time));
            default:
                return SerializeToNode(value, options);
        }
    }

    /// <summary>Writes a CLR value as JSON, as it is (<see cref="ModelValueRules"/>).</summary>
    public static void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        var rules = new ModelValueRules(options);
        JsonValueWriter.Write(writer, value, 0, ref rules);
    }

    /// <summary>Reads a JSON node as a string when it is a JSON string, else <see langword="null"/>.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? JsonValueTypes.GetString(value) : null;

    /// <summary>Reads a JSON string, or a number as its invariant shortest round-trip text.</summary>
    public static string? AsStringOrNumberText(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => JsonValueTypes.GetString(value),
            JsonValueKind.Number when JsonNumbers.TryGetInt64(value, out var l) => l.ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Number when JsonNumbers.TryGetDouble(value, out var d) => d.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static JsonNode? SerializeToNode(object value, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToNode(value, GetTypeInfo(value.GetType(), options));

    private static JsonNode JsonValueFromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element)!,
        JsonValueKind.Array => JsonArray.Create(element)!,
        _ => JsonValue.Create(element)!,
    };

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection is only used where the runtime enables it; otherwise the configured resolver must know the type.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "As above.")]
    internal static JsonTypeInfo GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        if (options.TypeInfoResolver is null && JsonSerializer.IsReflectionEnabledByDefault)
        {
            options = TracingJson.Options;
        }

        return options.GetTypeInfo(type);
    }
}
