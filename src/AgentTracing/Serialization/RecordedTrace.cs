using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing;

/// <summary>
/// Reads recorded traces: UTF-8 JSON Lines files with one <see cref="TracingEvent"/> (<c>type</c> <c>span_started</c>,
/// <c>span_updated</c> or <c>span_ended</c>) or <see cref="FeedbackEvent"/> (<c>type</c> <c>"feedback"</c>) per line, in
/// arrival order. A file whose first non-blank character is <c>[</c> is read as one JSON array of such events instead.
/// </summary>
/// <remarks>
/// A bad line never throws: malformed JSON, text that is not valid UTF-16 (an unpaired surrogate), a duplicate key among
/// the members the model reads, an unknown <c>type</c>, an event that does not fit the model and any other exception of
/// the parser are reported as skipped entries with their line number, and reading goes on with the next line. Blank lines are ignored. In the array
/// form, a malformed array ends the reading with one skipped entry for the element where it broke. Reading is lazy:
/// lines are read as the result is enumerated. I/O errors of the underlying reader are not caught.
/// </remarks>
public static class RecordedTrace
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>Reads a recorded trace from a text reader, which is not disposed.</summary>
    /// <param name="reader">The reader, positioned at the start of the trace.</param>
    /// <returns>One entry per non-blank line (or array element), in order.</returns>
    public static IEnumerable<RecordedTraceEntry> Read(TextReader reader) =>
        ReadCore(reader ?? throw new ArgumentNullException(nameof(reader)));

    /// <summary>Reads a recorded trace from a UTF-8 file. The file is opened when the result is enumerated and closed at its end.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>One entry per non-blank line (or array element), in order.</returns>
    public static IEnumerable<RecordedTraceEntry> ReadFile(string path) =>
        ReadFileCore(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>Reads a recorded trace from a UTF-8 stream, which is left open.</summary>
    /// <param name="stream">The stream, positioned at the start of the trace.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>One entry per non-blank line (or array element), in order.</returns>
    public static IAsyncEnumerable<RecordedTraceEntry> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadAsyncCore(stream ?? throw new ArgumentNullException(nameof(stream)), cancellationToken);

    private static IEnumerable<RecordedTraceEntry> ReadFileCore(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var entry in ReadCore(reader))
        {
            yield return entry;
        }
    }

    private static IEnumerable<RecordedTraceEntry> ReadCore(TextReader reader)
    {
        var lineNumber = 0;
        var seenContent = false;
        while (reader.ReadLine() is { } read)
        {
            var (kind, line) = Classify(read, ++lineNumber, seenContent);
            if (kind == LineKind.Blank)
            {
                continue;
            }

            if (kind == LineKind.ArrayStart)
            {
                foreach (var entry in FromArray(line + "\n" + reader.ReadToEnd()))
                {
                    yield return entry;
                }

                yield break;
            }

            seenContent = true;
            yield return FromLine(line, lineNumber);
        }
    }

    private static async IAsyncEnumerable<RecordedTraceEntry> ReadAsyncCore(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        var lineNumber = 0;
        var seenContent = false;
        while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is { } read)
        {
            var (kind, line) = Classify(read, ++lineNumber, seenContent);
            if (kind == LineKind.Blank)
            {
                continue;
            }

            if (kind == LineKind.ArrayStart)
            {
                foreach (var entry in FromArray(line + "\n" + await ReadToEndAsync(reader, cancellationToken).ConfigureAwait(false)))
                {
                    yield return entry;
                }

                yield break;
            }

            seenContent = true;
            yield return FromLine(line, lineNumber);
        }
    }

    /// <summary>
    /// What line <paramref name="lineNumber"/> is, with a byte order mark taken off the first: blank, the start of a
    /// JSON array holding the whole trace (only before any event line), or an event.
    /// </summary>
    private static (LineKind Kind, string Line) Classify(string line, int lineNumber, bool seenContent)
    {
        if (lineNumber == 1)
        {
            line = line.TrimStart(ByteOrderMark);
        }

        return string.IsNullOrWhiteSpace(line) ? (LineKind.Blank, line)
            : !seenContent && line.TrimStart()[0] == '[' ? (LineKind.ArrayStart, line)
            : (LineKind.Event, line);
    }

    /// <summary>Reads one line of a JSON Lines file.</summary>
    private static RecordedTraceEntry FromLine(string line, int lineNumber)
    {
        // Text read from a string can hold an unpaired surrogate, which no JSON parser accepts.
        if (FindUnpairedSurrogate(line) is { } index)
        {
            return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.MalformedJson,
                $"The line is not valid UTF-16: an unpaired surrogate at character {index + 1}.");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
#pragma warning disable CA1031 // A bad line never throws: whatever the parser throws skips the line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.MalformedJson, e.Message);
        }

        return FromNode(node, lineNumber);
    }

    private static int? FindUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Reads a JSON array of events element by element, so that the elements before a syntax error are kept.</summary>
    private static List<RecordedTraceEntry> FromArray(string text)
    {
        var entries = new List<RecordedTraceEntry>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(ref reader);
                }
                catch (Exception e) when (e is not JsonException)
                {
                    // The reader stands somewhere inside the element: the rest of the array cannot be read.
                    entries.Add(RecordedTraceEntry.Skipped(entries.Count + 1, RecordedTraceSkipReason.MalformedJson, e.Message));
                    return entries;
                }

                entries.Add(FromNode(node, entries.Count + 1));
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                entries.Add(RecordedTraceEntry.Skipped(entries.Count + 1, RecordedTraceSkipReason.MalformedJson, "The JSON array is not closed."));
            }
            else if (reader.Read())
            {
                entries.Add(RecordedTraceEntry.Skipped(entries.Count + 1, RecordedTraceSkipReason.MalformedJson, "Unexpected content after the JSON array."));
            }
        }
        catch (JsonException e)
        {
            entries.Add(RecordedTraceEntry.Skipped(entries.Count + 1, RecordedTraceSkipReason.MalformedJson, e.Message));
        }

        return entries;
    }

    /// <summary>Dispatches a parsed line on its <c>type</c>.</summary>
    private static RecordedTraceEntry FromNode(JsonNode? node, int lineNumber)
    {
        if (node is not JsonObject json)
        {
            var kind = node is null ? "null" : node.GetValueKind().ToString();
            return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.MalformedJson, $"Expected a JSON object, found {kind}.");
        }

        try
        {
            var type = JsonValues.AsString(json["type"]);
            switch (type)
            {
                case "span_started" or "span_updated" or "span_ended":
                    return RecordedTraceEntry.Read(lineNumber, TracingEventConverter.FromJson(json));
                case "feedback":
                    return RecordedTraceEntry.Read(lineNumber, FeedbackEventConverter.FromJson(json));
                case null:
                    return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.UnknownType, "The event has no string 'type'.");
                default:
                    return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.UnknownType, $"Unknown event type '{type}'.");
            }
        }
#pragma warning disable CA1031 // A bad line never throws: JsonNode reports a duplicate key as ArgumentException, and so on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return RecordedTraceEntry.Skipped(lineNumber, RecordedTraceSkipReason.InvalidEvent, e.Message);
        }
    }

    // The token is checked before every read: a StreamReader that serves a line from its buffer does not look at it.
    private static Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
#if NET8_0_OR_GREATER
        return reader.ReadLineAsync(cancellationToken).AsTask();
#else
        return reader.ReadLineAsync()!;
#endif
    }

    private static Task<string> ReadToEndAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
#if NET8_0_OR_GREATER
        return reader.ReadToEndAsync(cancellationToken);
#else
        return reader.ReadToEndAsync();
#endif
    }
}
