using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The typed keys of one model class: their expected JSON kind and, for nested objects, the nested schema.
/// A key holding a value of another kind is not typed: it stays in <see cref="JsonBackedObject.AdditionalProperties"/>.
/// </summary>
internal sealed class JsonSchema
{
    private readonly Dictionary<string, (JsonFieldKind Kind, JsonSchema? Nested)> _fields;

    private JsonSchema(Dictionary<string, (JsonFieldKind, JsonSchema?)> fields) => _fields = fields;

    /// <summary>A schema with no typed keys.</summary>
    public static JsonSchema Empty { get; } = new(new Dictionary<string, (JsonFieldKind, JsonSchema?)>());

    /// <summary>A copy of this schema with more typed keys.</summary>
    public JsonSchema With(params (string Key, JsonFieldKind Kind, JsonSchema? Nested)[] fields)
    {
        var copy = new Dictionary<string, (JsonFieldKind, JsonSchema?)>(_fields);
        foreach (var (key, kind, nested) in fields)
        {
            copy[key] = (kind, nested);
        }

        return new JsonSchema(copy);
    }

    /// <summary>A copy of this schema with more typed keys that hold plain values.</summary>
    public JsonSchema With(params (string Key, JsonFieldKind Kind)[] fields)
    {
        var copy = new Dictionary<string, (JsonFieldKind, JsonSchema?)>(_fields);
        foreach (var (key, kind) in fields)
        {
            copy[key] = (kind, null);
        }

        return new JsonSchema(copy);
    }

    /// <summary>Whether <paramref name="key"/> is a typed key holding a value of its expected kind.</summary>
    public bool IsWellTyped(string key, JsonNode? value) =>
        _fields.TryGetValue(key, out var field) && value is not null && HasKind(value, field.Kind);

    /// <summary>Whether <paramref name="key"/> is a typed key holding a value of another kind (<c>null</c> is no value).</summary>
    public bool IsWrongKind(string key, JsonNode? value) =>
        value is not null && _fields.TryGetValue(key, out var field) && !HasKind(value, field.Kind);

    /// <summary>
    /// Puts a freshly read object in its canonical form: typed keys holding <c>null</c> are removed, model times are
    /// rewritten as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, and nested typed objects are normalised the same way.
    /// </summary>
    public void Normalize(JsonObject json)
    {
        List<string>? nullKeys = null;
        List<(string, string)>? times = null;
        foreach (var pair in json)
        {
            if (!_fields.TryGetValue(pair.Key, out var field))
            {
                continue;
            }

            switch (pair.Value)
            {
                case null:
                    (nullKeys ??= []).Add(pair.Key);
                    break;
                case JsonValue when field.Kind == JsonFieldKind.DateTime && !TracingTime.IsOwnText(pair.Value) && TracingTime.TryParse(pair.Value, out var time):
                    (times ??= []).Add((pair.Key, TracingTime.ToText(time)));
                    break;
                case JsonObject nested when field.Nested is not null:
                    field.Nested.Normalize(nested);
                    break;
                case JsonArray array when field.Nested is not null:
                    foreach (var item in array)
                    {
                        if (item is JsonObject element)
                        {
                            field.Nested.Normalize(element);
                        }
                    }

                    break;
            }
        }

        // Guarded rather than "?? []", which would allocate an empty list on every call.
        if (nullKeys is not null)
        {
            foreach (var key in nullKeys)
            {
                json.Remove(key);
            }
        }

        if (times is not null)
        {
            foreach (var (key, text) in times)
            {
                json[key] = JsonValue.Create(text);
            }
        }
    }

    private static bool HasKind(JsonNode value, JsonFieldKind kind)
    {
        switch (kind)
        {
            case JsonFieldKind.Any:
                return true;
            case JsonFieldKind.Object:
                return value is JsonObject;
            case JsonFieldKind.StringList:
                return value is JsonArray strings && AllItems(strings, JsonFieldKind.String);
            case JsonFieldKind.Int32List:
                return value is JsonArray ints && AllItems(ints, JsonFieldKind.Int32);
            case JsonFieldKind.ObjectList:
                return value is JsonArray objects && AllItems(objects, JsonFieldKind.Object);
        }

        if (value is not JsonValue jsonValue)
        {
            return false;
        }

        var valueKind = jsonValue.GetValueKind();
        return kind switch
        {
            JsonFieldKind.String => valueKind == JsonValueKind.String,
            JsonFieldKind.Boolean => valueKind is JsonValueKind.True or JsonValueKind.False,
            JsonFieldKind.Int32 => valueKind == JsonValueKind.Number && JsonNumbers.TryGetInt32(jsonValue, out _),
            JsonFieldKind.Int64 => valueKind == JsonValueKind.Number && JsonNumbers.TryGetInt64(jsonValue, out _),
            JsonFieldKind.Double => valueKind == JsonValueKind.Number,
            JsonFieldKind.DateTime => TracingTime.TryParse(jsonValue, out _),
            _ => false,
        };
    }

    private static bool AllItems(JsonArray array, JsonFieldKind kind)
    {
        foreach (var item in array)
        {
            if (item is null || !HasKind(item, kind))
            {
                return false;
            }
        }

        return true;
    }
}
