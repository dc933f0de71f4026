using System;
using AgentTracing.PostHog.Client.Internal;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>Turns a generation's input or output into PostHog's message array form: <c>[{role, content: [parts]}]</c>.</summary>
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

    /// <summary>
    /// Writes the normalised form of a producer's value straight to <paramref name="writer"/>, without building a tree,
    /// for the common shapes: a string, a message array, an object holding one (<c>messages</c>), or an output with
    /// <c>text</c> and no tool calls. Returns <see langword="false"/>, having written nothing that counts, for any other
    /// shape: the caller then converts the value and calls <see cref="Normalize"/>. Every member the result leaves out
    /// is still converted (and discarded), so the bad input it holds is reported, and a value that cannot be
    /// converted throws as it would there.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, object? value, string defaultRole, ref InputIssues issues)
    {
        writer.WriteStartArray();
        if (!TryWriteItems(writer, buffer, converter, value, defaultRole, ref issues))
        {
            return false;
        }

        writer.WriteEndArray();
        return true;
    }

    /// <summary>
    /// Writes the messages of <see cref="TryWrite"/> without the enclosing array, so that more messages can follow
    /// them (a call's conversation continues its generation's input).
    /// </summary>
    public static bool TryWriteItems(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, object? value, string defaultRole, ref InputIssues issues)
    {
        switch (value)
        {
            case string text:
                WriteTextMessage(writer, defaultRole, ValueConverter.Text(text, ref issues));
                return true;
            case JsonArray array when IsMessageArray(array):
                return TryWriteMessages(writer, converter, array, depth: 0, ref issues);
            case JsonObject obj when obj["messages"] is JsonArray messages && IsMessageArray(messages):
                ValidateOthers(writer, buffer, converter, obj, "messages", ref issues);
                return TryWriteMessages(writer, converter, messages, depth: 1, ref issues);
            case JsonObject output when !output.ContainsKey("messages") && HasNoToolCalls(output)
                && output["text"] is JsonValue textValue && TextOf(textValue, ref issues) is { } outputText:
                ValidateOthers(writer, buffer, converter, output, "text", ref issues);
                WriteTextMessage(writer, defaultRole, ValueConverter.Text(outputText, ref issues));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a value is a message array (or an object holding one) whose contents are all plain strings: the shape of a step's preview input.</summary>
    public static bool IsPlainTextMessages(object? value)
    {
        var messages = value switch
        {
            JsonArray array => array,
            JsonObject obj => obj["messages"] as JsonArray,
            _ => null,
        };
        if (messages is null || !IsMessageArray(messages))
        {
            return false;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i]!["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One message whose content is one text part.</summary>
    public static void WriteTextMessage(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WritePropertyName("content");
        WriteTextParts(writer, text);
        writer.WriteEndObject();
    }

    /// <summary>Converts every member but <paramref name="kept"/> and takes the output back: only its issues (or its exception) remain.</summary>
    private static void ValidateOthers(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, JsonObject obj, string kept, ref InputIssues issues)
    {
        if (obj.Count == 1)
        {
            return;
        }

        writer.Flush();
        var mark = buffer.WrittenCount;
        writer.WriteStartArray();
        foreach (var pair in new JsonObjectMembers(obj))
        {
            if (!string.Equals(pair.Key, kept, StringComparison.Ordinal))
            {
                converter.Write(writer, pair.Value, depth: 1, ref issues);
            }
        }

        writer.WriteEndArray();
        writer.Reset();
        buffer.Truncate(mark);
    }

    /// <summary>An empty or absent <c>toolCalls</c> array (a value that may convert to an array is not known here).</summary>
    private static bool HasNoToolCalls(JsonObject output) =>
        !output.TryGetPropertyValue("toolCalls", out var toolCalls) || toolCalls is null || toolCalls is JsonArray { Count: 0 } || toolCalls is JsonObject;

    /// <summary>The text of a string value, or <see langword="null"/> for any other value.</summary>
    private static string? TextOf(JsonValue value, ref InputIssues issues)
    {
        if (value.TryGetValue(out string? text))
        {
            return text;
        }

        if (!value.TryGetValue(out JsonElement element) || element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        text = JsonStrings.Read(element, out var repaired);
        if (repaired)
        {
            issues |= InputIssues.LoneSurrogate;
        }

        return text;
    }

    /// <summary>A number or boolean that converts to itself (never to a placeholder string).</summary>
    private static bool IsPlainScalar(JsonValue value) =>
        value.TryGetValue(out JsonElement element)
            ? element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            : value.TryGetValue(out bool _) || value.TryGetValue(out int _) || value.TryGetValue(out long _) || value.TryGetValue(out decimal _);

    private static bool TryWriteMessages(Utf8JsonWriter writer, ValueConverter converter, JsonArray messages, int depth, ref InputIssues issues)
    {

        // By index: a foreach over a JsonArray boxes its enumerator.
        for (var i = 0; i < messages.Count; i++)
        {
            writer.WriteStartObject();
            foreach (var pair in new JsonObjectMembers((JsonObject)messages[i]!))
            {
                writer.WritePropertyName(pair.Key);
                if (pair.Key != "content" || pair.Value is null or JsonObject or JsonArray)
                {
                    converter.Write(writer, pair.Value, depth + 2, ref issues);
                }
                else if (TextOf((JsonValue)pair.Value, ref issues) is { } text)
                {
                    WriteTextParts(writer, ValueConverter.Text(text, ref issues));
                }
                else if (IsPlainScalar((JsonValue)pair.Value))
                {
                    converter.Write(writer, pair.Value, depth + 2, ref issues);
                }
                else
                {
                    // A CLR value that may convert to a string: the tree path decides.
                    return false;
                }
            }

            writer.WriteEndObject();
        }

        return true;
    }

    private static void WriteTextParts(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static bool IsMessageArray(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject message || !message.ContainsKey("role") || !message.ContainsKey("content"))
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
