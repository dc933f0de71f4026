using System;
using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>Reads activity tag values (from <see cref="Activity.TagObjects"/>, where token counts are numbers) as JSON or typed values.</summary>
internal static class GenAIValues
{
    public static string? GetString(Activity activity, string key) => AsString(activity.GetTagItem(key));

    public static string? AsString(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static long? GetInt64(Activity activity, string key) => AsInt64(activity.GetTagItem(key));

    public static long? AsInt64(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        uint u => u,
        ushort us => us,
        sbyte sb => sb,
        ulong ul when ul <= long.MaxValue => (long)ul,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        float f when f == Math.Floor(f) && Math.Abs(f) < 9e15 => (long)f,
        decimal m when m == decimal.Truncate(m) && Math.Abs(m) < 9e15m => (long)m,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static double? GetDouble(Activity activity, string key) => AsDouble(activity.GetTagItem(key));

    /// <summary>A number as a double; a <see cref="float"/> goes through its shortest round-trip string (0.2f is 0.2).</summary>
    public static double? AsDouble(object? value) => value switch
    {
        double d when !double.IsNaN(d) && !double.IsInfinity(d) => d,
        float f when !float.IsNaN(f) && !float.IsInfinity(f) =>
            double.Parse(f.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
        decimal m => (double)m,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && !double.IsNaN(parsed) && !double.IsInfinity(parsed) => parsed,
        _ => AsInt64(value),
    };

    public static bool? GetBoolean(Activity activity, string key) => activity.GetTagItem(key) switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Parses a JSON string; <see langword="null"/> when it is not JSON.</summary>
    public static JsonNode? ParseJson(string? text)
    {
        if (!MayBeJson(text))
        {
            return null;
        }

        try
        {
            return ReadUtf8(text, 0, static (utf8, _) =>
            {
                var reader = new Utf8JsonReader(utf8);
                var node = JsonNodeReader.Read(ref reader);

                // Anything after the value but white space makes the reader throw.
                reader.Read();
                return node;
            });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What <paramref name="read"/> makes of <paramref name="text"/> as UTF-8. The bytes live in a pooled buffer only
    /// while they are read, so whatever the reader keeps it must copy (nodes do).
    /// </summary>
    public static TResult ReadUtf8<TState, TResult>(string text, TState state, Utf8Read<TState, TResult> read)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, 0, text.Length, buffer, 0);
            return read(new ReadOnlySpan<byte>(buffer, 0, length), state);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether the text can be JSON: not blank, and starting as a JSON value does. Most text that is not JSON starts with
    /// a letter, so this spares the exception a parser would throw for it.
    /// </summary>
    public static bool MayBeJson([NotNullWhen(true)] string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var first = text!.TrimStart()[0];
        return first is '{' or '[' or '"' or '-' or (>= '0' and <= '9') or 't' or 'f' or 'n';
    }

    /// <summary>Parsed JSON when the string is JSON, else the raw string.</summary>
    public static JsonNode? ParsedOrRaw(object? value) => value switch
    {
        null => null,
        string s => ParseJson(s) ?? JsonValue.Create(s),
        _ => ToNode(value),
    };

    /// <summary>A tag value as a JSON node: numbers, booleans and strings as such, arrays element-wise, anything else as its string.</summary>
    public static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int or long or short or byte or uint or ushort or sbyte:
                return JsonValue.Create(AsInt64(value)!.Value);
            case ulong ul:
                return JsonValue.Create(ul);
            case float or double or decimal:
                return AsDouble(value) is { } d ? JsonValue.Create(d) : JsonValue.Create(AsString(value));
            case IEnumerable sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(ToNode(item));
                }

                return array;
            default:
                return AsString(value) is { } text ? JsonValue.Create(text) : null;
        }
    }
}
