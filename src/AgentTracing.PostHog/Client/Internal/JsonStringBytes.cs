using System;
using System.Text.Json;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Writes a JSON string (quotes included) straight into a buffer, byte for byte what a <see cref="Utf8JsonWriter"/>
/// with <see cref="EventSerializer.WriterOptions"/> writes. Names, ids and keys made of ASCII that the encoder does not
/// escape, which is nearly all of them, are copied as they are; anything else goes through such a writer.
/// </summary>
internal static class JsonStringBytes
{
    private static readonly bool[] PlainAscii = CreatePlainAscii();

    /// <summary>What the writer points at between calls; never written to.</summary>
    private static readonly ByteBufferWriter Idle = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes <paramref name="value"/> as a JSON string.</summary>
    /// <exception cref="ArgumentException">The string is not valid UTF-16, as the writer would throw.</exception>
    public static void Write(ByteBufferWriter buffer, string value)
    {
        if (IsPlain(value))
        {
            var span = buffer.GetSpan(value.Length + 2);
            span[0] = (byte)'"';
            for (var i = 0; i < value.Length; i++)
            {
                span[i + 1] = (byte)value[i];
            }

            span[value.Length + 1] = (byte)'"';
            buffer.Advance(value.Length + 2);
            return;
        }

        // Anything else: the writer itself, writing a lone string straight into the buffer.
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, EventSerializer.WriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            writer.WriteStringValue(value);
            writer.Flush();
        }
        finally
        {
            // Between calls the writer holds no caller's buffer.
            writer.Reset(Idle);
        }
    }

    /// <summary>Whether every character is ASCII that the writer's encoder leaves as it is.</summary>
    private static bool IsPlain(string value)
    {
        var plain = PlainAscii;
        foreach (var c in value)
        {
            if (c >= plain.Length || !plain[c])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For each ASCII character, whether the writer's encoder writes it unescaped: asked of the encoder itself.</summary>
    private static bool[] CreatePlainAscii()
    {
        var encoder = EventSerializer.WriterOptions.Encoder!;
        var table = new bool[128];
        for (var c = 0; c < table.Length; c++)
        {
            var text = ((char)c).ToString();
            table[c] = JsonEncodedText.Encode(text, encoder).Value == text;
        }

        return table;
    }
}
