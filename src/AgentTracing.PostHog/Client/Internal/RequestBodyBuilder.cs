using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Builds request bodies: <c>{"api_key":…,["historical_migration":true,]"batch":[…],"sent_at":"…"}</c>
/// from the events' pre-serialised bytes, and gzips them.
/// Used by one request at a time (the client keeps a small pool); its buffers are reused from one attempt to the next.
/// </summary>
internal sealed class RequestBodyBuilder
{
    private const int MaxRetainedBufferSize = 16 * 1024 * 1024;

    private static readonly byte[] SentAtPrefix = Encoding.UTF8.GetBytes("],\"sent_at\":\"");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("\"}");

    private readonly byte[] _prefix;
    private readonly int _level;
    private ByteBufferWriter _plain = new(64 * 1024);
    private MemoryStream _compressed = new();

    public RequestBodyBuilder(string apiKey, bool historicalMigration, int level = PostHogClientOptions.DefaultCompressionLevel)
    {
        _level = level;
        var prefix = new ByteBufferWriter(256);
        using (var writer = new Utf8JsonWriter(prefix, EventSerializer.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("api_key", apiKey);
            if (historicalMigration)
            {
                writer.WriteBoolean("historical_migration", true);
            }

            writer.WritePropertyName("batch");
            writer.WriteStartArray();
            writer.Flush();
        }

        // The writer left the object and array open: this is exactly `{"api_key":"…",["historical_migration":true,]"batch":[`.
        _prefix = prefix.WrittenSpan.ToArray();
    }

    /// <summary>Test seam: replaces gzip. The default is <see cref="Gzip"/>.</summary>
    public Func<ArraySegment<byte>, ArraySegment<byte>>? CompressOverride { get; set; }

    /// <summary>
    /// Writes the uncompressed body. The result stays valid until the next call.
    /// </summary>
    public ArraySegment<byte> BuildPlain(IReadOnlyList<QueuedEvent> events, DateTimeOffset sentAt)
    {
        var total = (long)_prefix.Length + SentAtPrefix.Length + 24 + Suffix.Length + events.Count;
        foreach (var e in events)
        {
            total += e.Size;
        }

        if (_plain.Capacity > MaxRetainedBufferSize && total < MaxRetainedBufferSize)
        {
            _plain = new ByteBufferWriter(64 * 1024);
        }

        _plain.Clear();
        _plain.Write(_prefix);
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                _plain.Write((byte)',');
            }

            _plain.Write(events[i].Json);
        }

        _plain.Write(SentAtPrefix);
        Span<byte> stamp = stackalloc byte[UtcTimeText.Length];
        UtcTimeText.Format(sentAt, stamp);
        _plain.Write(stamp);
        _plain.Write(Suffix);
        return _plain.WrittenSegment;
    }

    /// <summary>Compresses <paramref name="plain"/>. Throws whatever the compressor throws; the caller then sends it plain.</summary>
    public ArraySegment<byte> Compress(ArraySegment<byte> plain) =>
        CompressOverride is { } compress ? compress(plain) : Gzip(plain);

    private ArraySegment<byte> Gzip(ArraySegment<byte> plain)
    {
        if (_compressed.Capacity > MaxRetainedBufferSize)
        {
            _compressed = new MemoryStream();
        }

        _compressed.SetLength(0);
        using (var gzip = OpenGzip(_compressed, _level))
        {
            gzip.Write(plain.Array!, plain.Offset, plain.Count);
        }

        return new ArraySegment<byte>(_compressed.GetBuffer(), 0, (int)_compressed.Length);
    }

    /// <summary>A gzip stream at zlib <paramref name="level"/> (0–9), or the nearest <see cref="CompressionLevel"/> where a zlib level cannot be set.</summary>
    internal static GZipStream OpenGzip(Stream output, int level)
    {
#if NET9_0_OR_GREATER
        return new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
#else
        return new GZipStream(output, NearestLevel(level), leaveOpen: true);
#endif
    }

    /// <summary>The <see cref="CompressionLevel"/> nearest zlib <paramref name="level"/>: what .NET 8 and .NET Standard 2.0 can do.</summary>
    internal static CompressionLevel NearestLevel(int level) => level switch
    {
        <= 0 => CompressionLevel.NoCompression,
        <= 3 => CompressionLevel.Fastest,
#if NET6_0_OR_GREATER
        >= 9 => CompressionLevel.SmallestSize,
#endif
        _ => CompressionLevel.Optimal,
    };
}
