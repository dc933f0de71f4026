using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// A model object whose state is its JSON form. Typed properties read and write keys of <see cref="Json"/>;
/// every other key, and every typed key whose value has an unexpected kind, is kept and written back unchanged,
/// and is visible through <see cref="AdditionalProperties"/>.
/// </summary>
public abstract class JsonBackedObject
{
    private protected JsonBackedObject(JsonObject? json) => Json = json ?? [];

    /// <summary>The JSON form of this object. Changes made through it and through the typed properties are the same changes.</summary>
    public JsonObject Json { get; }

    /// <summary>
    /// The keys that are not typed properties of this class (or hold a value of an unexpected kind), with their JSON
    /// values as <see cref="JsonNode"/>. Setting a value stores its JSON form.
    /// </summary>
    public IDictionary<string, object?> AdditionalProperties
    {
        get => new AdditionalPropertiesView(this);
        init
        {
            foreach (var pair in value ?? throw new ArgumentNullException(nameof(value)))
            {
                Json[pair.Key] = JsonValues.ToNode(pair.Value, TracingJson.Options);
            }
        }
    }

    private protected abstract JsonSchema Schema { get; }

    /// <inheritdoc />
    public override string ToString() => Json.ToJsonString(TracingJson.Options);

    internal bool IsAdditional(string key, JsonNode? value) => !Schema.IsWellTyped(key, value);

    private protected string? GetString(string key) => JsonValues.AsString(Json[key]);

    private protected void SetString(string key, string? value) => Set(key, value is null ? null : JsonValue.Create(value));

    private protected int? GetInt32(string key) =>
        Json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetInt32(v, out var i) ? i : null;

    private protected void SetInt32(string key, int? value) => Set(key, value is null ? null : JsonValue.Create(value.Value));

    private protected long? GetInt64(string key) =>
        Json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetInt64(v, out var l) ? l : null;

    private protected void SetInt64(string key, long? value) => Set(key, value is null ? null : JsonValue.Create(value.Value));

    private protected double? GetDouble(string key) =>
        Json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetDouble(v, out var d) ? d : null;

    private protected void SetDouble(string key, double? value) => Set(key, value is null ? null : JsonValue.Create(value.Value));

    private protected bool? GetBoolean(string key) => Json[key] is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    } : null;

    private protected void SetBoolean(string key, bool? value) => Set(key, value is null ? null : JsonValue.Create(value.Value));

    private protected DateTimeOffset? GetTime(string key) => TracingTime.TryParse(Json[key], out var time) ? time : null;

    private protected void SetTime(string key, DateTimeOffset? value) =>
        Set(key, value is null ? null : JsonValue.Create(TracingTime.ToText(value.Value)));

    private protected T? GetObject<T>(string key, Func<JsonObject, T> wrap)
        where T : JsonBackedObject =>
        Json[key] is JsonObject json ? wrap(json) : null;

    private protected void SetObject(string key, JsonBackedObject? value) => Set(key, value is null ? null : Adopt(value.Json));

    private protected IReadOnlyList<string>? GetStringList(string key)
    {
        if (!Schema.IsWellTyped(key, Json[key]))
        {
            return null;
        }

        var array = (JsonArray)Json[key]!;
        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            list.Add(item!.GetValue<string>());
        }

        return list;
    }

    private protected void SetStringList(string key, IReadOnlyList<string>? value) => SetList(key, value, static item => JsonValue.Create(item));

    private protected IReadOnlyList<int>? GetInt32List(string key)
    {
        if (!Schema.IsWellTyped(key, Json[key]))
        {
            return null;
        }

        var array = (JsonArray)Json[key]!;
        var list = new List<int>(array.Count);
        foreach (var item in array)
        {
            JsonNumbers.TryGetInt32((JsonValue)item!, out var i);
            list.Add(i);
        }

        return list;
    }

    private protected void SetInt32List(string key, IReadOnlyList<int>? value) => SetList(key, value, static item => JsonValue.Create(item));

    private protected IReadOnlyList<T>? GetObjectList<T>(string key, Func<JsonObject, T> wrap)
    {
        if (!Schema.IsWellTyped(key, Json[key]))
        {
            return null;
        }

        var array = (JsonArray)Json[key]!;
        var list = new List<T>(array.Count);
        foreach (var item in array)
        {
            list.Add(wrap((JsonObject)item!));
        }

        return list;
    }

    private protected void SetObjectList(string key, IEnumerable<JsonBackedObject>? value)
    {
        if (value is null)
        {
            Set(key, null);
            return;
        }

        var array = new JsonArray();
        foreach (var item in value)
        {
            array.Add((JsonNode)Adopt(item.Json));
        }

        Set(key, array);
    }

    private void SetList<T>(string key, IReadOnlyList<T>? value, Func<T, JsonNode?> toNode)
    {
        if (value is null)
        {
            Set(key, null);
            return;
        }

        var array = new JsonArray();
        foreach (var item in value)
        {
            array.Add(toNode(item));
        }

        Set(key, array);
    }

    private protected object? GetAny(string key) => Json[key];

    private protected void SetAny(string key, object? value) => Set(key, JsonValues.ToNode(value, TracingJson.Options));

    private static JsonNode Adopt(JsonNode node) => node.Parent is null ? node : node.DeepClone();

    private void Set(string key, JsonNode? value)
    {
        if (value is null)
        {
            Json.Remove(key);
        }
        else
        {
            Json[key] = value;
        }
    }
}
