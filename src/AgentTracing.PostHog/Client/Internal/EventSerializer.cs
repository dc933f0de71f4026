using System;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Serialises one event to compact UTF-8 JSON once, at capture time.
/// Each thread reuses its own buffer and writer, so the hot path allocates only the queue entry. Every event is
/// assembled from bytes: the exporter's property values are already UTF-8, a caller's are written one by one.
/// </summary>
internal sealed class EventSerializer
{
    /// <summary>Writer options of every JSON the client writes: compact, non-ASCII kept readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The wire's options for values written one at a time into an assembled event.</summary>
    private static readonly JsonWriterOptions ValueWriterOptions = new()
    {
        Encoder = WriterOptions.Encoder,
        Indented = false,
        SkipValidation = true,
    };

    private const int InitialBufferSize = 4096;
    private const int MaxRetainedBufferSize = 1024 * 1024;

    private static readonly JsonEncodedText Lib = JsonEncodedText.Encode("$lib");
    private static readonly JsonEncodedText LibVersion = JsonEncodedText.Encode("$lib_version");
    private static readonly JsonEncodedText GeoIpDisable = JsonEncodedText.Encode("$geoip_disable");
    private static readonly JsonEncodedText IsServer = JsonEncodedText.Encode("$is_server");

    private static readonly byte[] EventPrefix = Encoding.UTF8.GetBytes("{\"event\":");
    private static readonly byte[] DistinctIdPrefix = Encoding.UTF8.GetBytes(",\"distinct_id\":");
    private static readonly byte[] PropertiesPrefix = Encoding.UTF8.GetBytes(",\"properties\":{");
    private static readonly byte[] TimestampPrefix = Encoding.UTF8.GetBytes("},\"timestamp\":\"");
    private static readonly byte[] UuidPrefix = Encoding.UTF8.GetBytes("\",\"uuid\":\"");

    // The start of an event of each of the exporter's names, up to the distinct id's value: the names are constants,
    // found by reference. Spelled out rather than written through JsonStringBytes, whose static table reads this
    // class's options: the two type initialisers would depend on each other.
    private static readonly byte[] TraceStart = EventStart(AiEventNames.Trace);
    private static readonly byte[] GenerationStart = EventStart(AiEventNames.Generation);
    private static readonly byte[] SpanStart = EventStart(AiEventNames.Span);

    [ThreadStatic]
    private static ByteBufferWriter? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonEncodedText _libName;
    private readonly JsonEncodedText _libVersion;
    private readonly bool _disableGeoIp;

    // The client's own properties, as the last members of the properties object, with and without $geoip_disable.
    private readonly byte[] _clientProperties;
    private readonly byte[] _clientPropertiesWithGeoIp;

