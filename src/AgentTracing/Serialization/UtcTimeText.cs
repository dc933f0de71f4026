using System;
#if !NETSTANDARD2_0
using System.Text;
#endif

namespace AgentTracing;

/// <summary>
/// The one time format of the model and the wire: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (JavaScript's
/// <c>toISOString</c>), sub-milliseconds truncated. The exporter writes it into every event.
/// </summary>
internal static class UtcTimeText
{
    /// <summary>The length of the formatted value, in characters and in UTF-8 bytes.</summary>
    public const int Length = 24;

    /// <summary>Digits (year, month, day, hour, minute, second, millisecond) and the characters between them.</summary>
    private const string Layout = "0000-00-00T00:00:00.000Z";

    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string ToText(DateTimeOffset value)
    {
        Span<byte> bytes = stackalloc byte[Length];
        Format(value, bytes);
#if NETSTANDARD2_0
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
#else
        return Encoding.ASCII.GetString(bytes);
#endif
    }

    /// <summary>Writes the 24 ASCII bytes of <paramref name="value"/> into <paramref name="destination"/>.</summary>
    public static void Format(DateTimeOffset value, Span<byte> destination)
    {
        // By hand, after the layout: several times cheaper than a custom format string, and on the capture hot path.
        var utc = value.UtcDateTime;
        Span<int> fields = stackalloc int[] { utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, utc.Millisecond };
        var field = 0;
        var i = 0;
        while (i < Length)
        {
            if (Layout[i] != '0')
            {
                destination[i] = (byte)Layout[i];
                i++;
                continue;
            }

            var end = i + 1;
            while (end < Length && Layout[end] == '0')
            {
                end++;
            }

            var number = fields[field++];
            for (var digit = end - 1; digit >= i; digit--)
            {
                destination[digit] = (byte)('0' + (number % 10));
                number /= 10;
            }

            i = end;
        }
    }
}
