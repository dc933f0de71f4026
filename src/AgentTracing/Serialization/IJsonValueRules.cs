using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// What <see cref="JsonValueWriter"/> leaves to its caller: how strings, non-finite numbers, trees and every other
/// kind of value are written, and how deep a value may go. A struct, so that each set of rules gets its own compiled
/// walker and may carry per-call state (what it repaired).
/// </summary>
internal interface IJsonValueRules
{
    /// <summary>Throws when a value at <paramref name="depth"/> is too deep to write.</summary>
    void CheckDepth(int depth);

    /// <summary>Writes a string value.</summary>
    void WriteString(Utf8JsonWriter writer, string value);

    /// <summary>Writes a double; <see cref="JsonValueWriter"/> calls it for non-finite values only.</summary>
    void WriteNonFinite(Utf8JsonWriter writer, double value);

    /// <summary>Writes a <see cref="JsonNode"/> found at <paramref name="depth"/>.</summary>
    void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth);

    /// <summary>Writes a <see cref="JsonElement"/> found at <paramref name="depth"/>.</summary>
    void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth);

    /// <summary>Writes any value <see cref="JsonValueWriter"/> does not write itself.</summary>
    void WriteOther(Utf8JsonWriter writer, object value, int depth);
}
