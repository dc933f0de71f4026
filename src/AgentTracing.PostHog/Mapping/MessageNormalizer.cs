using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>§14.2: turns a generation's input or output into PostHog's message array form.</summary>
internal static class MessageNormalizer
{
    /// <summary>
    /// Renders converted values as text. A converted value holds up to <see cref="ValueConverter.MaxDepth"/> + 1 nested
    /// containers (depths 0 to 64), one more than the writer's default limit of 64 allows.
    /// </summary>
    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = ValueConverter.MaxDepth + 1,
    };

    /// <summary>Normalises an already converted value; the result owns its nodes.</summary>
    public static JsonArray Normalize(JsonNode? value, string defaultRole)
    {
        if (value is JsonObject obj && obj["messages"] is JsonArray messages && IsMessageArray(messages))
        {
            return MapMessages(messages);
        }

        if (value is JsonArray array && IsMessageArray(array))
        {
            return MapMessages(array);
        }

        if (JsonTruthiness.AsString(value) is { } text)
        {
            return SingleText(defaultRole, text);
        }

        if (value is JsonObject output)
        {
            if (output["toolCalls"] is JsonArray { Count: > 0 } toolCalls)
            {
                return ToolCallMessage(output, toolCalls);
            }

            if (JsonTruthiness.AsString(output["text"]) is { } outputText)
            {
                return SingleText(defaultRole, outputText);
            }
        }

        return SingleText(defaultRole, StringLimits.Truncate(value?.ToJsonString(CompactOptions) ?? "null"));
    }

    private static bool IsMessageArray(JsonArray array)
    {
        foreach (var item in array)
        {
            if (item is not JsonObject message || !message.ContainsKey("role") || !message.ContainsKey("content"))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonArray MapMessages(JsonArray messages)
    {
        var result = new JsonArray();
        foreach (var item in messages)
        {
            var message = (JsonObject)item!;
            var copy = new JsonObject();
            foreach (var pair in message)
            {
                var value = pair.Value?.DeepClone();
                if (pair.Key == "content" && JsonTruthiness.AsString(value) is { } text)
                {
                    value = TextParts(text);
                }

                copy[pair.Key] = value;
            }

            result.Add((JsonNode)copy);
        }

        return result;
    }

    private static JsonArray ToolCallMessage(JsonObject output, JsonArray toolCalls)
    {
        var parts = new JsonArray();
        if (JsonTruthiness.AsNonEmptyString(output["text"]) is { } text)
        {
            parts.Add((JsonNode)TextPart(text));
        }

        foreach (var item in toolCalls)
        {
            var part = new JsonObject { ["type"] = "tool-call" };
            if (item is JsonObject call)
            {
                if (call.TryGetPropertyValue("toolCallId", out var id))
                {
                    part["id"] = id?.DeepClone();
                }

                var function = new JsonObject();
                if (call.TryGetPropertyValue("toolName", out var name))
                {
                    function["name"] = name?.DeepClone();
                }

                if (call.TryGetPropertyValue("args", out var args))
                {
                    function["arguments"] = args?.DeepClone();
                }

                part["function"] = function;
            }

            parts.Add((JsonNode)part);
        }

        return [new JsonObject { ["role"] = "assistant", ["content"] = parts }];
    }

    private static JsonArray SingleText(string role, string text) =>
        [new JsonObject { ["role"] = role, ["content"] = TextParts(text) }];

    private static JsonArray TextParts(string text) => [TextPart(text)];

    private static JsonObject TextPart(string text) => new() { ["type"] = "text", ["text"] = text };
}
