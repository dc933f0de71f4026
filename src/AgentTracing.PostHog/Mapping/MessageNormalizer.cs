using System;
using AgentTracing.PostHog.Client.Internal;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>Turns a generation's input or output into PostHog's message array form: <c>[{role, content: [parts]}]</c>.</summary>
internal static class MessageNormalizer
{
    /// <summary>
    /// Writes the normalised form of a producer's value straight to <paramref name="writer"/>: a string, a message
    /// array, an object holding one (<c>messages</c>), an output with <c>text</c>, an output with tool calls (one
    /// assistant message: its text, then a <c>tool-call</c> part per call). Every member the result leaves out is still
    /// converted (and discarded), so the bad input it holds is reported, and a value that cannot be converted throws.
    /// A value whose converted form could have another shape (a CLR value other than a string, a node holding one) is
    /// not written: the method returns <see langword="false"/>, having written nothing that counts, and the caller
    /// converts the value and calls it again with <paramref name="converted"/> set. A converted value always has a
    /// form: any other shape becomes one text message holding its compact JSON.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, object? value, string defaultRole, bool converted, ref InputIssues issues)
    {
        writer.WriteStartArray();
        if (!TryWriteItems(writer, buffer, converter, value, defaultRole, ref issues))
        {
            // A message array that stopped part way (a content to convert first) is never converted yet, and holds
            // messages: it reaches the default case, and the caller takes back what was written.
            switch (value)
            {
                case JsonValue text when TextOf(text, ref issues) is { } s:
                    WriteTextMessage(writer, defaultRole, ValueConverter.Text(s, ref issues));
                    break;
                case JsonObject output when output["toolCalls"] is JsonArray { Count: > 0 } calls
                    && (converted || (!output.ContainsKey("messages") && IsKnownShape(output["text"]) && AreKnownShapes(calls))):
                    WriteToolCallMessage(writer, buffer, converter, output, calls, ref issues);
                    break;
                case JsonObject output when converted && output["text"] is JsonValue textValue && TextOf(textValue, ref issues) is { } outputText:
                    // An output with text beside a member named messages that holds no message array.
                    ValidateOthers(writer, buffer, converter, output, "text", ref issues);
                    WriteTextMessage(writer, defaultRole, ValueConverter.Text(outputText, ref issues));
                    break;
                case JsonNode or null when converted:
                    WriteTextMessage(writer, defaultRole, StringLimits.Truncate(CompactText(writer, buffer, converter, value, ref issues)));
                    break;
                default:
                    return false;
            }
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
        if (JsonValueTypes.TryGetString(value, out var text))
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
    private static bool IsPlainScalar(JsonValue value)
    {
        var type = value.GetType();
        if (type == JsonValueTypes.String)
        {
            return false;
        }

        if (type == JsonValueTypes.Int32 || type == JsonValueTypes.Int64 || type == JsonValueTypes.Boolean)
        {
            return true;
        }

        return value.TryGetValue(out JsonElement element)
            ? element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            : value.TryGetValue(out bool _) || value.TryGetValue(out int _) || value.TryGetValue(out long _) || value.TryGetValue(out decimal _);
    }

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
        WriteTextPart(writer, text);
        writer.WriteEndArray();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
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

    /// <summary>
    /// One assistant message: the output's text (when a non-empty string), then per call
    /// <c>{"type":"tool-call","id":…,"function":{"name":…,"arguments":…}}</c> with the members the call has.
    /// </summary>
    private static void WriteToolCallMessage(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, JsonObject output, JsonArray calls, ref InputIssues issues)
    {
        var text = output["text"] is JsonValue textValue ? TextOf(textValue, ref issues) : null;

        // What the message leaves out is converted first, in one place: taking it back resets the writer.
        Discard(writer, buffer, converter, output, calls, textLeftOut: string.IsNullOrEmpty(text), ref issues);

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (!string.IsNullOrEmpty(text))
        {
            WriteTextPart(writer, ValueConverter.Text(text!, ref issues));
        }

        for (var i = 0; i < calls.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool-call");
            if (calls[i] is JsonObject call)
            {
                if (call.TryGetPropertyValue("toolCallId", out var id))
                {
                    writer.WritePropertyName("id");
                    converter.Write(writer, id, depth: 3, ref issues);
                }

                writer.WriteStartObject("function");
                if (call.TryGetPropertyValue("toolName", out var name))
                {
                    writer.WritePropertyName("name");
                    converter.Write(writer, name, depth: 3, ref issues);
                }

                if (call.TryGetPropertyValue("args", out var args))
                {
                    writer.WritePropertyName("arguments");
                    converter.Write(writer, args, depth: 3, ref issues);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Converts and takes back the members of a tool-call output that its message leaves out.</summary>
    private static void Discard(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, JsonObject output, JsonArray calls, bool textLeftOut, ref InputIssues issues)
    {
        writer.Flush();
        var mark = buffer.WrittenCount;
        writer.WriteStartArray();
        foreach (var pair in new JsonObjectMembers(output))
        {
            if (pair.Key != "toolCalls" && (textLeftOut || pair.Key != "text"))
            {
                converter.Write(writer, pair.Value, depth: 1, ref issues);
            }
        }

        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i] is not JsonObject call)
            {
                converter.Write(writer, calls[i], depth: 2, ref issues);
                continue;
            }

            foreach (var pair in new JsonObjectMembers(call))
            {
                if (pair.Key is not ("toolCallId" or "toolName" or "args"))
                {
                    converter.Write(writer, pair.Value, depth: 3, ref issues);
                }
            }
        }

        writer.WriteEndArray();
        writer.Reset();
        buffer.Truncate(mark);
    }

    /// <summary>The compact JSON of a converted value, written by the converter and taken back.</summary>
    private static string CompactText(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, object? value, ref InputIssues issues)
    {
        writer.Flush();
        var mark = buffer.WrittenCount;
        converter.Write(writer, value, depth: 0, ref issues);
        writer.Flush();
        var text = System.Text.Encoding.UTF8.GetString(buffer.Slice(mark, buffer.WrittenCount - mark).ToArray());
        writer.Reset();
        buffer.Truncate(mark);
        return text;
    }

    /// <summary>A member whose converted form is known without converting it: absent, null, a tree, a string, a number or a boolean.</summary>
    private static bool IsKnownShape(JsonNode? node) =>
        node is null or JsonObject or JsonArray || (node is JsonValue value && (JsonValueTypes.TryGetCreatedString(value, out _) || IsPlainScalar(value) || value.GetValueKind() == JsonValueKind.String && (value.TryGetValue(out string? _) || value.TryGetValue(out JsonElement _))));

    private static bool AreKnownShapes(JsonArray calls)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            if (!IsKnownShape(calls[i]))
            {
                return false;
            }
        }

        return true;
    }
}
