using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The reference's JavaScript guards over values of any CLR or JSON form: what counts as empty, and
/// how user and session ids become strings. JSON strings are read with <see cref="JsonStrings"/>, so a lone
/// surrogate in parsed JSON never throws.
/// </summary>
internal static class JsonTruthiness
{
    /// <summary>Absent, <c>null</c>, <c>false</c>, <c>0</c>, NaN or <c>""</c>. Everything else, <c>{}</c> and <c>[]</c> included, is non-empty.</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        double d => d == 0 || double.IsNaN(d),
        float f => f == 0 || float.IsNaN(f),
        decimal m => m == 0,
        short s16 => s16 == 0,
        byte b8 => b8 == 0,
        uint u => u == 0,
        ulong ul => ul == 0,
        JsonValue node => IsEmpty(node),
        JsonElement element => IsEmpty(element),
        _ => false,
    };

    /// <summary>Turns a user or session id into a string: a non-empty string as is, a number as its shortest invariant text; anything else is missing.</summary>
    public static string? ToId(object? value) => value switch
    {
        string s => s.Length == 0 ? null : s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        decimal m => FormatNumber((double)m),
        short s16 => s16.ToString(CultureInfo.InvariantCulture),
        uint u => u.ToString(CultureInfo.InvariantCulture),
        ulong ul => ul.ToString(CultureInfo.InvariantCulture),
        JsonValue node => node.GetValueKind() switch
        {
            JsonValueKind.String => ToId(JsonStrings.Read(node)),
            JsonValueKind.Number => NumberText(node),
            _ => null,
        },
        JsonElement element => element.ValueKind switch
        {
            JsonValueKind.String => ToId(JsonStrings.Read(element, out _)),
            JsonValueKind.Number => element.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : FormatNumber(element.GetDouble()),
            _ => null,
        },
        _ => null,
    };

    /// <summary>A JSON string's value, or <see langword="null"/> for any other kind.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? JsonStrings.Read(value) : null;

    /// <summary>A non-empty JSON string's value, or <see langword="null"/>.</summary>
    public static string? AsNonEmptyString(JsonNode? node) => AsString(node) is { Length: > 0 } s ? s : null;

    /// <summary>The shortest round-trip invariant text of a number, without a decimal point for integral values.</summary>
    public static string? FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return null;
        }

        return value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static bool IsEmpty(JsonValue node) => node.GetValueKind() switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => true,
        JsonValueKind.String => JsonStrings.Read(node).Length == 0,
        JsonValueKind.Number => NumberIsZeroOrNaN(node),
        _ => false,
    };

    private static bool IsEmpty(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => true,
        JsonValueKind.String => JsonStrings.Read(element, out _).Length == 0,
        JsonValueKind.Number => element.GetDouble() == 0,
        _ => false,
    };

    private static bool NumberIsZeroOrNaN(JsonValue node)
    {
        if (node.TryGetValue(out JsonElement element))
        {
            return element.GetDouble() == 0;
        }

        return JsonNumbers.TryGetDouble(node, out var d) && (d == 0 || double.IsNaN(d));
    }

    private static string? NumberText(JsonValue node)
    {
        if (node.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : FormatNumber(element.GetDouble());
        }

        if (node.TryGetValue(out long l64)) { return l64.ToString(CultureInfo.InvariantCulture); }
        if (node.TryGetValue(out int i32)) { return i32.ToString(CultureInfo.InvariantCulture); }
        return JsonNumbers.TryGetDouble(node, out var d) ? FormatNumber(d) : null;
    }
}
