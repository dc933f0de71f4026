using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// The conversation one model call received, rebuilt from the trace: its generation's input messages, then for each
/// earlier call of the same generation its output as an assistant message (text, then <c>tool-call</c> parts) and one
/// <c>tool</c> message per tool result, in the order the tools started. Producers give a call only a preview of its
/// input (<c>"[tool: get_weather]"</c>), so without this PostHog would show placeholders instead of the tool calls
/// and results the model actually saw.
/// </summary>
internal readonly struct CallConversation(TraceState trace, SpanSnapshot generation, IReadOnlyList<SpanSnapshot> earlierCalls) : IMessageSource
{
    private const int PartDepth = 4;

    /// <summary>
    /// Writes the conversation as a message array; returns <see langword="false"/>, having written nothing that
    /// counts, when the generation's input is not a shape written straight to UTF-8 (the caller then sends the call's
    /// own input).
    /// </summary>
    public bool TryWrite(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, ref InputIssues issues)
    {
        writer.WriteStartArray();
        if (!TryWriteGenerationInput(writer, buffer, converter, ref issues))
        {
            return false;
        }

        List<(DateTimeOffset Start, string Id, string Name, SpanSnapshot Tool)>? results = null;
        foreach (var call in earlierCalls)
        {
            if (call.Output is not JsonObject output)
            {
                if ((call.Output as string ?? JsonTruthiness.AsString(call.Output as JsonNode)) is { Length: > 0 } text)
                {
                    MessageNormalizer.WriteTextMessage(writer, "assistant", ValueConverter.Text(text, ref issues));
                }

                continue;
            }

            var calls = output["toolCalls"] as JsonArray;
            var outputText = JsonTruthiness.AsNonEmptyString(output["text"]);
            if (outputText is null && calls is not { Count: > 0 })
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role", "assistant");
            writer.WriteStartArray("content");
            if (outputText is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", ValueConverter.Text(outputText, ref issues));
                writer.WriteEndObject();
            }

            results?.Clear();
            for (var i = 0; calls is not null && i < calls.Count; i++)
            {
                if (calls[i] is not JsonObject toolCall)
                {
                    continue;
                }

                var id = JsonTruthiness.ToId(toolCall["toolCallId"]);
                var name = JsonTruthiness.AsNonEmptyString(toolCall["toolName"]);
                writer.WriteStartObject();
                writer.WriteString("type", "tool-call");
                if (id is not null)
                {
                    writer.WriteString("id", ValueConverter.Text(id, ref issues));
                }

                writer.WriteStartObject("function");
                if (name is not null)
                {
                    writer.WriteString("name", ValueConverter.Text(name, ref issues));
                }

                if (toolCall.TryGetPropertyValue("args", out var args))
                {
                    writer.WritePropertyName("arguments");
                    converter.Write(writer, args, PartDepth, ref issues);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                if (id is not null && trace.ToolResults.TryGetValue(id, out var tool))
                {
                    (results ??= []).Add((tool.StartTime, id, name ?? tool.Name, tool));
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            if (results is { Count: > 0 })
            {
                results.Sort(static (a, b) => a.Start.CompareTo(b.Start));
                foreach (var (_, id, name, tool) in results)
                {
                    WriteToolResult(writer, converter, id, name, tool, ref issues);
                }
            }
        }

        writer.WriteEndArray();
        return true;
    }

    /// <summary>
    /// The generation's input messages: written once per generation, then copied as bytes into each later call's
    /// conversation (an agent loop repeats the same system prompt and question in every call).
    /// </summary>
    private bool TryWriteGenerationInput(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, ref InputIssues issues)
    {
        var cache = trace.GenerationInputs ??= new Dictionary<string, WrittenMessages>(StringComparer.Ordinal);
        if (cache.TryGetValue(generation.Id, out var written) && ReferenceEquals(written.Source, generation.Input))
        {
            issues |= written.Issues;
            if (written.Utf8.Length > 0)
            {
                // One raw "value" holding all the messages: the writer puts the comma before the next message itself.
                writer.WriteRawValue(written.Utf8, skipInputValidation: true);
            }

            return true;
        }

        writer.Flush();
        var start = buffer.WrittenCount;
        var found = InputIssues.None;
        if (!MessageNormalizer.TryWriteItems(writer, buffer, converter, generation.Input, "user", ref found))
        {
            return false;
        }

        writer.Flush();
        cache[generation.Id] = new WrittenMessages(generation.Input, buffer.Slice(start, buffer.WrittenCount - start).ToArray(), found);
        issues |= found;
        return true;
    }

    private static void WriteToolResult(Utf8JsonWriter writer, ValueConverter converter, string id, string name, SpanSnapshot tool, ref InputIssues issues)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        writer.WriteString("type", "tool-result");
        writer.WriteString("toolCallId", ValueConverter.Text(id, ref issues));
        writer.WriteString("toolName", ValueConverter.Text(name, ref issues));
        writer.WritePropertyName("output");
        if (tool.ErrorInfo is { } error)
        {
            writer.WriteStringValue(ValueConverter.Text(error.Message ?? error.Id ?? "error", ref issues));
        }
        else
        {
            converter.Write(writer, tool.Output, PartDepth, ref issues);
        }

        if (tool.ErrorInfo is not null)
        {
            writer.WriteBoolean("isError", true);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
