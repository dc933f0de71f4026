using System;
using System.Text.Json;
using System.Threading;

namespace AgentTracing;

/// <summary>
/// Gives the parsed element of a number already read with the same text: every number read keeps its parsed text (so
/// it writes back exactly and converts to any numeric type), and parsing one costs a document of its own. Elements of a
/// document nobody disposes can be shared by any number of nodes and threads. A small table shared by all threads;
/// each slot holds the last number stored in it.
/// </summary>
internal static class JsonNumberCache
{
    private const int Slots = 256;
    private const int MaxBytes = 32;
    private static readonly Entry?[] Entries = new Entry?[Slots];

    /// <summary>The number at the reader as <see cref="JsonElement.ParseValue"/> reads it; the reader stays on it.</summary>
    public static JsonElement Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return JsonElement.ParseValue(ref reader);
        }

        var text = reader.ValueSpan;
        var slot = Slot(text);
        var entry = Volatile.Read(ref Entries[slot]);
        if (entry is not null && text.SequenceEqual(entry.Text))
        {
            return entry.Element;
        }

        var element = JsonElement.ParseValue(ref reader);
        Volatile.Write(ref Entries[slot], new Entry(text.ToArray(), element));
        return element;
    }

    private static int Slot(ReadOnlySpan<byte> text)
    {
        var hash = 2166136261u;
        foreach (var b in text)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) & (Slots - 1));
    }

    private sealed class Entry(byte[] text, JsonElement element)
    {
        public byte[] Text { get; } = text;

        public JsonElement Element { get; } = element;
    }
}
