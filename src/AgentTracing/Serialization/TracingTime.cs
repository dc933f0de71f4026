using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>The one time format of the model: UTC, three fractional digits, <c>Z</c> (JavaScript's <c>toISOString</c>).</summary>
internal static class TracingTime
{
    /// <summary>Writes <paramref name="value"/> as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in UTC; sub-millisecond precision is truncated.</summary>
    public static string ToText(DateTimeOffset value) => UtcTimeText.ToText(value);

    /// <summary>Reads an ISO-8601 string (a missing offset means UTC) or a number of Unix epoch milliseconds.</summary>
    public static bool TryParse(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue jsonValue)
        {
            return false;
        }

        switch (jsonValue.GetValueKind())
        {
            case JsonValueKind.String:
                return TryParse(JsonValueTypes.GetString(jsonValue), out value);
            case JsonValueKind.Number when JsonNumbers.TryGetDouble(jsonValue, out var milliseconds):
                return TryFromUnixMilliseconds(milliseconds, out value);
            default:
                return false;
        }
    }

    /// <summary>Reads an ISO-8601 date-time string; a string without an offset is taken as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !StartsWithFullDate(text))
        {
            return false;
        }

        if (TryParseOwnFormat(text, out value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="node"/> is a string in the model's own format already, which reading and writing again would not change.</summary>
    public static bool IsOwnText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && JsonValueTypes.GetString(value) is { } text
        && StartsWithFullDate(text) && TryParseOwnFormat(text, out _);

    /// <summary>
    /// Reads the model's own format, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, digit by digit: the general parser costs several
    /// times more, and nearly every time read is in this format. Anything else (or an impossible date) is left to it.
    /// </summary>
    private static bool TryParseOwnFormat(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 24 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z'
            || !AreDigits(text, 11, 2) || !AreDigits(text, 14, 2) || !AreDigits(text, 17, 2) || !AreDigits(text, 20, 3))
        {
            return false;
        }

        var year = Number(text, 0, 4);
        var month = Number(text, 5, 2);
        var day = Number(text, 8, 2);
        var hour = Number(text, 11, 2);
        var minute = Number(text, 14, 2);
        var second = Number(text, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, Number(text, 20, 3), TimeSpan.Zero);
        return true;
    }

    private static int Number(string text, int start, int count)
    {
        var number = 0;
        for (var i = start; i < start + count; i++)
        {
            number = (number * 10) + (text[i] - '0');
        }

        return number;
    }

    /// <summary>
    /// Whether <paramref name="text"/> starts with an ISO-8601 calendar date, <c>yyyy-MM-dd</c>. Without this check the
    /// culture-tolerant parser accepts strings such as <c>"1-1"</c> or <c>"12-25"</c> as a day of the current year.
    /// </summary>
    private static bool StartsWithFullDate(string text) =>
        text.Length >= 10 && AreDigits(text, 0, 4) && text[4] == '-' && AreDigits(text, 5, 2) && text[7] == '-' && AreDigits(text, 8, 2);

    private static bool AreDigits(string text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Converts Unix epoch milliseconds, rejecting values outside the range of <see cref="DateTimeOffset"/>.</summary>
    public static bool TryFromUnixMilliseconds(double milliseconds, out DateTimeOffset value)
    {
        value = default;
        if (double.IsNaN(milliseconds) || milliseconds < -62_135_596_800_000d || milliseconds > 253_402_300_799_999d)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(milliseconds));
        return true;
    }

    /// <summary>Reads a time from a JSON reader, or throws a <see cref="JsonException"/>.</summary>
    public static DateTimeOffset Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && TryParse(reader.GetString(), out var fromText))
        {
            return fromText;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var milliseconds) && TryFromUnixMilliseconds(milliseconds, out var fromNumber))
        {
            return fromNumber;
        }

        throw new JsonException("Expected an ISO-8601 date-time string or a number of Unix epoch milliseconds.");
    }

    /// <summary>Reads a time from a JSON node, or throws a <see cref="JsonException"/> naming the key.</summary>
    public static DateTimeOffset Read(JsonNode? node, string key) =>
        TryParse(node, out var value)
            ? value
            : throw new JsonException($"'{key}' must be an ISO-8601 date-time string or a number of Unix epoch milliseconds.");
}
