using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>A live dictionary over the keys of a <see cref="JsonBackedObject"/> that are not well-typed properties.</summary>
internal sealed class AdditionalPropertiesView(JsonBackedObject owner) : IDictionary<string, object?>
{
    private JsonObject Json => owner.Json;

    public ICollection<string> Keys => this.Select(pair => pair.Key).ToList();

    public ICollection<object?> Values => this.Select(pair => pair.Value).ToList();

    // Counted over the backing object: Enumerable.Count() on this ICollection would call this property again.
    public int Count => Json.Count(pair => owner.IsAdditional(pair.Key, pair.Value));

    public bool IsReadOnly => false;

    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        set => Json[key] = JsonValues.ToNode(value, TracingJson.Options);
    }

    public void Add(string key, object? value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"The key '{key}' is already present.", nameof(key));
        }

        this[key] = value;
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        foreach (var key in Keys)
        {
            Json.Remove(key);
        }
    }

    public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var value) && Equals(value, item.Value);

    public bool ContainsKey(string key) => Json.TryGetPropertyValue(key, out var value) && owner.IsAdditional(key, value);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var pair in Json)
        {
            if (owner.IsAdditional(pair.Key, pair.Value))
            {
                yield return new KeyValuePair<string, object?>(pair.Key, pair.Value);
            }
        }
    }

    public bool Remove(string key) => ContainsKey(key) && Json.Remove(key);

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Json.Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (Json.TryGetPropertyValue(key, out var node) && owner.IsAdditional(key, node))
        {
            value = node;
            return true;
        }

        value = null;
        return false;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
