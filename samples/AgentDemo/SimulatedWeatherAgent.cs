using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing;

namespace AgentDemo;

/// <summary>
/// A weather agent without a model: it emits the tracing events a real agent framework emits for one run
/// (agent run → generation → step 0 with a tool-call chunk → tool call → step 1 with streamed text chunks),
/// with realistic timings, ids, usage and metadata.
/// </summary>
internal sealed class SimulatedWeatherAgent(ITracingExporter exporter)
{
    private const string Instructions = "You are a helpful weather assistant. Answer in one sentence.";
    private DateTimeOffset _clock = DateTimeOffset.UtcNow;

    public string LastTraceId { get; private set; } = "";

    public string LastRootSpanId { get; private set; } = "";

    /// <summary>One run. When <paramref name="toolFails"/>, the weather tool throws and the run fails.</summary>
    public async Task RunAsync(string question, string city, string userId, string sessionId, bool toolFails = false)
    {
        var traceId = NewId(16);
        LastTraceId = traceId;
        var metadata = new Dictionary<string, object?> { ["userId"] = userId, ["sessionId"] = sessionId, ["environment"] = "demo" };

        var root = Span(traceId, null, "agent run: 'weather-agent'", SpanType.AgentRun, metadata);
        root.IsRootSpan = true;
        root.Tags = ["demo", "weather"];
        root.Input = question;
        root.Attributes = new AgentRunAttributes { Instructions = Instructions, AvailableTools = ["get_weather"], MaxSteps = 5 };
        LastRootSpanId = root.Id;
        await Start(root);

        var generation = Span(traceId, root.Id, "llm: 'gpt-4o-mini'", SpanType.ModelGeneration, metadata);
        generation.Input = JsonNode.Parse($$"""{"messages":[{"role":"system","content":"{{Instructions}}"},{"role":"user","content":"{{question}}"}]}""");
        generation.Attributes = new ModelGenerationAttributes
        {
            Model = "gpt-4o-mini",
            Provider = "openai.chat",
            Streaming = true,
            Parameters = new ModelParameters { Temperature = 0.2, MaxOutputTokens = 512 },
            Tools = [new ModelToolDefinition(JsonNode.Parse("""{"type":"function","name":"get_weather","description":"Current weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""")!.AsObject())],
        };
        await Start(generation);

        // Step 0: the model asks for the tool.
        var step0 = Span(traceId, generation.Id, "step: 0", SpanType.ModelStep, metadata);
        step0.Attributes = new ModelStepAttributes { StepIndex = 0 };
        await Start(step0);
        step0.Input = JsonNode.Parse($$"""[{"role":"system","content":"{{Instructions}}"},{"role":"user","content":"{{question}}"}]""");
        await Update(step0);
        var toolCallId = "call_" + NewId(6);
        await Chunk(traceId, step0.Id, metadata, "tool-call", 0, JsonNode.Parse($$$"""{"toolName":"get_weather","toolCallId":"{{{toolCallId}}}","toolInput":{"city":"{{{city}}}"}}"""));

        var tool = Span(traceId, step0.Id, "tool: 'get_weather'", SpanType.ToolCall, metadata);
        tool.Input = new JsonObject { ["city"] = city };
        tool.Attributes = new ToolCallAttributes { ToolType = "tool", ToolDescription = "Current weather for a city", ToolCallId = toolCallId };
        await Start(tool);
        Advance(toolFails ? 1200 : 340);
        if (toolFails)
        {
            tool.ErrorInfo = new SpanErrorInfo { Message = $"Weather service timed out for '{city}'", Id = "TOOL_TIMEOUT", Domain = "TOOL", Category = "THIRD_PARTY" };
            ((ToolCallAttributes)tool.Attributes).Success = false;
            await End(tool);
            step0.Attributes = new ModelStepAttributes { StepIndex = 0, FinishReason = "tool-calls", IsContinued = false, Usage = Usage(412, 18, 0) };
            step0.Output = JsonNode.Parse($$$"""{"text":"","toolCalls":[{"toolCallId":"{{{toolCallId}}}","toolName":"get_weather","args":{"city":"{{{city}}}"}}]}""");
            step0.ErrorInfo = tool.ErrorInfo;
            await End(step0);
            generation.ErrorInfo = tool.ErrorInfo;
            await End(generation);
            root.ErrorInfo = new SpanErrorInfo { Message = "The agent could not get the weather.", Id = "AGENT_ERROR", Category = "EXECUTION" };
            await End(root);
            return;
        }

        var weather = new JsonObject { ["city"] = city, ["tempC"] = 21, ["conditions"] = "sunny" };
        tool.Output = weather;
        ((ToolCallAttributes)tool.Attributes).Success = true;
        await End(tool);
        await Chunk(traceId, step0.Id, metadata, "tool-result", 1, weather.DeepClone());
        step0.Attributes = new ModelStepAttributes { StepIndex = 0, FinishReason = "tool-calls", IsContinued = true, Usage = Usage(412, 18, 256) };
        step0.Output = JsonNode.Parse($$$"""{"text":"","toolCalls":[{"toolCallId":"{{{toolCallId}}}","toolName":"get_weather","args":{"city":"{{{city}}}"}}]}""");
        await End(step0);

        // Step 1: the model answers, streaming text.
        var answer = $"It is 21°C and sunny in {city}.";
        var step1 = Span(traceId, generation.Id, "step: 1", SpanType.ModelStep, metadata);
        step1.Attributes = new ModelStepAttributes { StepIndex = 1 };
        await Start(step1);
        step1.Input = JsonNode.Parse($$"""[{"role":"system","content":"{{Instructions}}"},{"role":"user","content":"{{question}}"},{"role":"assistant","content":"[tool: get_weather]"},{"role":"tool","content":"[tool-result: get_weather]"}]""");
        await Update(step1);
        var words = answer.Split(' ');
        for (var i = 0; i < words.Length; i += 3)
        {
            await Chunk(traceId, step1.Id, metadata, "text", i / 3, new JsonObject { ["text"] = string.Join(" ", words[i..Math.Min(i + 3, words.Length)]) });
        }

        step1.Attributes = new ModelStepAttributes { StepIndex = 1, FinishReason = "stop", IsContinued = false, Usage = Usage(468, 14, 256) };
        step1.Output = new JsonObject { ["text"] = answer, ["toolCalls"] = new JsonArray() };
        await End(step1);

        generation.Attributes.Json["finishReason"] = "stop";
        ((ModelGenerationAttributes)generation.Attributes).Usage = Usage(880, 32, 512);
        generation.Output = new JsonObject { ["text"] = answer, ["files"] = new JsonArray() };
        await End(generation);

        root.Output = new JsonObject { ["text"] = answer };
        await End(root);
    }

