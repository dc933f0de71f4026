using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The members of a <see cref="JsonObject"/>, in order, for a <c>foreach</c> on the hot path: on .NET 9 and later it
/// reads them by index, where a <c>foreach</c> over the object itself would box its enumerator for every object.
/// </summary>
internal readonly struct JsonObjectMembers(JsonObject json)
{
    public Enumerator GetEnumerator() => new(json);

    /// <summary>Enumerates the members.</summary>
    public struct Enumerator
    {
        private readonly JsonObject _json;
#if NET9_0_OR_GREATER
        private int _index;
#else
        private readonly IEnumerator<KeyValuePair<string, JsonNode?>> _inner;
#endif

        public Enumerator(JsonObject json)
        {
            _json = json;
#if NET9_0_OR_GREATER
            _index = -1;
#else
            _inner = json.GetEnumerator();
#endif
        }

#if NET9_0_OR_GREATER
        public readonly KeyValuePair<string, JsonNode?> Current => _json.GetAt(_index);

        public bool MoveNext() => ++_index < _json.Count;
#else
        public readonly KeyValuePair<string, JsonNode?> Current => _inner.Current;

        public bool MoveNext() => _inner.MoveNext();
#endif
    }
}
