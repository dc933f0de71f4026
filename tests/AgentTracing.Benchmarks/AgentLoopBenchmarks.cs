using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using BenchmarkDotNet.Attributes;

namespace AgentTracing.Benchmarks;

/// <summary>
/// One agent loop of <see cref="Calls"/> model calls, each followed by a tool call, through the real exporter and
/// client: each call's <c>$ai_input</c> is the conversation it received (the generation's input and every earlier
/// call's tool calls and results). The bytes of call k grow with k, so a trace's event bytes grow with the square of
/// the calls; what the exporter allocates and keeps should not grow faster than those bytes.
/// </summary>
[MemoryDiagnoser]
public class AgentLoopBenchmarks
{
    private PosthogExporter _exporter = null!;
    private List<TracingEvent> _trace = null!;
    private int _run;

    [Params(10, 50)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _exporter = FreshSpans.CreateExporter();
        _trace = AgentLoop(Calls);
    }

    [GlobalCleanup]
    public Task Cleanup() => _exporter.ShutdownAsync();

    [Benchmark(Description = "agent loop trace → $ai_trace, a $ai_generation per call with its conversation, a $ai_span per tool")]
    public async Task AgentLoopTrace()
    {
        var traceId = (++_run).ToString("x32", CultureInfo.InvariantCulture);
        foreach (var e in _trace)
        {
            e.ExportedSpan.TraceId = traceId;
            await _exporter.ExportTracingEventAsync(e);
        }
    }

    /// <summary>A root agent run, one generation, and per call a step (answering with one tool call) then its tool.</summary>
    internal static List<TracingEvent> AgentLoop(int calls)
    {
        var start = DateTimeOffset.UtcNow;
        var events = new List<TracingEvent>();
        ExportedSpan Span(string id, string? parent, SpanType type, int at) => new()
        {
            Id = id,
            TraceId = "t",
            ParentSpanId = parent,
            Name = id,
            Type = type,
            StartTime = start.AddMilliseconds(at),
        };
        void Life(ExportedSpan span, object? output, int end)
        {
            events.Add(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = span });
            var ended = span.Clone();
            ended.EndTime = start.AddMilliseconds(end);
            ended.Output = output;
            events.Add(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = ended });
        }

        var root = Span("root", null, SpanType.AgentRun, 0);
        root.IsRootSpan = true;
        events.Add(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = root });
        var generation = Span("generation", root.Id, SpanType.ModelGeneration, 1);
        generation.Input = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = new string('r', 2048) },
                new JsonObject { ["role"] = "user", ["content"] = "Plan my trip through every city on the list." }),
        };
        generation.Attributes = new ModelGenerationAttributes { Model = "gpt-4o-mini", Provider = "openai.chat" };
        events.Add(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = generation });
        for (var k = 0; k < calls; k++)
        {
            var at = 10 + (k * 100);
            var step = Span("step-" + k, generation.Id, SpanType.ModelStep, at);
            step.Attributes = new ModelStepAttributes
            {
                StepIndex = k,
                Usage = new UsageStats { InputTokens = 2_000 + (k * 60), OutputTokens = 20 },
            };
            Life(step, new JsonObject
            {
                ["text"] = "",
                ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = "call-" + k, ["toolName"] = "lookup_city", ["args"] = new JsonObject { ["city"] = "city " + k } }),
            }, at + 40);
            var tool = Span("tool-" + k, step.Id, SpanType.ToolCall, at + 50);
            tool.Attributes = new ToolCallAttributes { ToolCallId = "call-" + k };
            Life(tool, new JsonObject { ["city"] = "city " + k, ["weather"] = "sunny", ["tempC"] = 21 }, at + 60);
        }

        var generationEnd = generation.Clone();
        generationEnd.EndTime = start.AddMilliseconds(10 + (calls * 100));
        events.Add(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = generationEnd });
        var rootEnd = root.Clone();
        rootEnd.EndTime = generationEnd.EndTime;
        events.Add(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = rootEnd });
        return events;
    }
}
