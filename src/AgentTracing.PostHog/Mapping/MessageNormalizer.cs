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

    /// <summary>
    /// Normalises a value that <see cref="ValueConverter"/> produced for the event being built. That tree belongs to the
    /// event, so message arrays are reshaped in place and taken over rather than copied.
    /// </summary>
    public static JsonArray Normalize(JsonNode? value, string defaultRole)
    {
        if (value is JsonObject obj && obj["messages"] is JsonArray messages && IsMessageArray(messages))
        {
            obj.Remove("messages");
            return NormalizeMessages(messages);
        }

        if (value is JsonArray array && IsMessageArray(array))
        {
            return NormalizeMessages(array);
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

    private static JsonArray NormalizeMessages(JsonArray messages)
    {
        foreach (var item in messages)
        {
            var message = (JsonObject)item!;
            if (JsonTruthiness.AsString(message["content"]) is { } text)
            {
                message["content"] = TextParts(text);
            }
        }

        return messages;
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
                if (Take(call, "toolCallId", out var id))
                {
                    part["id"] = id;
                }

                var function = new JsonObject();
                if (Take(call, "toolName", out var name))
                {
                    function["name"] = name;
                }

                if (Take(call, "args", out var args))
                {
                    function["arguments"] = args;
                }

                part["function"] = function;
            }

            parts.Add((JsonNode)part);
        }

        return new JsonArray(new JsonObject { ["role"] = "assistant", ["content"] = parts });
    }

    /// <summary>Detaches a member from its (owned) object so it can move into the normalised message.</summary>
    private static bool Take(JsonObject from, string key, out JsonNode? value) =>
        from.TryGetPropertyValue(key, out value) && from.Remove(key);

    // Not collection expressions: they compile to JsonArray.Add<T>, which is annotated as unsafe for trimming and AOT
    // (ILLink and ILC report it; the Roslyn analyzers do not see it). The JsonArray(params JsonNode[]) constructor is safe.
    private static JsonArray SingleText(string role, string text) =>
        new(new JsonObject { ["role"] = role, ["content"] = TextParts(text) });

    private static JsonArray TextParts(string text) => new(TextPart(text));

    private static JsonObject TextPart(string text) => new() { ["type"] = "text", ["text"] = text };
}
