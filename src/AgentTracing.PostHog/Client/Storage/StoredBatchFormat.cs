using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog.Client.Storage;

/// <summary>
/// The content of a stored batch file: one header line, then each event's JSON exactly as it goes into the request's
/// <c>batch</c> array, framed by its length and uuid so the events can be read back one by one:
/// <code>
/// phb1 ai 2 812 5d1f0c3a9e27b4c1
/// 402 0192b3c4-…
/// {"event":"$ai_generation",…}
/// 404 0192b3c4-…
/// {"event":"$ai_span",…}
/// </code>
/// The header carries the lane, the event count, the byte length of the rest and its FNV-1a 64-bit checksum, so a torn
/// or altered file is recognised. The API key is never part of it: it is added when the batch is sent.
/// </summary>
internal static class StoredBatchFormat
{
    private const string Magic = "phb1";
    private const int MaxHeaderBytes = 128;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The file's bytes for <paramref name="events"/> of <paramref name="lane"/>.</summary>
    public static byte[] Encode(Lane lane, IReadOnlyList<QueuedEvent> events)
    {
        var body = new ByteBufferWriter(4096);
        foreach (var e in events)
        {
            Write(body, e.Size.ToString(CultureInfo.InvariantCulture) + " " + e.Uuid + "\n");
            body.Write(e.Json);
            body.Write((byte)'\n');
        }

        var content = body.WrittenSpan;
        var header = Encoding.ASCII.GetBytes(string.Join(" ",
            Magic,
            lane == Lane.Ai ? "ai" : "analytics",
            events.Count.ToString(CultureInfo.InvariantCulture),
            content.Length.ToString(CultureInfo.InvariantCulture),
            Checksum(content).ToString("x16", CultureInfo.InvariantCulture)) + "\n");
        var file = new byte[header.Length + content.Length];
        header.CopyTo(file, 0);
        content.CopyTo(file.AsSpan(header.Length));
        return file;
    }

    /// <summary>Reads the header only: the lane and the event count (for counting expired files without reading them whole).</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out Lane lane, out int count, out int contentLength, out ulong checksum, out int headerLength)
    {
        lane = default;
        count = 0;
        contentLength = 0;
        checksum = 0;
        headerLength = 0;
        var end = data.Slice(0, Math.Min(data.Length, MaxHeaderBytes)).IndexOf((byte)'\n');
        if (end < 0)
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(data.Slice(0, end).ToArray()).Split(' ');
        if (parts.Length != 5 || parts[0] != Magic
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out count)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out contentLength)
            || !ulong.TryParse(parts[4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out checksum))
        {
            return false;
        }

        switch (parts[1])
        {
            case "ai":
                lane = Lane.Ai;
                break;
            case "analytics":
                lane = Lane.Analytics;
                break;
            default:
                return false;
        }

        headerLength = end + 1;
        return count > 0;
    }

    /// <summary>
    /// Reads a whole file. Returns <see langword="null"/> and says why when the file is torn or corrupt: a bad header,
    /// a length or checksum that does not match, or an event frame that does not parse.
    /// </summary>
    public static List<QueuedEvent>? TryDecode(byte[] data, out Lane lane, out string? problem)
    {
        if (!TryReadHeader(data, out lane, out var count, out var contentLength, out var checksum, out var headerLength))
        {
            problem = "bad header";
            return null;
        }

        if (data.Length - headerLength != contentLength)
        {
            problem = $"{data.Length - headerLength} bytes after the header instead of {contentLength}";
            return null;
        }

        var content = new ReadOnlySpan<byte>(data, headerLength, contentLength);
        if (Checksum(content) != checksum)
        {
            problem = "checksum mismatch";
            return null;
        }

        var events = new List<QueuedEvent>(count);
        var position = 0;
        while (position < content.Length)
        {
            var rest = content.Slice(position);
            var lineEnd = rest.IndexOf((byte)'\n');
            var frame = lineEnd < 0 ? null : Encoding.ASCII.GetString(rest.Slice(0, lineEnd).ToArray()).Split(' ');
            if (frame is not { Length: 2 }
                || !int.TryParse(frame[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !Guid.TryParse(frame[1], out var uuid)
                || lineEnd + 1 + size + 1 > rest.Length
                || rest[lineEnd + 1 + size] != (byte)'\n')
            {
                QueuedEvent.ReturnBuffers(events);
                problem = $"event frame {events.Count + 1} does not parse";
                return null;
            }

            events.Add(QueuedEvent.Create(rest.Slice(lineEnd + 1, size), uuid, "(stored)"));
            position += lineEnd + 1 + size + 1;
        }

        if (events.Count != count)
        {
            QueuedEvent.ReturnBuffers(events);
            problem = $"{events.Count} events instead of {count}";
            return null;
        }

        problem = null;
        return events;
    }

    private static void Write(ByteBufferWriter writer, string ascii)
    {
        var bytes = Encoding.ASCII.GetBytes(ascii);
        writer.Write(bytes);
    }

    private static ulong Checksum(ReadOnlySpan<byte> data)
    {
        var hash = FnvOffset;
        foreach (var b in data)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
