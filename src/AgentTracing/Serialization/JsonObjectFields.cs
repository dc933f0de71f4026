using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// Takes the keys of a JSON object one by one while a model object is read, so that what is left at the end are
/// the unknown keys. Every node handed out is detached from the object.
/// </summary>
internal sealed class JsonObjectFields
{
    private readonly JsonObject _json;
    private readonly string _owner;

    public JsonObjectFields(JsonObject json, string owner)
    {
        _json = json;
        _owner = owner;
    }

    /// <summary>Removes a key and returns its value; JSON <c>null</c> and an absent key both give <see langword="null"/>.</summary>
    public JsonNode? Take(string key) => _json.TryGetPropertyValue(key, out var node) && _json.Remove(key) ? node : null;

    public string? String(string key)
    {
        var node = Take(key);
        return node is null ? null : JsonValues.AsString(node) ?? throw Wrong(key, "a string");
    }

    /// <summary>A string, or a number read as its invariant text (user ids).</summary>
    public string? StringOrNumber(string key)
    {
        var node = Take(key);
        return node is null ? null : JsonValues.AsStringOrNumberText(node) ?? throw Wrong(key, "a string or a number");
    }

    public bool? Boolean(string key) => Take(key) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => throw Wrong(key, "true or false"),
    };

    public JsonObject? Object(string key) => Take(key) switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Wrong(key, "an object"),
    };

    public IDictionary<string, object?>? Dictionary(string key)
    {
        var json = Object(key);
        return json is null ? null : Detach(json);
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        switch (Take(key))
        {
            case null:
                return null;
            case JsonArray array:
                var list = new List<string>(array.Count);
                foreach (var item in array)
                {
                    list.Add(JsonValues.AsString(item) ?? throw Wrong(key, "an array of strings"));
                }

                return list;
            default:
                throw Wrong(key, "an array of strings");
        }
    }

    /// <summary>The keys nobody took, or <see langword="null"/> when there are none.</summary>
    public IDictionary<string, object?>? Rest() => _json.Count == 0 ? null : Detach(_json);

    private static Dictionary<string, object?> Detach(JsonObject json)
    {
        var pairs = json.ToList();
        json.Clear();
        var dictionary = new Dictionary<string, object?>(pairs.Count);
        foreach (var pair in pairs)
        {
            dictionary[pair.Key] = pair.Value;
        }

        return dictionary;
    }

    private JsonException Wrong(string key, string expected) => new($"{_owner}: '{key}' must be {expected}.");
}
