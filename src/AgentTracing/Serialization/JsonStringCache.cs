using System;
using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Text;
using System.Threading;
#endif

namespace AgentTracing;

/// <summary>
/// Gives the same string instance for ASCII text read again: the keys of every object and the long text repeated on
/// every call (a system prompt, a tool's schema) are decoded once instead of once per event. A small table shared by
/// all threads; each slot holds the last string stored in it (strings cannot change, so sharing one is safe), and text
/// longer than a few kilobytes is not kept, so the table stays under about a megabyte.
/// </summary>
internal static class JsonStringCache
{
    private const int Slots = 128;
    private const int MaxBytes = 4096;
#if NET8_0_OR_GREATER
    private static readonly string?[] Strings = new string?[Slots];
#endif

    /// <summary>The text of the reader's string or property name, as <see cref="Utf8JsonReader.GetString"/> reads it.</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
#if NET8_0_OR_GREATER
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length is > 0 and <= MaxBytes)
        {
            var bytes = reader.ValueSpan;
            var slot = Slot(bytes);
            var cached = Volatile.Read(ref Strings[slot]);
            if (cached is not null && cached.Length == bytes.Length && Ascii.Equals(bytes, cached))
            {
                return cached;
            }

            var text = reader.GetString()!;

            // As many characters as bytes: the text is ASCII, which the comparison above can match.
            if (text.Length == bytes.Length)
            {
                Volatile.Write(ref Strings[slot], text);
            }

            return text;
        }
#endif
        return reader.GetString()!;
    }

#if NET8_0_OR_GREATER
    /// <summary>A slot from the length and up to 16 bytes at each end (the middle of a long text is rarely all that differs).</summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        var hash = (uint)bytes.Length * 2654435761u;
        var head = Math.Min(bytes.Length, 16);
        for (var i = 0; i < head; i++)
        {
            hash = (hash ^ bytes[i]) * 16777619u;
        }

        for (var i = Math.Max(head, bytes.Length - 16); i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[i]) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) & (Slots - 1));
    }
#endif
}
