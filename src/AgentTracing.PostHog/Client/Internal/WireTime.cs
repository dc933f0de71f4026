using System;
using System.Text.Json;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The one time format of the wire: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, sub-milliseconds truncated.</summary>
internal static class WireTime
{
    /// <summary>The length of the formatted value.</summary>
    public const int Length = 24;

    /// <summary>Writes <paramref name="value"/> in UTC as a JSON string property, without allocating.</summary>
    public static void WriteProperty(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[Length];
        Format(value, buffer);
        writer.WriteString(name, buffer);
    }

    /// <summary>Writes the 24 ASCII bytes of <paramref name="value"/> in UTC into <paramref name="destination"/>.</summary>
    public static void Format(DateTimeOffset value, Span<byte> destination)
    {
        // A hand-written formatter: several times cheaper than a custom format string, and on the capture hot path.
        var utc = value.UtcDateTime;
        Digits(destination, 0, utc.Year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, utc.Month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, utc.Day, 2);
        destination[10] = (byte)'T';
        Digits(destination, 11, utc.Hour, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, utc.Minute, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, utc.Second, 2);
        destination[19] = (byte)'.';
        Digits(destination, 20, utc.Millisecond, 3);
        destination[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int offset, int value, int count)
    {
        for (var i = offset + count - 1; i >= offset; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
