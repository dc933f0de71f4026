using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The attributes of a cached snapshot: the producer's own JSON object while nothing was merged, or a key-level merge
/// of several snapshots (R4). Nodes still belong to the producers' objects; the event builder converts them.
/// </summary>
internal readonly struct AttributeSet
{
    private readonly JsonObject? _json;
    private readonly Dictionary<string, JsonNode?>? _merged;

    private AttributeSet(JsonObject? json, Dictionary<string, JsonNode?>? merged)
    {
        _json = json;
        _merged = merged;
    }

    public bool IsEmpty => (_json?.Count ?? 0) == 0 && (_merged?.Count ?? 0) == 0;

    public JsonNode? this[string key] =>
        _merged is not null ? (_merged.TryGetValue(key, out var value) ? value : null) : _json?[key];

    public static AttributeSet From(SpanAttributes? attributes) => new(attributes?.Json, null);

    /// <summary>Starts from <paramref name="cached"/>; every key of <paramref name="incoming"/> whose value is not <c>null</c> replaces or adds.</summary>
    public static AttributeSet Merge(AttributeSet cached, SpanAttributes? incoming)
    {
        if (incoming is null || incoming.Json.Count == 0)
        {
            return cached;
        }

        // A snapshot that carries the cached attributes object itself (updated in place) merges to that object.
        if (cached.IsEmpty || ReferenceEquals(cached._json, incoming.Json))
        {
            return From(incoming);
        }

        var merged = new Dictionary<string, JsonNode?>();
        foreach (var pair in cached.Entries())
        {
            merged[pair.Key] = pair.Value;
        }

        foreach (var pair in incoming.Json)
        {
            if (pair.Value is not null)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        return new AttributeSet(null, merged);
    }

    /// <summary>Writes every attribute as a user key (R7), in order.</summary>
    public void WriteUser(EventProperties properties)
    {
        if (_merged is not null)
        {
            foreach (var pair in _merged)
            {
                properties.SetUser(pair.Key, pair.Value);
            }
        }
        else if (_json is not null)
        {
#if NET9_0_OR_GREATER
            for (var i = 0; i < _json.Count; i++)
            {
                // By index: a foreach would box the object's enumerator.
                var pair = _json.GetAt(i);
#else
            foreach (var pair in _json)
            {
#endif
                properties.SetUser(pair.Key, pair.Value);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, JsonNode?>> Entries() =>
        _merged ?? (IEnumerable<KeyValuePair<string, JsonNode?>>?)_json ?? [];
}
