using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentTracing;

/// <summary>Small helpers for the model's hand-written writers: members whose value is <c>null</c> are not written.</summary>
internal static class JsonWriting
{
    public static void WriteOptional(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteOptional(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, TracingTime.ToText(value.Value));
        }
    }

    public static void WriteOptional(this Utf8JsonWriter writer, string name, object? value, JsonSerializerOptions options)
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            JsonValues.Write(writer, value, options);
        }
    }

    public static void WriteOptional(this Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static void WriteAdditional(this Utf8JsonWriter writer, IDictionary<string, object?>? values, JsonSerializerOptions options)
    {
        if (values is null)
        {
            return;
        }

        foreach (var pair in values)
        {
            writer.WritePropertyName(pair.Key);
            JsonValues.Write(writer, pair.Value, options);
        }
    }
}
