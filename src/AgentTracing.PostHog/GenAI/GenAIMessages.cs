using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Converts message content as the .NET AI libraries record it into the <c>{role, content}</c> messages the exporter
/// normalises: the OpenTelemetry "parts" format (MEAI, MAF), Semantic Kernel's own message format, and Semantic
/// Kernel's message events.
/// </summary>
internal static class GenAIMessages
{
    /// <summary>
    /// A JSON message array from a tag (parts or Semantic Kernel format); on input, the system instructions go first.
    /// A tool result gets the name of the tool call with its id in the same conversation: PostHog shows a tool result
    /// without a name as raw JSON.
    /// </summary>
    public static JsonArray? FromTag(JsonNode? messages, JsonNode? systemInstructions)
    {
        JsonArray? result = null;
        if (systemInstructions is not null && InstructionsText(systemInstructions) is { } instructions)
        {
            result = new JsonArray(SystemMessage(instructions));
        }

        if (messages is JsonArray array)
        {
            result ??= [];
            var toolNames = ToolCallNames(array);
            foreach (var message in array)
            {
                result.Add(ConvertMessage(message, toolNames));
            }
        }
        else if (messages is not null)
        {
            result ??= [];
            result.Add(ConvertMessage(messages, null));
        }

        return result;
    }

    /// <summary>The <c>content</c> of the text parts of <c>gen_ai.system_instructions</c>, joined with a new line.</summary>
    public static string? InstructionsText(JsonNode? instructions)
    {
        switch (instructions)
        {
            case JsonValue value when JsonValueTypes.TryGetString(value, out var text):
                return text.Length == 0 ? null : text;
            case JsonArray parts:
                var builder = new StringBuilder();
                foreach (var part in parts)
                {
                    if (part is JsonObject o && (string?)Str(o, "type") is "text" && Str(o, "content") is { } content)
                    {
                        if (builder.Length > 0)
                        {
                            builder.Append('\n');
                        }

                        builder.Append(content);
                    }
                }

                return builder.Length == 0 ? null : builder.ToString();
            default:
                return null;
        }
    }

