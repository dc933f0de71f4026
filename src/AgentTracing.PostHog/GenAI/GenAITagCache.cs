using System;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// One activity's parsed JSON tags and converted message lists, each kept with the string it came from, so that a later
/// snapshot of the activity reuses them while the tag still holds that very string (strings cannot change, so the same
/// reference means the same content). The nodes handed out are never modified by the bridge or the exporter.
/// </summary>
internal sealed class GenAITagCache(GenAIJsonCache repeated)
{
    private Entry[] _entries = new Entry[4];
    private int _count;

    /// <summary>The converter's cache of texts that repeat across activities.</summary>
    public GenAIJsonCache Repeated { get; } = repeated;

    /// <summary>
    /// <see cref="GenAIValues.ParseJson"/> of a string tag value, from the cache when the value is the same string. Tags
    /// whose text repeats from activity to activity (tool definitions, system instructions) are parsed once per distinct
    /// text, through <see cref="Repeated"/>.
    /// </summary>
    public JsonNode? ParseJson(string key, string text) =>
        key == GenAITags.ToolDefinitions || key == GenAITags.SystemInstructions
            ? Get(key, text, null, (Repeated, text), static s => s.Repeated.ParseJson(s.text))
            : Get(key, text, null, text, static t => GenAIValues.ParseJson(t));

    /// <summary>
    /// The node <paramref name="build"/> makes of two tag values, from the cache when both are the same objects as last
    /// time. Only string or absent values are cached: anything else may have changed in place.
    /// </summary>
    public JsonNode? Get<TState>(string key, object? first, object? second, TState state, Func<TState, JsonNode?> build)
    {
        var cacheable = first is null or string && second is null or string;
        var at = IndexOf(key);
        if (cacheable && at >= 0 && ReferenceEquals(_entries[at].Source, first) && ReferenceEquals(_entries[at].Second, second))
        {
            return _entries[at].Node;
        }

        var node = build(state);
        if (cacheable)
        {
            Set(at, new Entry(key, first, second, node));
        }

        return node;
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_entries[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private void Set(int at, Entry entry)
    {
        if (at < 0)
        {
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, _count * 2);
            }

            at = _count++;
        }

        _entries[at] = entry;
    }

    private readonly record struct Entry(string Key, object? Source, object? Second, JsonNode? Node);
}
