using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary><c>$ai_tools</c> from a generation's tool definitions.</summary>
internal static class ToolDefinitions
{
    /// <summary>Whether <paramref name="tools"/> is a non-empty array.</summary>
    public static bool IsPresent(JsonNode? tools) => tools is JsonArray { Count: > 0 };

    /// <summary>Function tools become <c>{"type":"function","function":{name, description, parameters}}</c>; provider tools are kept whole.</summary>
    public static JsonArray Shape(JsonArray tools, EventProperties properties)
    {
        var result = new JsonArray();
        foreach (var tool in tools)
        {
            if (tool is JsonObject definition && JsonTruthiness.AsString(definition["type"]) == "function")
            {
                var function = new JsonObject();
                Copy(definition, function, "name", properties);
                Copy(definition, function, "description", properties);
                Copy(definition, function, "parameters", properties);
                result.Add((JsonNode)new JsonObject { ["type"] = "function", ["function"] = function });
            }
            else
            {
                result.Add(properties.Convert("$ai_tools", tool));
            }
        }

        return result;
    }

    private static void Copy(JsonObject from, JsonObject to, string key, EventProperties properties)
    {
        if (from.TryGetPropertyValue(key, out var value))
        {
            to[key] = properties.Convert("$ai_tools", value);
        }
    }
}