    public EventSerializer(string libName, string libVersion, bool disableGeoIp)
    {
        _libName = JsonEncodedText.Encode(libName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _libVersion = JsonEncodedText.Encode(libVersion, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _disableGeoIp = disableGeoIp;
        _clientProperties = ClientProperties(geoIpDisable: false);
        _clientPropertiesWithGeoIp = ClientProperties(geoIpDisable: true);
    }

    /// <summary>
    /// Serialises the event into a queue entry. Returns <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.
    /// </summary>
    /// <exception cref="Exception">Whatever a property value throws while being written; the caller catches it.</exception>
    public QueuedEvent? TrySerialize(PostHogEvent evt, DateTimeOffset timestamp, Guid uuid, int maxBytes, out int size)
    {
        var buffer = t_buffer ??= new ByteBufferWriter(InitialBufferSize);
        buffer.Clear();
        try
        {
            Write(buffer, evt, timestamp, uuid);
            size = buffer.WrittenCount;
            return size <= maxBytes ? QueuedEvent.Create(buffer.WrittenSpan, uuid, evt.EventName) : null;
        }
        finally
        {
            if (buffer.Capacity > MaxRetainedBufferSize)
            {
                // Do not keep a multi-megabyte buffer alive on every thread that once captured a large event.
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>
    /// The event, assembled from bytes: the exporter's property values are already UTF-8 and its names pre-encoded;
    /// a caller's <see cref="JsonObject"/> properties are written value by value.
    /// </summary>
    private void Write(ByteBufferWriter buffer, PostHogEvent evt, DateTimeOffset timestamp, Guid uuid)
    {
        if (ExporterEventStart(evt.EventName) is { } start)
        {
            buffer.Write(start);
        }
        else
        {
            buffer.Write(EventPrefix);
            JsonStringBytes.Write(buffer, evt.EventName);
            buffer.Write(DistinctIdPrefix);
        }

        JsonStringBytes.Write(buffer, evt.DistinctId);
        buffer.Write(PropertiesPrefix);
        var callerGeoIp = false;
        var first = true;
        if (evt.RawProperties is { } raw)
        {
            raw.FlushValues();
            for (var i = 0; i < raw.Count; i++)
            {
                var value = raw.MemberAt(i, out var key, out var encodedKey);
                if (encodedKey is not null)
                {
                    // The exporter's own name, never one of the client's: comma, name and value in one reservation.
                    var span = buffer.GetSpan(encodedKey.Length + value.Length + 1);
                    var at = 0;
                    if (!first)
                    {
                        span[at++] = (byte)',';
                    }

                    first = false;
                    encodedKey.CopyTo(span.Slice(at));
                    value.CopyTo(span.Slice(at + encodedKey.Length));
                    buffer.Advance(at + encodedKey.Length + value.Length);
                }
                else if (BeginMember(buffer, key, ref first, ref callerGeoIp))
                {
                    buffer.Write(value);
                }
            }
        }
        else if (evt.Properties is { } properties)
        {
            Utf8JsonWriter? writer = null;
            foreach (var property in properties)
            {
                if (BeginMember(buffer, property.Key, ref first, ref callerGeoIp))
                {
                    writer ??= ValueWriter(buffer);
                    WriteValue(writer, property.Value);
                }
            }
        }

        if (!first)
        {
            buffer.Write((byte)',');
        }

        buffer.Write(_disableGeoIp && !callerGeoIp ? _clientPropertiesWithGeoIp : _clientProperties);
        buffer.Write(TimestampPrefix);
        UtcTimeText.Format(timestamp, buffer.GetSpan(UtcTimeText.Length));
        buffer.Advance(UtcTimeText.Length);
        buffer.Write(UuidPrefix);
        Utf8Formatter.TryFormat(uuid, buffer.GetSpan(36), out var written, 'D');
        buffer.Advance(written);
        buffer.Write((byte)'"');
        buffer.Write((byte)'}');
    }

    /// <summary>Writes <c>"key":</c> (after a comma unless <paramref name="first"/>), unless the client writes the key itself.</summary>
    private static bool BeginMember(ByteBufferWriter buffer, string key, ref bool first, ref bool callerGeoIp)
    {
        if (IsClientKey(key, ref callerGeoIp))
        {
            return false;
        }

        if (!first)
        {
            buffer.Write((byte)',');
        }

        first = false;
        JsonStringBytes.Write(buffer, key);
        buffer.Write((byte)':');
        return true;
    }

    /// <summary>This thread's writer of lone values into <paramref name="buffer"/>.</summary>
    private static Utf8JsonWriter ValueWriter(ByteBufferWriter buffer)
    {
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, ValueWriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        return writer;
    }

    /// <summary>Writes one value and flushes it; reset, the writer puts no comma before the next.</summary>
    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        try
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }

            writer.Flush();
        }
        finally
        {
            writer.Reset();
        }
    }

    /// <summary><c>{"event":"name","distinct_id":</c> for one of the exporter's event names, else <see langword="null"/>.</summary>
    private static byte[]? ExporterEventStart(string name) =>
        ReferenceEquals(name, AiEventNames.Span) ? SpanStart
        : ReferenceEquals(name, AiEventNames.Generation) ? GenerationStart
        : ReferenceEquals(name, AiEventNames.Trace) ? TraceStart
        : null;

    private static byte[] EventStart(string name) => Encoding.UTF8.GetBytes("{\"event\":\"" + name + "\",\"distinct_id\":");

    /// <summary>The members every event ends its properties object with, as bytes: <c>"$lib":…,"$is_server":true</c>.</summary>
    private byte[] ClientProperties(bool geoIpDisable)
    {
        var buffer = new ByteBufferWriter(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteClientProperties(writer, geoIpDisable);
            writer.WriteEndObject();
        }

        // Without the braces: the members go inside the event's properties object.
        return buffer.WrittenSpan.Slice(1, buffer.WrittenCount - 2).ToArray();
    }

    /// <summary>The client's own properties, last in every event's properties object.</summary>
    private void WriteClientProperties(Utf8JsonWriter writer, bool geoIpDisable)
    {
        writer.WriteString(Lib, _libName);
        writer.WriteString(LibVersion, _libVersion);
        if (geoIpDisable)
        {
            writer.WriteBoolean(GeoIpDisable, true);
        }

        writer.WriteBoolean(IsServer, true);
    }

    /// <summary>Whether the client writes <paramref name="key"/> itself; notes a caller's <c>$geoip_disable</c>.</summary>
    private static bool IsClientKey(string key, ref bool callerGeoIp)
    {
        switch (key)
        {
            case "$lib":
            case "$lib_version":
            case "$is_server":
                return true;
            case "$geoip_disable":
                callerGeoIp = true;
                return false;
            default:
                return false;
        }
    }
}
