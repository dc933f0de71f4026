using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// The parsed JSON of tag values that come back with the same text on activity after activity: tool definitions,
/// system instructions and finish reasons. The libraries serialise them again for every call, so each call used to
/// parse them again; here each distinct text is parsed once. Shared by every activity of one converter, so the nodes
/// it hands out are only ever read (a span that keeps one copies it).
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxEntries"/> texts holding <see cref="MaxChars"/> characters together, and no text longer
/// than <see cref="MaxTextChars"/>; when a new text does not fit, the cache starts again empty. An application has a
/// handful of tool sets and prompts, so that happens only to one whose texts never repeat, which then parses each once,
/// as without the cache.
/// </remarks>
internal sealed class GenAIJsonCache
{
    /// <summary>The most texts kept.</summary>
    public const int MaxEntries = 64;

    /// <summary>The longest text kept; a longer one is parsed every time.</summary>
    public const int MaxTextChars = 64 * 1024;

    /// <summary>The most characters kept over all texts.</summary>
    public const int MaxChars = 512 * 1024;

    private readonly Dictionary<string, JsonNode?> _parsed = new(System.StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private int _chars;

    /// <summary>The number of texts kept.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _parsed.Count;
            }
        }
    }

    /// <summary><see cref="GenAIValues.ParseJson"/> of <paramref name="text"/>, parsed once while it is kept. Read only.</summary>
    public JsonNode? ParseJson(string text)
    {
        if (text.Length > MaxTextChars)
        {
            return GenAIValues.ParseJson(text);
        }

        lock (_sync)
        {
            if (_parsed.TryGetValue(text, out var cached))
            {
                return cached;
            }
        }

        // Parsed outside the lock: another thread may parse the same text meanwhile, and the first one kept wins.
        var node = GenAIValues.ParseJson(text);
        lock (_sync)
        {
            if (_parsed.TryGetValue(text, out var raced))
            {
                return raced;
            }

            if (_parsed.Count == MaxEntries || _chars + text.Length > MaxChars)
            {
                _parsed.Clear();
                _chars = 0;
            }

            _parsed.Add(text, node);
            _chars += text.Length;
        }

        return node;
    }
}
