using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using AgentTracing;

namespace AgentTracing.LoadTest;

/// <summary>
/// Synthetic agent traces of 9 spans and 14 tracing events each: an <c>agent_run</c> root, a <c>model_generation</c>
/// (2 KB system prompt, usage, parameters, streaming) with two <c>model_step</c> children that each carry two
/// <c>model_chunk</c> event spans, and a <c>tool_call</c>. They become 9 PostHog events.
/// </summary>
internal static class SyntheticTraces
{
    public const int TracingEventsPerTrace = 14;
    public const int PostHogEventsPerTrace = 9;

    /// <summary>The 2 KB system prompt of every trace's model generation.</summary>
    public static readonly string SystemPrompt = BuildPrompt();

    public static List<TracingEvent> Create(int traceIndex, DateTimeOffset start)
    {
        var traceId = traceIndex.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, object?> { ["userId"] = $"user-{traceIndex % 97}", ["sessionId"] = $"session-{traceIndex % 31}", ["runId"] = Guid.NewGuid().ToString() };
        var events = new List<TracingEvent>(TracingEventsPerTrace);
        var clock = start;

        ExportedSpan Span(string id, string? parent, string name, SpanType type) => new()
        {
            Id = id,
            TraceId = traceId,
            ParentSpanId = parent,
            Name = name,
            Type = type,
            StartTime = clock = clock.AddMilliseconds(5),
            Metadata = metadata,
        };

        void Emit(TracingEventType type, ExportedSpan span) => events.Add(new TracingEvent { Type = type, ExportedSpan = span });

        ExportedSpan Ended(ExportedSpan span, object? output)
        {
            var end = span.Clone();
            end.EndTime = clock = clock.AddMilliseconds(40);
            end.Output = output;
            return end;
        }

        var root = Span("a000000000000001", null, "agent run: 'load-agent'", SpanType.AgentRun);
        root.IsRootSpan = true;
        root.Input = "What is the weather in Paris?";
        root.Tags = ["load"];
        Emit(TracingEventType.SpanStarted, root);

        var generation = Span("a000000000000002", root.Id, "llm: 'gpt-4o-mini'", SpanType.ModelGeneration);
        generation.Input = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = SystemPrompt },
                new JsonObject { ["role"] = "user", ["content"] = "What is the weather in Paris?" }),
        };
        generation.Attributes = new ModelGenerationAttributes
        {
            Model = "gpt-4o-mini",
            Provider = "openai.chat",
            Streaming = true,
            Parameters = new ModelParameters { Temperature = 0.2, MaxOutputTokens = 512 },
        };
        Emit(TracingEventType.SpanStarted, generation);

        var tool = Span("a000000000000005", root.Id, "tool: 'weather'", SpanType.ToolCall);
        for (var step = 0; step < 2; step++)
        {
            var stepSpan = Span($"a00000000000001{step}", generation.Id, $"step: {step}", SpanType.ModelStep);
            stepSpan.Attributes = new ModelStepAttributes { StepIndex = step };
            Emit(TracingEventType.SpanStarted, stepSpan);
            for (var chunk = 0; chunk < 2; chunk++)
            {
                var chunkSpan = Span($"a0000000000002{step}{chunk}", stepSpan.Id, "chunk: 'text'", SpanType.ModelChunk);
                chunkSpan.IsEvent = true;
                chunkSpan.Attributes = new ModelChunkAttributes { ChunkType = "text", SequenceNumber = chunk };
                chunkSpan.Output = new JsonObject { ["text"] = chunk == 0 ? "It is" : " sunny." };
                Emit(TracingEventType.SpanEnded, chunkSpan);
            }

            if (step == 0)
            {
                tool.ParentSpanId = stepSpan.Id;
                tool.Input = new JsonObject { ["city"] = "Paris" };
                tool.Attributes = new ToolCallAttributes { ToolType = "tool", ToolCallId = "call_1" };
                Emit(TracingEventType.SpanStarted, tool);
                var toolEnd = Ended(tool, new JsonObject { ["tempC"] = 21, ["conditions"] = "sunny" });
                toolEnd.Attributes = new ToolCallAttributes { ToolType = "tool", ToolCallId = "call_1", Success = true };
                Emit(TracingEventType.SpanEnded, toolEnd);
            }

            var stepEnd = Ended(stepSpan, new JsonObject { ["text"] = step == 0 ? "" : "It is sunny.", ["toolCalls"] = new JsonArray() });
            stepEnd.Attributes = new ModelStepAttributes
            {
                StepIndex = step,
                FinishReason = step == 0 ? "tool-calls" : "stop",
                Usage = new UsageStats { InputTokens = 600 + step * 40, OutputTokens = 12, InputDetails = new InputTokenDetails { CacheRead = 512 } },
            };
            Emit(TracingEventType.SpanEnded, stepEnd);
        }

        var generationEnd = Ended(generation, new JsonObject { ["text"] = "It is sunny." });
        generationEnd.Input = null;
        generationEnd.Attributes = new ModelGenerationAttributes
        {
            Usage = new UsageStats { InputTokens = 1240, OutputTokens = 24, InputDetails = new InputTokenDetails { CacheRead = 1024 } },
            FinishReason = "stop",
        };
        Emit(TracingEventType.SpanEnded, generationEnd);
        Emit(TracingEventType.SpanEnded, Ended(root, new JsonObject { ["text"] = "It is sunny." }));
        return events;
    }

    private static string BuildPrompt()
    {
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (text.Length < 2048)
        {
            text.Append("Rule ").Append(i++).Append(": answer weather questions precisely, cite the tool result, never invent data. ");
        }

        return text.ToString(0, 2048);
    }
}