    /// <summary>One message: parts format, Semantic Kernel format, or unchanged.</summary>
    /// <param name="message">The message as recorded.</param>
    /// <param name="toolNames">Tool call id to tool name, for the tool results; <see langword="null"/> when there are none.</param>
    public static JsonNode? ConvertMessage(JsonNode? message, Dictionary<string, string>? toolNames)
    {
        if (message is not JsonObject o)
        {
            return message?.DeepClone();
        }

        if (o["parts"] is JsonArray parts && o.ContainsKey("role"))
        {
            var converted = new JsonObject { ["role"] = o["role"]?.DeepClone() };
            var content = new JsonArray();
            foreach (var part in parts)
            {
                content.Add(ConvertPart(part, toolNames));
            }

            converted["content"] = content;
            if (o["name"] is JsonNode name && name.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            {
                converted["name"] = name.DeepClone();
            }

            return converted;
        }

        if (o.ContainsKey("role") && (o.ContainsKey("tool_calls") || o["content"] is null or JsonValue))
        {
            return FromSkMessage(o, null, null);
        }

        return o.DeepClone();
    }

    /// <summary>A Semantic Kernel message <c>{role, name, content, tool_calls}</c> as <c>{role, content: parts}</c>.</summary>
    public static JsonObject FromSkMessage(JsonObject message, string? defaultRole, JsonArray? fallbackToolCalls)
    {
        var role = Str(message, "role") ?? defaultRole ?? "assistant";
        role = role.ToLowerInvariant();
        if (role == "developer")
        {
            role = "system";
        }

        var parts = new JsonArray();
        if (Str(message, "content") is { Length: > 0 } text)
        {
            parts.Add((JsonNode)TextPart(text));
        }
        else if (message["content"] is JsonArray contentParts)
        {
            foreach (var part in contentParts)
            {
                parts.Add(part?.DeepClone());
            }
        }

        var toolCalls = message["tool_calls"] as JsonArray;
        if ((toolCalls is null || toolCalls.Count == 0) && fallbackToolCalls is not null)
        {
            toolCalls = fallbackToolCalls;
        }

        if (toolCalls is not null)
        {
            foreach (var call in toolCalls)
            {
                if (call is not JsonObject c)
                {
                    continue;
                }

                var function = c["function"] as JsonObject;
                parts.Add((JsonNode)new JsonObject
                {
                    ["type"] = "tool-call",
                    ["id"] = c["id"]?.DeepClone(),
                    ["function"] = new JsonObject
                    {
                        ["name"] = function?["name"]?.DeepClone(),
                        ["arguments"] = function?["arguments"]?.DeepClone(),
                    },
                });
            }
        }

        return new JsonObject { ["role"] = role, ["content"] = parts };
    }

    /// <summary>The input and output messages of a Semantic Kernel chat span, from its activity events (its connectors record content that way).</summary>
    public static (JsonArray? Input, JsonArray? Output) FromSkEvents(Activity activity)
    {
        JsonArray? input = null;
        JsonArray? output = null;
        foreach (var e in activity.Events)
        {
            var role = e.Name switch
            {
                "gen_ai.system.message" => "system",
                "gen_ai.user.message" => "user",
                "gen_ai.assistant.message" => "assistant",
                "gen_ai.tool.message" => "tool",
                "gen_ai.tool.developer" or "gen_ai.developer.message" => "system",
                "gen_ai.choice" => "assistant",
                _ => null,
            };

            if (role is not null)
            {
                var raw = EventTag(e, GenAITags.EventContent);
                var parsed = GenAIValues.ParseJson(raw) as JsonObject;
                JsonNode message;
                if (e.Name == "gen_ai.choice")
                {
                    message = parsed is not null
                        ? FromSkMessage(parsed["message"] as JsonObject ?? [], role, parsed["tool_calls"] as JsonArray)
                        : RawMessage(role, raw);
                    (output ??= []).Add(message);
                }
                else
                {
                    message = parsed is not null ? FromSkMessage(parsed, role, null) : RawMessage(role, raw);
                    (input ??= []).Add(message);
                }
            }
            else if (e.Name == "gen_ai.content.prompt" && EventTag(e, GenAITags.PromptOld) is { } prompt)
            {
                (input ??= []).Add((JsonNode)RawMessage("user", prompt));
            }
            else if (e.Name == "gen_ai.content.completion" && EventTag(e, GenAITags.CompletionOld) is { } completion)
            {
                (output ??= []).Add((JsonNode)RawMessage("assistant", completion));
            }
        }

        return (input, output);
    }

    /// <summary>The <c>name</c> of each tool definition (<c>gen_ai.tool.definitions</c>).</summary>
    public static List<string>? ToolNames(JsonNode? definitions)
    {
        if (definitions is not JsonArray array)
        {
            return null;
        }

        var names = new List<string>(array.Count);
        foreach (var definition in array)
        {
            if (definition is JsonObject o && (Str(o, "name") ?? Str(o["function"] as JsonObject, "name")) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// The name of every tool call in the conversation, by call id (parts format and Semantic Kernel format). The first
    /// call of an id wins; ids that are not strings are skipped. <see langword="null"/> when there is no tool call.
    /// </summary>
    private static Dictionary<string, string>? ToolCallNames(JsonArray messages)
    {
        Dictionary<string, string>? names = null;
        foreach (var message in messages)
        {
            if (message is not JsonObject o)
            {
                continue;
            }

            if (o["parts"] is JsonArray parts)
            {
                foreach (var part in parts)
                {
                    if (part is JsonObject p && Str(p, "type") == "tool_call" && Str(p, "id") is { Length: > 0 } id && Str(p, "name") is { Length: > 0 } name)
                    {
                        AddFirst(ref names, id, name);
                    }
                }
            }

            if (o["tool_calls"] is JsonArray calls)
            {
                foreach (var call in calls)
                {
                    if (call is JsonObject c && Str(c, "id") is { Length: > 0 } id && Str(c["function"] as JsonObject, "name") is { Length: > 0 } name)
                    {
                        AddFirst(ref names, id, name);
                    }
                }
            }
        }

        return names;
    }

    private static void AddFirst(ref Dictionary<string, string>? names, string id, string name)
    {
        names ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (!names.ContainsKey(id))
        {
            names[id] = name;
        }
    }

    private static JsonNode? ConvertPart(JsonNode? part, Dictionary<string, string>? toolNames)
    {
        if (part is not JsonObject p)
        {
            return part?.DeepClone();
        }

        switch (Str(p, "type"))
        {
            case "text":
                return TextPart(Str(p, "content") ?? "");
            case "reasoning":
                return new JsonObject { ["type"] = "reasoning", ["text"] = Str(p, "content") ?? "" };
            case "tool_call":
                return new JsonObject
                {
                    ["type"] = "tool-call",
                    ["id"] = p["id"]?.DeepClone(),
                    ["function"] = new JsonObject { ["name"] = p["name"]?.DeepClone(), ["arguments"] = p["arguments"]?.DeepClone() },
                };
            case "tool_call_response":
                var result = new JsonObject { ["type"] = "tool-result", ["toolCallId"] = p["id"]?.DeepClone() };
                if (toolNames is not null && Str(p, "id") is { } callId && toolNames.TryGetValue(callId, out var toolName))
                {
                    result["toolName"] = toolName;
                }

                result["output"] = p["response"]?.DeepClone();
                return result;
            case "blob":
                // Inline media can be megabytes: never sent.
                return TextPart($"[base64 {Str(p, "mime_type") ?? "data"} redacted]");
            default:
                return p.DeepClone();
        }
    }

    private static JsonObject SystemMessage(string text) => new() { ["role"] = "system", ["content"] = new JsonArray(TextPart(text)) };

    private static JsonObject RawMessage(string role, string? raw) => new() { ["role"] = role, ["content"] = new JsonArray(TextPart(raw ?? "")) };

    private static JsonObject TextPart(string text) => new() { ["type"] = "text", ["text"] = text };

    private static string? EventTag(ActivityEvent e, string key)
    {
        foreach (var tag in e.Tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return GenAIValues.AsString(tag.Value);
            }
        }

        return null;
    }

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && JsonValueTypes.TryGetString(v, out var s) ? s : null;
}
