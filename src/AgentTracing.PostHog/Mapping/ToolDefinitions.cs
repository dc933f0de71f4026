using System;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary><c>$ai_tools</c> from a generation's tool definitions.</summary>
internal static class ToolDefinitions
{
    private const string Key = "$ai_tools";

    /// <summary>Whether <paramref name="tools"/> is a non-empty array.</summary>
    public static bool IsPresent(JsonNode? tools) => tools is JsonArray { Count: > 0 };

    /// <summary>
    /// Writes <c>$ai_tools</c>: function tools become <c>{"type":"function","function":{name, description, parameters}}</c>
    /// (the members the definition has), provider tools are kept whole. Each value is converted on its own.
    /// </summary>
    public static void Write(EventProperties properties, JsonArray tools)
    {
        var start = properties.BeginParts();
        properties.WritePart("["u8);
        for (var i = 0; i < tools.Count; i++)
        {
            if (i > 0)
            {
                properties.WritePart(","u8);
            }

            var tool = tools[i];
            if (tool is JsonObject definition && JsonTruthiness.AsString(definition["type"]) == "function")
            {
                properties.WritePart("{\"type\":\"function\",\"function\":{"u8);
                var first = true;
                WriteMember(properties, definition, "name", "\"name\":"u8, ref first);
                WriteMember(properties, definition, "description", "\"description\":"u8, ref first);
                WriteMember(properties, definition, "parameters", "\"parameters\":"u8, ref first);
                properties.WritePart("}}"u8);
            }
            else
            {
                properties.WritePart(Key, tool);
            }
        }

        properties.WritePart("]"u8);
        properties.EndParts(Key, start);
    }

    private static void WriteMember(EventProperties properties, JsonObject from, string name, ReadOnlySpan<byte> member, ref bool first)
    {
        if (!from.TryGetPropertyValue(name, out var value))
        {
            return;
        }

        if (!first)
        {
            properties.WritePart(","u8);
        }

        first = false;
        properties.WritePart(member);
        properties.WritePart(Key, value);
    }
}