    /// <summary>
    /// One model call traced on its own (its span is the root): an Anthropic call whose long system prompt is read
    /// from the prompt cache. Input tokens are gross, cache reads included, as the tracing model counts them.
    /// </summary>
    public async Task SummarizeAsync(string conversation, string userId, string sessionId)
    {
        var traceId = NewId(16);
        LastTraceId = traceId;
        var metadata = new Dictionary<string, object?> { ["userId"] = userId, ["sessionId"] = sessionId, ["environment"] = "demo" };
        var call = Span(traceId, null, "llm: 'claude-sonnet-4-5'", SpanType.ModelGeneration, metadata);
        call.IsRootSpan = true;
        call.Input = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Summarise the conversation for the support log. " + Instructions },
                new JsonObject { ["role"] = "user", ["content"] = conversation }),
        };
        call.Attributes = new ModelGenerationAttributes
        {
            Model = "claude-sonnet-4-5",
            Provider = "anthropic.messages",
            Parameters = new ModelParameters { MaxOutputTokens = 256 },
        };
        await Start(call);
        Advance(900);
        var attributes = (ModelGenerationAttributes)call.Attributes;
        attributes.FinishReason = "stop";
        attributes.Usage = new UsageStats
        {
            InputTokens = 2_430,
            OutputTokens = 41,
            InputDetails = new InputTokenDetails { CacheRead = 2_048, Text = 382 },
        };
        call.Output = new JsonObject { ["text"] = "User asked for the weather in Paris (sunny, 21°C) and Atlantis (the tool timed out)." };
        await End(call);
    }

    private static UsageStats Usage(long input, long output, long cacheRead) => new()
    {
        InputTokens = input,
        OutputTokens = output,
        InputDetails = new InputTokenDetails { CacheRead = cacheRead, Text = input - cacheRead },
    };

    private static string NewId(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private ExportedSpan Span(string traceId, string? parentId, string name, SpanType type, Dictionary<string, object?> metadata) => new()
    {
        Id = NewId(8),
        TraceId = traceId,
        ParentSpanId = parentId,
        Name = name,
        Type = type,
        StartTime = Advance(15),
        Metadata = metadata,
    };

    private DateTimeOffset Advance(int milliseconds) => _clock = _clock.AddMilliseconds(milliseconds);

    private async Task Chunk(string traceId, string parentId, Dictionary<string, object?> metadata, string chunkType, int sequence, JsonNode? output)
    {
        var chunk = Span(traceId, parentId, $"chunk: '{chunkType}'", SpanType.ModelChunk, metadata);
        chunk.IsEvent = true;
        chunk.Attributes = new ModelChunkAttributes { ChunkType = chunkType, SequenceNumber = sequence };
        chunk.Output = output;
        Advance(40);
        await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = chunk.Clone() });
    }

    private Task Start(ExportedSpan span) => Send(TracingEventType.SpanStarted, span);

    private Task Update(ExportedSpan span) => Send(TracingEventType.SpanUpdated, span);

    private Task End(ExportedSpan span)
    {
        span.EndTime = Advance(span.Type == SpanType.ModelStep ? 620 : 25);
        return Send(TracingEventType.SpanEnded, span);
    }

    private Task Send(TracingEventType type, ExportedSpan span) =>
        exporter.ExportTracingEventAsync(new TracingEvent { Type = type, ExportedSpan = span.Clone() });
}
