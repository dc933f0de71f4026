using System;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The runtime types of <see cref="JsonValue"/>s created from the common CLR primitives. Reading a value through
/// <c>TryGetValue&lt;T&gt;</c> is a generic virtual call, resolved by a lookup on every call; checking the runtime type
/// first lets a reader make one such call instead of trying several types in turn.
/// </summary>
internal static class JsonValueTypes
{
    public static readonly Type String = JsonValue.Create("").GetType();
    public static readonly Type Int32 = JsonValue.Create(0).GetType();
    public static readonly Type Int64 = JsonValue.Create(0L).GetType();
    public static readonly Type Double = JsonValue.Create(0d).GetType();
    public static readonly Type Boolean = JsonValue.Create(true).GetType();

    /// <summary>
    /// The string of a value created from a CLR string. <see cref="JsonNode.ToString()"/> returns such a value's string
    /// itself, unquoted, through an ordinary virtual call.
    /// </summary>
    public static bool TryGetCreatedString(JsonValue value, out string text)
    {
        if (value.GetType() == String)
        {
            text = value.ToString();
            return true;
        }

        text = "";
        return false;
    }

    /// <summary>The string of a string value, created or parsed; <see langword="false"/> for any other value.</summary>
    public static bool TryGetString(JsonValue value, out string text)
    {
        if (TryGetCreatedString(value, out text))
        {
            return true;
        }

        if (value.TryGetValue(out string? parsed) && parsed is not null)
        {
            text = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The string of a value whose kind is <see cref="System.Text.Json.JsonValueKind.String"/>.</summary>
    public static string GetString(JsonValue value) =>
        TryGetCreatedString(value, out var text) ? text : value.GetValue<string>();
}
