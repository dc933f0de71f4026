using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The attributes of a cached snapshot: the producer's own JSON object while nothing was merged; after one merge,
/// that object overlaid with the incoming one, read through both without copying; after more, a key-level merge in a
/// dictionary. Nodes still belong to the producers' objects; the event builder converts them.
/// </summary>
/// <remarks>
/// Merged attributes are the cached keys in their order, each replaced by the incoming value when that is not null,
/// then the incoming keys the cached attributes lack, when not null: exactly what the dictionary holds.
/// </remarks>
internal readonly struct AttributeSet
{
    private readonly JsonObject? _json;
    private readonly JsonObject? _overlay;
    private readonly Dictionary<string, JsonNode?>? _merged;

    private AttributeSet(JsonObject? json, JsonObject? overlay, Dictionary<string, JsonNode?>? merged)
    {
        _json = json;
        _overlay = overlay;
        _merged = merged;
    }

    /// <summary>Whether there are no attributes.</summary>
    public bool IsEmpty => (_json?.Count ?? 0) == 0 && (_overlay?.Count ?? 0) == 0 && (_merged?.Count ?? 0) == 0;

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public JsonNode? this[string key]
    {
        get
        {
            if (_merged is not null)
            {
                return _merged.TryGetValue(key, out var value) ? value : null;
            }

            return _overlay?[key] ?? _json?[key];
        }
    }

    /// <summary>The attributes of one snapshot.</summary>
    public static AttributeSet From(SpanAttributes? attributes) => new(attributes?.Json, null, null);

    /// <summary>The cached attributes with the incoming non-null values merged over them.</summary>
    public static AttributeSet Merge(AttributeSet cached, SpanAttributes? incoming)
    {
        if (incoming is null || incoming.Json.Count == 0)
        {
            return cached;
        }

        // A snapshot that carries the cached attributes object itself (updated in place) merges to that object.
        if (cached.IsEmpty || (cached._overlay is null && ReferenceEquals(cached._json, incoming.Json)))
        {
            return From(incoming);
        }

        if (cached._merged is null && cached._overlay is null)
        {
            return new AttributeSet(cached._json, incoming.Json, null);
        }

        var merged = new Dictionary<string, JsonNode?>();
        cached.ForEach(merged, static (map, key, value) => map[key] = value);
        foreach (var pair in new JsonObjectMembers(incoming.Json))
        {
            if (pair.Value is not null)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        return new AttributeSet(null, null, merged);
    }

    /// <summary>Writes every attribute as a user key, in order.</summary>
    public void WriteUser(EventProperties properties) =>
        ForEach(properties, static (target, key, value) => target.SetUser(key, value));

    /// <summary>Calls <paramref name="action"/> for every attribute, in order, without allocating an enumerator.</summary>
    private void ForEach<TState>(TState state, System.Action<TState, string, JsonNode?> action)
    {
        if (_merged is not null)
        {
            foreach (var pair in _merged)
            {
                action(state, pair.Key, pair.Value);
            }

            return;
        }

        if (_json is null)
        {
            return;
        }

        var overlay = _overlay;
        foreach (var pair in new JsonObjectMembers(_json))
        {
            var value = pair.Value;
            if (overlay is not null && overlay.TryGetPropertyValue(pair.Key, out var replacement) && replacement is not null)
            {
                value = replacement;
            }

            action(state, pair.Key, value);
        }

        if (overlay is null)
        {
            return;
        }

        foreach (var pair in new JsonObjectMembers(overlay))
        {
            if (pair.Value is not null && !_json.ContainsKey(pair.Key))
            {
                action(state, pair.Key, pair.Value);
            }
        }
    }
}
