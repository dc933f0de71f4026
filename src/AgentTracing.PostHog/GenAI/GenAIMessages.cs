using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
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
    /// The messages of a tag's text (parts or Semantic Kernel format); on input, the system instructions go first. Text
    /// that is not JSON, or JSON <c>null</c>, is one message as it is.
    /// </summary>
    public static JsonArray FromTag(string text, JsonNode? systemInstructions)
    {
        if (GenAIValues.MayBeJson(text))
        {
            try
            {
                if (GenAIValues.ReadUtf8(text, systemInstructions, static (utf8, instructions) => FromJson(utf8, instructions)) is { } messages)
                {
                    return messages;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the text is the message.
            }
        }

        var result = WithInstructions(systemInstructions) ?? [];
        result.Add((JsonNode)text);
        return result;
    }

    /// <summary>The messages of a tag value that is not a string, as a JSON node; on input, the system instructions go first.</summary>
    public static JsonArray? FromTag(JsonNode? messages, JsonNode? systemInstructions)
    {
        if (messages is JsonArray or JsonObject)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                messages.WriteTo(writer);
            }

            return FromJson(new ReadOnlySpan<byte>(stream.GetBuffer(), 0, (int)stream.Length), systemInstructions);
        }

        var result = WithInstructions(systemInstructions);
        if (messages is not null)
        {
            (result ??= []).Add(messages.DeepClone());
        }

        return result;
    }

    /// <summary>
    /// The messages of UTF-8 JSON text after the system instructions; <see langword="null"/> when the text is JSON
    /// <c>null</c>. Throws <see cref="JsonException"/> when it is not JSON.
    /// </summary>
    private static JsonArray? FromJson(ReadOnlySpan<byte> json, JsonNode? systemInstructions)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var result = WithInstructions(systemInstructions) ?? [];
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            GenAIMessageReader.Read(ref reader, result);
        }
        else
        {
            result.Add(JsonNodeReader.Read(ref reader));
        }

        // Anything after the value but white space makes the reader throw.
        reader.Read();
        return result;
    }

    private static JsonArray? WithInstructions(JsonNode? systemInstructions) =>
        systemInstructions is not null && InstructionsText(systemInstructions) is { } instructions ? new JsonArray(SystemMessage(instructions)) : null;

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

    private static JsonObject SystemMessage(string text) => new() { ["role"] = "system", ["content"] = new JsonArray(TextPart(text)) };

    private static JsonObject RawMessage(string role, string? raw) => new() { ["role"] = role, ["content"] = new JsonArray(TextPart(raw ?? "")) };

    /// <summary>A text part of a converted message.</summary>
    public static JsonObject TextPart(string text) => new() { ["type"] = "text", ["text"] = text };

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

    /// <summary>The string a node holds; <see langword="null"/> for any other node.</summary>
    public static string? Str(JsonNode? node) => node is JsonValue v && JsonValueTypes.TryGetString(v, out var s) ? s : null;

    private static string? Str(JsonObject? o, string key) => Str(o?[key]);
}
