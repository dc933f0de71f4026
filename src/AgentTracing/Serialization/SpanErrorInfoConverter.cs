using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads and writes <see cref="SpanErrorInfo"/> in the reference's camelCase shape.</summary>
internal sealed class SpanErrorInfoConverter : JsonConverter<SpanErrorInfo>
{
    /// <summary>
    /// The instance the enclosing converters write through, passing on the caller's options so that CLR values in
    /// <c>object?</c> members resolve as they do at the top level.
    /// </summary>
    public static readonly SpanErrorInfoConverter Instance = new();

    public static SpanErrorInfo FromJson(JsonObject json)
    {
        var fields = new JsonObjectFields(json, "errorInfo");
        return new SpanErrorInfo
        {
            Message = fields.String("message") ?? "",
            Id = fields.String("id"),
            Domain = fields.String("domain"),
            Category = fields.String("category"),
            Details = fields.Dictionary("details"),
            Name = fields.String("name"),
            Stack = fields.String("stack"),
            AdditionalProperties = fields.Rest(),
        };
    }

    public override SpanErrorInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromJson(JsonNodeReader.Read(ref reader) as JsonObject ?? throw new JsonException("errorInfo must be a JSON object."));

    public override void Write(Utf8JsonWriter writer, SpanErrorInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("message", value.Message);
        writer.WriteOptional("id", value.Id);
        writer.WriteOptional("domain", value.Domain);
        writer.WriteOptional("category", value.Category);
        writer.WriteOptional("details", value.Details, options);
        writer.WriteOptional("name", value.Name);
        writer.WriteOptional("stack", value.Stack);
        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
