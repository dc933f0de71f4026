using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Converts a message list in the OpenTelemetry "parts" format (what Microsoft.Extensions.AI and the Agent Framework
/// write into <c>gen_ai.input.messages</c> and <c>gen_ai.output.messages</c>) straight from its JSON into the
/// <c>{role, content}</c> messages the exporter normalises. Each member is read once into the node it ends up as: no
/// tree of the recorded shape is built first and then copied, which used to allocate as much again as the result.
/// A message in another shape (Semantic Kernel's, or unknown) is read whole and converted or kept as it is.
/// </summary>
internal static class GenAIMessageReader
{
    private enum Member
    {
        Other,
        Role,
        Name,
        Parts,
        ToolCalls,
        Content,
        Type,
        Id,
        Arguments,
        Response,
        MimeType,
    }

    private const int MemberCount = (int)Member.MimeType + 1;

    /// <summary>
    /// Reads the messages at the reader's position (an array of messages, or one message object) into
    /// <paramref name="result"/>. A tool result gets the name of the call with its id in the same array: PostHog shows
    /// a tool result without a name as raw JSON. The first call of an id wins; ids that are not strings are skipped.
    /// </summary>
    public static void Read(ref Utf8JsonReader reader, JsonArray result)
    {
        var state = new State();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                result.Add(ReadMessage(ref reader, ref state));
            }
        }
        else
        {
            result.Add(ReadMessage(ref reader, ref state));

            // One message on its own names none of its tool results.
            state.ToolNames = null;
        }

        // A result's name may come from a call later in the list, so results are built last.
        if (state.Results is { } results)
        {
            foreach (var pending in results)
            {
                pending.Content[pending.Index] = ToolResult(pending, state.ToolNames);
            }
        }
    }

    private static JsonNode? ReadMessage(ref Utf8JsonReader reader, ref State state)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonNodeReader.Read(ref reader);
        }

        var start = reader;
        var seen = 0;
        var duplicate = false;
        JsonNode? role = null;
        JsonNode? name = null;
        JsonArray? content = null;
        JsonNode? toolCalls = null;
        var contentIsValue = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            duplicate |= Seen(ref seen, member);
            reader.Read();
            switch (member)
            {
                case Member.Role:
                    role = JsonNodeReader.Read(ref reader);
                    break;
                case Member.Name:
                    name = JsonNodeReader.Read(ref reader);
                    break;
                case Member.Parts when reader.TokenType == JsonTokenType.StartArray:
                    content = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        content.Add(ReadPart(ref reader, content, ref state));
                    }

                    break;
                case Member.ToolCalls:
                    toolCalls = JsonNodeReader.Read(ref reader);
                    break;
                case Member.Content:
                    contentIsValue = reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray);
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        AddToolCallNames(toolCalls as JsonArray, ref state);
        var hasRole = Has(seen, Member.Role);
        if (!duplicate && content is not null && hasRole)
        {
            var message = new JsonObject { ["role"] = role, ["content"] = content };
            if (name is not null)
            {
                message["name"] = name;
            }

            return message;
        }

        // Not the parts format: read whole, then converted as a Semantic Kernel message or kept as recorded.
        var whole = start;
        var node = JsonNodeReader.Read(ref whole);
        return !duplicate && hasRole && node is JsonObject o && (Has(seen, Member.ToolCalls) || contentIsValue)
            ? GenAIMessages.FromSkMessage(o, null, null)
            : node;
    }

    private static JsonNode? ReadPart(ref Utf8JsonReader reader, JsonArray content, ref State state)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonNodeReader.Read(ref reader);
        }

        var start = reader;
        var seen = 0;
        var duplicate = false;

        // The part's members by Member, in an array each list reuses for all its parts.
        var values = state.PartValues ??= new JsonNode?[MemberCount];
        Array.Clear(values, 0, values.Length);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            duplicate |= Seen(ref seen, member);
            reader.Read();
            if (member == Member.Other)
            {
                reader.Skip();
            }
            else
            {
                values[(int)member] = JsonNodeReader.Read(ref reader);
            }
        }

        var (type, text, id, name) = (values[(int)Member.Type], values[(int)Member.Content], values[(int)Member.Id], values[(int)Member.Name]);
        var kind = duplicate ? null : GenAIMessages.Str(type);
        if (kind == "tool_call" && GenAIMessages.Str(id) is { Length: > 0 } callId && GenAIMessages.Str(name) is { Length: > 0 } toolName)
        {
            AddFirst(ref state.ToolNames, callId, toolName);
        }

        switch (kind)
        {
            case "text":
                return GenAIMessages.TextPart(GenAIMessages.Str(text) ?? "");
            case "reasoning":
                return new JsonObject { ["type"] = "reasoning", ["text"] = GenAIMessages.Str(text) ?? "" };
            case "tool_call":
                return new JsonObject
                {
                    ["type"] = "tool-call",
                    ["id"] = id,
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = values[(int)Member.Arguments] },
                };
            case "tool_call_response":
                // Built once every call's name is known; this slot of the content is filled then.
                (state.Results ??= []).Add(new PendingResult(content, content.Count, id, values[(int)Member.Response]));
                return null;
            case "blob":
                // Inline media can be megabytes: never sent.
                return GenAIMessages.TextPart($"[base64 {GenAIMessages.Str(values[(int)Member.MimeType]) ?? "data"} redacted]");
            default:
                var whole = start;
                return JsonNodeReader.Read(ref whole);
        }
    }

    private static JsonObject ToolResult(PendingResult pending, Dictionary<string, string>? toolNames)
    {
        var result = new JsonObject { ["type"] = "tool-result", ["toolCallId"] = pending.Id };
        if (toolNames is not null && GenAIMessages.Str(pending.Id) is { } callId && toolNames.TryGetValue(callId, out var toolName))
        {
            result["toolName"] = toolName;
        }

        result["output"] = pending.Response;
        return result;
    }

    /// <summary>The names of a Semantic Kernel message's <c>tool_calls</c>.</summary>
    private static void AddToolCallNames(JsonArray? calls, ref State state)
    {
        if (calls is null)
        {
            return;
        }

        foreach (var call in calls)
        {
            if (call is JsonObject c && GenAIMessages.Str(c["id"]) is { Length: > 0 } id && GenAIMessages.Str((c["function"] as JsonObject)?["name"]) is { Length: > 0 } name)
            {
                AddFirst(ref state.ToolNames, id, name);
            }
        }
    }

    private static void AddFirst(ref Dictionary<string, string>? names, string id, string name)
    {
        names ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (!names.ContainsKey(id))
        {
            names[id] = name;
        }
    }

    /// <summary>The member a property name is, of a message or of a part.</summary>
    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("role"u8) ? Member.Role
        : reader.ValueTextEquals("parts"u8) ? Member.Parts
        : reader.ValueTextEquals("type"u8) ? Member.Type
        : reader.ValueTextEquals("content"u8) ? Member.Content
        : reader.ValueTextEquals("id"u8) ? Member.Id
        : reader.ValueTextEquals("name"u8) ? Member.Name
        : reader.ValueTextEquals("arguments"u8) ? Member.Arguments
        : reader.ValueTextEquals("response"u8) ? Member.Response
        : reader.ValueTextEquals("mime_type"u8) ? Member.MimeType
        : reader.ValueTextEquals("tool_calls"u8) ? Member.ToolCalls
        : Member.Other;

    /// <summary>Marks a member read; <see langword="true"/> when it was read before (a duplicate key).</summary>
    private static bool Seen(ref int seen, Member member)
    {
        if (member == Member.Other)
        {
            return false;
        }

        var bit = 1 << (int)member;
        var again = (seen & bit) != 0;
        seen |= bit;
        return again;
    }

    private static bool Has(int seen, Member member) => (seen & (1 << (int)member)) != 0;

    private struct State
    {
        public Dictionary<string, string>? ToolNames;
        public List<PendingResult>? Results;
        public JsonNode?[]? PartValues;
    }

    private readonly record struct PendingResult(JsonArray Content, int Index, JsonNode? Id, JsonNode? Response);
}
