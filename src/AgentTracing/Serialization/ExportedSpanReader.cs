using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// Reads an <see cref="ExportedSpan"/> (and the <see cref="TracingEvent"/> around it) straight from a JSON reader, with
/// the rules of <see cref="ExportedSpanConverter.FromJson"/>: the model's own members are read into their CLR values
/// without building a node for the object around them, and only free-form content (input, output, metadata values,
/// request context, attributes, unknown keys) becomes nodes, read by <see cref="JsonNodeReader"/> as before. Bad input
/// (a key seen twice, a value of the wrong kind, a name or string that does not decode) fails as a
/// <see cref="JsonException"/> only.
/// </summary>
internal static class ExportedSpanReader
{
    private const string EventOwner = "tracing event";
    private const string SpanOwner = "exportedSpan";

    // The span's members, by their bit in the set of members seen.
    private const int Id = 0;
    private const int TraceId = 1;
    private const int ParentSpanId = 2;
    private const int Name = 3;
    private const int EntityType = 4;
    private const int EntityId = 5;
    private const int EntityName = 6;
    private const int Metadata = 7;
    private const int Tags = 8;
    private const int Input = 9;
    private const int Output = 10;
    private const int IsEvent = 11;
    private const int IsRootSpan = 12;
    private const int RequestContext = 13;
    private const int ExternalParentSpanId = 14;
    private const int IsInternal = 15;
    private const int Type = 16;
    private const int StartTime = 17;
    private const int EndTime = 18;
    private const int Attributes = 19;
    private const int ErrorInfo = 20;

    /// <summary>Reads the tracing event whose value starts at the reader's position; the reader ends on its last token.</summary>
    public static TracingEvent ReadEvent(ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException(EventOwner + " must be a JSON object.");
            }

