using System;
using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
#endif

namespace AgentTracing;

/// <summary>
/// Gives the same string instance for ASCII text read again: the keys of every object and the long text repeated on
/// every call (a system prompt, a tool's schema) are decoded once instead of once per event. A small table shared by
/// all threads; each slot holds the last string stored in it (strings cannot change, so sharing one is safe). Short
/// text (keys, ids, names) and long text have tables of their own, and text longer than a few kilobytes is not kept,
/// so that the tables stay under about half a megabyte.
/// </summary>
internal static class JsonStringCache
{
    private const int ShortSlots = 512;
    private const int ShortBytes = 48;
    private const int LongSlots = 32;
    private const int MaxBytes = 8192;
#if NET8_0_OR_GREATER
    private static readonly string?[] Short = new string?[ShortSlots];
    private static readonly string?[] Long = new string?[LongSlots];
#endif

    /// <summary>The text of the reader's string or property name, as <see cref="Utf8JsonReader.GetString"/> reads it.</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
#if NET8_0_OR_GREATER
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length is > 0 and <= MaxBytes)
        {
            var bytes = reader.ValueSpan;
            var table = bytes.Length <= ShortBytes ? Short : Long;
            var slot = Slot(bytes) & (table.Length - 1);
            var cached = Volatile.Read(ref table[slot]);
            if (cached is not null && cached.Length == bytes.Length && Ascii.Equals(bytes, cached))
            {
                return cached;
            }

            var text = reader.GetString()!;

            // As many characters as bytes: the text is ASCII, which the comparison above can match.
            if (text.Length == bytes.Length)
            {
                Volatile.Write(ref table[slot], text);
            }

            return text;
        }
#endif
        return reader.GetString()!;
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// A slot from the length and up to 16 bytes at each end (the middle of a long text is rarely all that differs),
    /// read eight bytes at a time: it is computed for every key and string read.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong head;
        ulong tail;
        if (bytes.Length >= 16)
        {
            head = MemoryMarshal.Read<ulong>(bytes) ^ BitOperations.RotateLeft(MemoryMarshal.Read<ulong>(bytes.Slice(8)), 29);
            tail = MemoryMarshal.Read<ulong>(bytes.Slice(bytes.Length - 8)) ^ BitOperations.RotateLeft(MemoryMarshal.Read<ulong>(bytes.Slice(bytes.Length - 16)), 29);
        }
        else if (bytes.Length >= 8)
        {
            head = MemoryMarshal.Read<ulong>(bytes);
            tail = MemoryMarshal.Read<ulong>(bytes.Slice(bytes.Length - 8));
        }
        else
        {
            head = 0;
            foreach (var b in bytes)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        var hash = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)bytes.Length * 0x165667B19E3779F9UL);
        hash ^= hash >> 29;
        return (int)((hash * 0x9E3779B97F4A7C15UL) >> 40);
    }
#endif
}
