using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>
/// Reads and writes <see cref="ExportedSpan"/>. The object is buffered first, because <c>type</c> may come after
/// <c>attributes</c> and chooses the attributes class.
/// </summary>
internal sealed class ExportedSpanConverter : JsonConverter<ExportedSpan>
{
    /// <summary>
    /// The instance the enclosing converters write through, passing on the caller's options so that CLR values in
    /// <c>object?</c> members resolve as they do at the top level.
    /// </summary>
    public static readonly ExportedSpanConverter Instance = new();

    public static ExportedSpan FromJson(JsonObject json)
    {
        var fields = new JsonObjectFields(json, "exportedSpan");
        var span = new ExportedSpan
        {
            Id = fields.String("id") ?? "",
            TraceId = fields.String("traceId") ?? "",
            ParentSpanId = fields.String("parentSpanId"),
            Name = fields.String("name") ?? "",
            EntityType = fields.String("entityType"),
            EntityId = fields.String("entityId"),
            EntityName = fields.String("entityName"),
            Metadata = fields.Dictionary("metadata"),
            Tags = fields.StringList("tags"),
            Input = fields.Take("input"),
            Output = fields.Take("output"),
            IsEvent = fields.Boolean("isEvent") ?? false,
            IsRootSpan = fields.Boolean("isRootSpan") ?? false,
            RequestContext = fields.Take("requestContext"),
            ExternalParentSpanId = fields.String("externalParentSpanId"),
            IsInternal = fields.Boolean("isInternal"),
        };

        var type = fields.String("type");
        span.Type = type is null ? default : new SpanType(type);
        var start = fields.Take("startTime");
        span.StartTime = start is null ? default : TracingTime.Read(start, "startTime");
        var end = fields.Take("endTime");
        span.EndTime = end is null ? null : TracingTime.Read(end, "endTime");
        var attributes = fields.Object("attributes");
        span.Attributes = attributes is null ? null : SpanAttributes.Create(span.Type, attributes);
        var error = fields.Object("errorInfo");
        span.ErrorInfo = error is null ? null : SpanErrorInfoConverter.FromJson(error);
        span.AdditionalProperties = fields.Rest();
        return span;
    }

    public override ExportedSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ExportedSpanReader.ReadSpan(ref reader);

    public override void Write(Utf8JsonWriter writer, ExportedSpan value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        writer.WriteString("traceId", value.TraceId);
        writer.WriteOptional("parentSpanId", value.ParentSpanId);
        writer.WriteString("name", value.Name);
        writer.WriteString("type", value.Type.Value ?? "generic");
        writer.WriteOptional("entityType", value.EntityType);
        writer.WriteOptional("entityId", value.EntityId);
        writer.WriteOptional("entityName", value.EntityName);
        writer.WriteString("startTime", TracingTime.ToText(value.StartTime));
        writer.WriteOptional("endTime", value.EndTime);
        if (value.Attributes is not null)
        {
            writer.WritePropertyName("attributes");
            value.Attributes.Json.WriteTo(writer, options);
        }

        writer.WriteOptional("metadata", value.Metadata, options);
        writer.WriteOptional("tags", value.Tags);
        writer.WriteOptional("input", value.Input, options);
        writer.WriteOptional("output", value.Output, options);
        if (value.ErrorInfo is not null)
        {
            writer.WritePropertyName("errorInfo");
            SpanErrorInfoConverter.Instance.Write(writer, value.ErrorInfo, options);
        }

        writer.WriteBoolean("isEvent", value.IsEvent);
        writer.WriteBoolean("isRootSpan", value.IsRootSpan);
        writer.WriteOptional("requestContext", value.RequestContext, options);
        writer.WriteOptional("externalParentSpanId", value.ExternalParentSpanId);
        if (value.IsInternal is not null)
        {
            writer.WriteBoolean("isInternal", value.IsInternal.Value);
        }

        writer.WriteAdditional(value.AdditionalProperties, options);
        writer.WriteEndObject();
    }
}
