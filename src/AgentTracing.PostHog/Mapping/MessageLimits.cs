using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// Keeps a message array within a size PostHog takes: an event over the client's limit would be dropped whole, with
/// its tokens and cost. An oversized array keeps its leading system message, then a note of how many messages were
/// left out, then the latest messages that fit.
/// </summary>
internal static class MessageLimits
{
    /// <summary>The largest message array sent in one property (two of them, input and output, fit the event limit).</summary>
    public const int MaxMessagesBytes = 2 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Rewrites the array that starts at <paramref name="start"/> in <paramref name="buffer"/> when it is larger than
    /// <paramref name="limit"/> bytes; returns whether it did.
    /// </summary>
    public static bool Fit(ByteBufferWriter buffer, int start, int limit = MaxMessagesBytes)
    {
        var json = buffer.WrittenSpan.Slice(start);
        if (json.Length <= limit)
        {
            return false;
        }

        var items = Items(json);
        if (items.Count == 0)
        {
            return false;
        }

        var head = IsSystemMessage(json.Slice(items[0].Start, items[0].Length)) ? items[0] : default;
        var first = head.Length > 0 ? 1 : 0;

        // The latest messages that fit beside the head and the note.
        var budget = limit - head.Length - 256;
        var from = items.Count;
        while (from > first && budget - items[from - 1].Length - 1 >= 0)
        {
            budget -= items[from - 1].Length + 1;
            from--;
        }

        var leftOut = from - first;
        var output = new ByteBufferWriter(limit);
        output.Write((byte)'[');
        if (head.Length > 0)
        {
            output.Write(json.Slice(head.Start, head.Length));
            output.Write((byte)',');
        }

        output.Write(Note(leftOut));
        for (var i = from; i < items.Count; i++)
        {
            output.Write((byte)',');
            output.Write(json.Slice(items[i].Start, items[i].Length));
        }

        output.Write((byte)']');
        buffer.Truncate(start);
        buffer.Write(output.WrittenSpan);
        return true;
    }

    private static List<(int Start, int Length)> Items(ReadOnlySpan<byte> json)
    {
        var items = new List<(int Start, int Length)>();
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return items;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var itemStart = (int)reader.TokenStartIndex;
            reader.Skip();
            items.Add((itemStart, (int)reader.BytesConsumed - itemStart));
        }

        return items;
    }

    private static bool IsSystemMessage(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                return reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("system"u8);
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    private static byte[] Note(int leftOut) => Encoding.UTF8.GetBytes(
        "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"["
        + leftOut.ToString(CultureInfo.InvariantCulture)
        + " earlier messages left out: the conversation is larger than "
        + (MaxMessagesBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)
        + " MB]\"}]}");
}
