using System;
using System.Text;

namespace AgentTracing.PostHog;

/// <summary>R11: a string longer than 200,000 UTF-8 bytes is cut to its longest prefix that fits, without splitting a character.</summary>
internal static class StringLimits
{
    /// <summary>The largest UTF-8 size of a string value sent to PostHog.</summary>
    public const int MaxStringBytes = 200_000;

    /// <summary>Appended to a truncated string.</summary>
    public const string TruncationMarker = "... [truncated]";

    /// <summary>Returns <paramref name="value"/>, or its truncated form when its UTF-8 encoding exceeds <see cref="MaxStringBytes"/>.</summary>
    public static string Truncate(string value)
    {
        // Three UTF-8 bytes per UTF-16 unit at most: a string this short always fits.
        if (value.Length <= MaxStringBytes / 3 || Encoding.UTF8.GetByteCount(value) <= MaxStringBytes)
        {
            return value;
        }

        var bytes = 0;
        var length = 0;
        while (length < value.Length)
        {
            int units;
            int size;
            var c = value[length];
            if (char.IsHighSurrogate(c) && length + 1 < value.Length && char.IsLowSurrogate(value[length + 1]))
            {
                units = 2;
                size = 4;
            }
            else
            {
                units = 1;
                size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }

            if (bytes + size > MaxStringBytes)
            {
                break;
            }

            bytes += size;
            length += units;
        }

        return string.Concat(value.Substring(0, length), TruncationMarker);
    }
}