            string? type = null;
            ExportedSpan? span = null;
            var seen = 0;
            Dictionary<string, object?>? rest = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = PropertyName(ref reader, out var field, EventField);
                reader.Read();
                if (field >= 0)
                {
                    Seen(ref seen, field, name, EventOwner);
                    if (field == 0)
                    {
                        type = String(ref reader, "type", EventOwner);
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        span = ReadSpanCore(ref reader);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        throw Wrong(EventOwner, "exportedSpan", "an object");
                    }
                }
                else
                {
                    AddRest(ref rest, name!, ref reader, EventOwner);
                }
            }

            var eventType = TracingEventTypeConverter.Parse(type);
            return new TracingEvent
            {
                Type = eventType,
                ExportedSpan = span ?? throw new JsonException(EventOwner + ": 'exportedSpan' is required."),
                AdditionalProperties = rest,
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new JsonException($"{EventOwner}: {e.Message}", e);
        }
    }

    /// <summary>Reads the span whose value starts at the reader's position; the reader ends on its last token.</summary>
    public static ExportedSpan ReadSpan(ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException(SpanOwner + " must be a JSON object.");
            }

            return ReadSpanCore(ref reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new JsonException($"{SpanOwner}: {e.Message}", e);
        }
    }

    private static ExportedSpan ReadSpanCore(ref Utf8JsonReader reader)
    {
        var span = new ExportedSpan();
        string? type = null;
        JsonNode? start = null;
        JsonNode? end = null;
        JsonObject? attributes = null;
        JsonObject? errorInfo = null;
        Dictionary<string, object?>? rest = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader, out var field, SpanField);
            reader.Read();
            if (field < 0)
            {
                AddRest(ref rest, name!, ref reader, SpanOwner);
                continue;
            }

            Seen(ref seen, field, name, SpanOwner);
            switch (field)
            {
                case Id:
                    span.Id = String(ref reader, "id", SpanOwner) ?? "";
                    break;
                case TraceId:
                    span.TraceId = String(ref reader, "traceId", SpanOwner) ?? "";
                    break;
                case ParentSpanId:
                    span.ParentSpanId = String(ref reader, "parentSpanId", SpanOwner);
                    break;
                case Name:
                    span.Name = String(ref reader, "name", SpanOwner) ?? "";
                    break;
                case EntityType:
                    span.EntityType = String(ref reader, "entityType", SpanOwner);
                    break;
                case EntityId:
                    span.EntityId = String(ref reader, "entityId", SpanOwner);
                    break;
                case EntityName:
                    span.EntityName = String(ref reader, "entityName", SpanOwner);
                    break;
                case Metadata:
                    span.Metadata = Dictionary(ref reader, "metadata");
                    break;
                case Tags:
                    span.Tags = StringList(JsonNodeReader.Read(ref reader), "tags");
                    break;
                case Input:
                    span.Input = JsonNodeReader.Read(ref reader);
                    break;
                case Output:
                    span.Output = JsonNodeReader.Read(ref reader);
                    break;
                case IsEvent:
                    span.IsEvent = Boolean(ref reader, "isEvent") ?? false;
                    break;
                case IsRootSpan:
                    span.IsRootSpan = Boolean(ref reader, "isRootSpan") ?? false;
                    break;
                case RequestContext:
                    span.RequestContext = JsonNodeReader.Read(ref reader);
                    break;
                case ExternalParentSpanId:
                    span.ExternalParentSpanId = String(ref reader, "externalParentSpanId", SpanOwner);
                    break;
                case IsInternal:
                    span.IsInternal = Boolean(ref reader, "isInternal");
                    break;
                case Type:
                    type = String(ref reader, "type", SpanOwner);
                    break;
                case StartTime:
                    start = JsonNodeReader.Read(ref reader);
                    break;
                case EndTime:
                    end = JsonNodeReader.Read(ref reader);
                    break;
                case Attributes:
                    attributes = Object(ref reader, "attributes");
                    break;
                default:
                    errorInfo = Object(ref reader, "errorInfo");
                    break;
            }
        }

        // In the order ExportedSpanConverter.FromJson reads them, so that the same member is reported first.
        span.Type = type is null ? default : new SpanType(type);
        span.StartTime = start is null ? default : TracingTime.Read(start, "startTime");
        span.EndTime = end is null ? null : TracingTime.Read(end, "endTime");
        span.Attributes = attributes is null ? null : SpanAttributes.Create(span.Type, attributes);
        span.ErrorInfo = errorInfo is null ? null : SpanErrorInfoConverter.FromJson(errorInfo);
        span.AdditionalProperties = rest;
        return span;
    }

    /// <summary>
    /// The property name at the reader: <paramref name="field"/> is the member it names (-1 for any other key, whose
    /// name is returned). A name that does not decode throws <see cref="InvalidOperationException"/>.
    /// </summary>
    private static string? PropertyName(ref Utf8JsonReader reader, out int field, FieldOf fieldOf)
    {
        if (!reader.ValueIsEscaped)
        {
            field = fieldOf(reader.ValueSpan);
            return field >= 0 ? null : JsonStringCache.GetString(ref reader);
        }

        var name = reader.GetString()!;
        field = fieldOf(Encoding.UTF8.GetBytes(name));
        return name;
    }

    private delegate int FieldOf(ReadOnlySpan<byte> name);

    private static int EventField(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("type"u8) ? 0 : name.SequenceEqual("exportedSpan"u8) ? 1 : -1;

    private static int SpanField(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => name.SequenceEqual("id"u8) ? Id : -1,
        4 => name.SequenceEqual("name"u8) ? Name : name.SequenceEqual("type"u8) ? Type : name.SequenceEqual("tags"u8) ? Tags : -1,
        5 => name.SequenceEqual("input"u8) ? Input : -1,
        6 => name.SequenceEqual("output"u8) ? Output : -1,
        7 => name.SequenceEqual("traceId"u8) ? TraceId : name.SequenceEqual("isEvent"u8) ? IsEvent : name.SequenceEqual("endTime"u8) ? EndTime : -1,
        8 => name.SequenceEqual("entityId"u8) ? EntityId : name.SequenceEqual("metadata"u8) ? Metadata : -1,
        9 => name.SequenceEqual("startTime"u8) ? StartTime : name.SequenceEqual("errorInfo"u8) ? ErrorInfo : -1,
        10 => name.SequenceEqual("entityType"u8) ? EntityType
            : name.SequenceEqual("entityName"u8) ? EntityName
            : name.SequenceEqual("attributes"u8) ? Attributes
            : name.SequenceEqual("isRootSpan"u8) ? IsRootSpan
            : name.SequenceEqual("isInternal"u8) ? IsInternal
            : -1,
        12 => name.SequenceEqual("parentSpanId"u8) ? ParentSpanId : -1,
        14 => name.SequenceEqual("requestContext"u8) ? RequestContext : -1,
        20 => name.SequenceEqual("externalParentSpanId"u8) ? ExternalParentSpanId : -1,
        _ => -1,
    };

    private static void Seen(ref int seen, int field, string? name, string owner)
    {
        if ((seen & (1 << field)) != 0)
        {
            throw new JsonException($"{owner}: a key is present twice{(name is null ? "" : $" ('{name}')")}.");
        }

        seen |= 1 << field;
    }

    /// <summary>A key the model does not know: kept, in order, with its value as a node.</summary>
    private static void AddRest(ref Dictionary<string, object?>? rest, string name, ref Utf8JsonReader reader, string owner)
    {
        rest ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        if (rest.ContainsKey(name))
        {
            throw new JsonException($"{owner}: the key '{name}' is present twice.");
        }

        rest.Add(name, JsonNodeReader.Read(ref reader));
    }

    /// <summary>A string member; JSON <c>null</c> gives <see langword="null"/>.</summary>
    private static string? String(ref Utf8JsonReader reader, string key, string owner) => reader.TokenType switch
    {
        JsonTokenType.String => JsonStringCache.GetString(ref reader),
        JsonTokenType.Null => null,
        _ => throw Wrong(owner, key, "a string"),
    };

    private static bool? Boolean(ref Utf8JsonReader reader, string key) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw Wrong(SpanOwner, key, "true or false"),
    };

    private static JsonObject? Object(ref Utf8JsonReader reader, string key) => JsonNodeReader.Read(ref reader) switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Wrong(SpanOwner, key, "an object"),
    };

    /// <summary>An object of free-form values, such as the metadata; a key that does not decode or is seen twice fails.</summary>
    private static Dictionary<string, object?>? Dictionary(ref Utf8JsonReader reader, string key)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = JsonStringCache.GetString(ref reader);
                    if (dictionary.ContainsKey(name))
                    {
                        throw new JsonException($"{SpanOwner}: the key '{name}' is present twice in '{key}'.");
                    }

                    reader.Read();
                    dictionary.Add(name, JsonNodeReader.Read(ref reader));
                }

                return dictionary;
            default:
                throw Wrong(SpanOwner, key, "an object");
        }
    }

    private static List<string>? StringList(JsonNode? node, string key)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                var list = new List<string>(array.Count);
                foreach (var item in array)
                {
                    list.Add(JsonValues.AsString(item) ?? throw Wrong(SpanOwner, key, "an array of strings"));
                }

                return list;
            default:
                throw Wrong(SpanOwner, key, "an array of strings");
        }
    }

    private static JsonException Wrong(string owner, string key, string expected) => new($"{owner}: '{key}' must be {expected}.");
}
