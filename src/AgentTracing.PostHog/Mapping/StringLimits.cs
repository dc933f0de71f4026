using System;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using System.Text;

namespace AgentTracing.PostHog;

/// <summary>
/// A string longer than 200,000 UTF-8 bytes is cut to its longest prefix that fits, without splitting a character.
/// Unpaired UTF-16 surrogates, which UTF-8 cannot encode, are replaced by U+FFFD.
/// </summary>
internal static class StringLimits
{
    /// <summary>The largest UTF-8 size of a string value sent to PostHog.</summary>
    public const int MaxStringBytes = 200_000;

    /// <summary>Appended to a truncated string.</summary>
    public const string TruncationMarker = "... [truncated]";

    /// <summary>The replacement of an unpaired surrogate.</summary>
    public const char ReplacementCharacter = '\uFFFD';

    /// <summary>Returns <paramref name="value"/> itself when it is well-formed UTF-16, else a copy with every unpaired surrogate replaced by U+FFFD.</summary>
    public static string ReplaceLoneSurrogates(string value)
    {
        char[]? copy = null;
        for (var i = IndexOfSurrogate(value, 0); i >= 0; i = IndexOfSurrogate(value, i + 1))
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++; // A well-formed pair: skip its low half.
            }
            else
            {
                (copy ??= value.ToCharArray())[i] = ReplacementCharacter;
            }
        }

        return copy is null ? value : new string(copy);
    }

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

    private static int IndexOfSurrogate(string value, int start)
    {
#if NET8_0_OR_GREATER
        // As UTF-16 code units: the runtime's precompiled IndexOfAnyInRange<char>, which every string written goes
        // through, allocates until tiered compilation replaces it; the ushort form does not, and is as fast.
        var index = MemoryMarshal.Cast<char, ushort>(value.AsSpan(start)).IndexOfAnyInRange((ushort)0xD800, (ushort)0xDFFF);
        return index < 0 ? -1 : start + index;
#else
        for (var i = start; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
#endif
    }
}
