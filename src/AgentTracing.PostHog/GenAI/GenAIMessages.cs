using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Converts message content as the .NET AI libraries record it into the <c>{role, content}</c> messages the exporter
/// normalises (genai-activity-bridge.md §7): the OpenTelemetry "parts" format (MEAI, MAF), Semantic Kernel's own
/// message format, and Semantic Kernel's message events.
/// </summary>
internal static class GenAIMessages
{
    /// <summary>§7.1 / §7.2: a JSON message array from a tag; on input, the system instructions go first.</summary>
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
            foreach (var message in array)
            {
                result.Add(ConvertMessage(message));
            }
        }
        else if (messages is not null)
        {
            result ??= [];
            result.Add(ConvertMessage(messages));
        }

        return result;
    }

    /// <summary>The <c>content</c> of the text parts of <c>gen_ai.system_instructions</c>, joined with a new line.</summary>
    public static string? InstructionsText(JsonNode? instructions)
    {
        switch (instructions)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
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

    /// <summary>One message: parts format (§7.1), SK format (§7.2), or unchanged.</summary>
    public static JsonNode? ConvertMessage(JsonNode? message)
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
                content.Add(ConvertPart(part));
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

    /// <summary>§7.2: an SK message <c>{role, name, content, tool_calls}</c> as <c>{role, content: parts}</c>.</summary>
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

    /// <summary>§7.3: the input and output messages of an SK chat span, from its activity events.</summary>
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

    private static JsonNode? ConvertPart(JsonNode? part)
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
                return new JsonObject { ["type"] = "tool-result", ["toolCallId"] = p["id"]?.DeepClone(), ["output"] = p["response"]?.DeepClone() };
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
        o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
