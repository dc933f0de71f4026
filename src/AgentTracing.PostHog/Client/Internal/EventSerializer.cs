using System;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Serialises one event (§3 of the wire spec) to compact UTF-8 JSON once, at capture time.
/// Each thread reuses its own buffer and writer, so the hot path allocates only the result array.
/// </summary>
internal sealed class EventSerializer
{
    /// <summary>Writer options of every JSON the client writes: compact, non-ASCII kept readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private const int InitialBufferSize = 4096;
    private const int MaxRetainedBufferSize = 1024 * 1024;

    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText DistinctId = JsonEncodedText.Encode("distinct_id");
    private static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Uuid = JsonEncodedText.Encode("uuid");
    private static readonly JsonEncodedText Lib = JsonEncodedText.Encode("$lib");
    private static readonly JsonEncodedText LibVersion = JsonEncodedText.Encode("$lib_version");
    private static readonly JsonEncodedText GeoIpDisable = JsonEncodedText.Encode("$geoip_disable");
    private static readonly JsonEncodedText IsServer = JsonEncodedText.Encode("$is_server");

    [ThreadStatic]
    private static ByteBufferWriter? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonEncodedText _libName;
    private readonly JsonEncodedText _libVersion;
    private readonly bool _disableGeoIp;

    public EventSerializer(string libName, string libVersion, bool disableGeoIp)
    {
        _libName = JsonEncodedText.Encode(libName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _libVersion = JsonEncodedText.Encode(libVersion, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _disableGeoIp = disableGeoIp;
    }

    /// <summary>
    /// Serialises the event into a queue entry. Returns <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.
    /// </summary>
    /// <exception cref="Exception">Whatever a property value throws while being written; the caller catches it.</exception>
    public QueuedEvent? TrySerialize(PostHogEvent evt, DateTimeOffset timestamp, Guid uuid, int maxBytes, out int size)
    {
        var buffer = t_buffer ??= new ByteBufferWriter(InitialBufferSize);
        buffer.Clear();
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            Write(writer, evt, timestamp, uuid);
            writer.Flush();
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

    private void Write(Utf8JsonWriter writer, PostHogEvent evt, DateTimeOffset timestamp, Guid uuid)
    {
        writer.WriteStartObject();
        writer.WriteString(EventName, evt.EventName);
        writer.WriteString(DistinctId, evt.DistinctId);
        writer.WritePropertyName(Properties);
        writer.WriteStartObject();
        var callerGeoIp = false;
        if (evt.RawProperties is { } raw)
        {
            for (var i = 0; i < raw.Count; i++)
            {
                var key = raw.KeyAt(i);
                if (IsClientKey(key, ref callerGeoIp))
                {
                    continue;
                }

                if (EncodedPropertyNames.TryGet(key, out var encoded))
                {
                    writer.WritePropertyName(encoded);
                }
                else
                {
                    writer.WritePropertyName(key);
                }

                writer.WriteRawValue(raw.ValueAt(i), skipInputValidation: true);
            }
        }
        else if (evt.Properties is { } properties)
        {
            foreach (var property in properties)
            {
                if (IsClientKey(property.Key, ref callerGeoIp))
                {
                    continue;
                }

                writer.WritePropertyName(property.Key);
                if (property.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    property.Value.WriteTo(writer);
                }
            }
        }

        writer.WriteString(Lib, _libName);
        writer.WriteString(LibVersion, _libVersion);
        if (_disableGeoIp && !callerGeoIp)
        {
            writer.WriteBoolean(GeoIpDisable, true);
        }

        writer.WriteBoolean(IsServer, true);
        writer.WriteEndObject();
        WireTime.WriteProperty(writer, Timestamp, timestamp);
        writer.WriteString(Uuid, uuid);
        writer.WriteEndObject();
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
