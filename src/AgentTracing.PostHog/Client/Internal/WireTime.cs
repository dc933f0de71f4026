using System;
using System.Globalization;
using System.Text.Json;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The one time format of the wire: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, sub-milliseconds truncated.</summary>
internal static class WireTime
{
    /// <summary>The format string (24 characters).</summary>
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    /// <summary>Formats <paramref name="value"/> in UTC.</summary>
    public static string ToWire(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="value"/> in UTC as a JSON string property, without allocating on .NET 8+.</summary>
    public static void WriteProperty(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
#if NET8_0_OR_GREATER
        Span<char> buffer = stackalloc char[32];
        if (value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture))
        {
            writer.WriteString(name, buffer.Slice(0, written));
            return;
        }
#endif
        writer.WriteString(name, ToWire(value));
    }
}
