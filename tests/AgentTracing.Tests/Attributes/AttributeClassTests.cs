using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Attributes;

/// <summary>The attributes class of each span type, and the typed keys of each class.</summary>
public class AttributeClassTests
{
    public static TheoryData<string, Type> Table
    {
        get
        {
            var data = new TheoryData<string, Type>();
            foreach (var (_, json) in SpanFixtures.KnownTypes)
            {
                data.Add(json, SpanFixtures.AttributeClasses.TryGetValue(json, out var type) ? type : typeof(SpanAttributes));
            }

            data.Add("future_span_kind", typeof(SpanAttributes));
            data.Add("Model_Generation", typeof(SpanAttributes));
            return data;
        }
    }

    private static T Read<T>(string type)
        where T : SpanAttributes =>
        Assert.IsType<T>(SpanAttributes.Create(new SpanType(type), JsonNode.Parse(SpanFixtures.AttributesJson(type))!.AsObject()));

    [Fact]
    public void The_table_has_18_typed_rows_and_16_base_rows()
    {
        Assert.Equal(18, SpanFixtures.AttributeClasses.Count);
        Assert.Equal(16, SpanFixtures.KnownTypes.Count(t => !SpanFixtures.AttributeClasses.ContainsKey(t.Json)));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Create_chooses_the_class_of_the_table(string type, Type expected)
    {
        var json = new JsonObject { ["k"] = 1 };

        var attributes = SpanAttributes.Create(new SpanType(type), json);

        Assert.Equal(expected, attributes.GetType());
        Assert.Same(json, attributes.Json);
    }

    [Fact]
    public void Create_with_default_type_or_null_json_gives_empty_base_attributes()
    {
        var attributes = SpanAttributes.Create(default, null);

        Assert.Equal(typeof(SpanAttributes), attributes.GetType());
        Assert.Empty(attributes.Json);
        Assert.Equal("{}", attributes.ToString());
    }

    [Fact]
    public void Base_attributes_type_only_internalUsage()
    {
        var attributes = Read<SpanAttributes>("memory_operation");

        Assert.Equal(1200L, attributes.InternalUsage!.InputTokens);
        Assert.Equal(["operationType", "resourceId", "threadId", "messageCount", "futureKey", "futureNull", "futureNumber"], attributes.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void AgentRunAttributes_reads_every_typed_key()
    {
        var a = Read<AgentRunAttributes>("agent_run");

        Assert.Equal("thread-1", a.ConversationId);
        Assert.Equal("You are helpful", a.Instructions);
        Assert.Equal("Be brief", a.Prompt);
        Assert.Equal(["weather", "search"], a.AvailableTools!);
        Assert.Equal(5, a.MaxSteps);
        Assert.Equal("v3", a.ResolvedVersionId);
        Assert.Equal("PII detected", a.TripwireAbort!.Reason);
        Assert.Equal("pii", a.TripwireAbort.ProcessorId);
        Assert.False(a.TripwireAbort.Retry);
        Assert.Equal("""{"score":0.97}""", ((JsonNode)a.TripwireAbort.Metadata!).ToJsonString());
        Assert.Equal(["futureTripwire"], a.TripwireAbort.AdditionalProperties.Keys.ToArray());
        Assert.Equal(1200L, a.InternalUsage!.InputTokens);
        Assert.Equal(["futureKey", "futureNull", "futureNumber"], a.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void ModelGenerationAttributes_reads_every_typed_key()
    {
        var a = Read<ModelGenerationAttributes>("model_generation");

        Assert.Equal("gpt-4o-mini", a.Model);
        Assert.Equal("openai.chat", a.Provider);
        Assert.Equal("response_generation", a.ResultType);
        AssertUsage(a.Usage);
        AssertParameters(a.Parameters);
        Assert.True(a.Streaming);
        Assert.Equal("stop", a.FinishReason);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero), a.CompletionStartTime);
        Assert.Equal("gpt-4o-mini-2024-07-18", a.ResponseModel);
        Assert.Equal("resp-1", a.ResponseId);
        Assert.Equal("api.openai.com", a.ServerAddress);
        Assert.Equal(443, a.ServerPort);
        AssertTools(a.Tools);
        AssertJson.Equal("""{"currency": "USD", "rates": [0.15, 0.6]}""", ((JsonNode)a.CostContext!).ToJsonString());
        Assert.Equal(["futureKey", "futureNull", "futureNumber"], a.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void ModelStepAttributes_reads_every_typed_key()
    {
        var a = Read<ModelStepAttributes>("model_step");

        Assert.Equal(1, a.StepIndex);
        AssertUsage(a.Usage);
        Assert.Equal("tool-calls", a.FinishReason);
        Assert.True(a.IsContinued);
        AssertJson.Equal("""[{"type": "unsupported-setting", "setting": "seed"}]""", ((JsonNode)a.Warnings!).ToJsonString());
        Assert.Equal("msg-1", a.MessageId);
        Assert.Equal("claude-sonnet-4", a.Model);
        Assert.Equal("anthropic", a.Provider);
        AssertParameters(a.Parameters);
        Assert.False(a.Streaming);
        AssertTools(a.Tools);
        Assert.Equal("claude-sonnet-4-20250514", a.ResponseModel);
        Assert.Equal("msg_01", a.ResponseId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero), a.CompletionStartTime);
        Assert.Equal("api.anthropic.com", a.ServerAddress);
        Assert.Equal(443, a.ServerPort);
        Assert.Equal(["futureKey", "futureNull", "futureNumber"], a.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void ModelInferenceAttributes_reads_every_typed_key()
    {
        var a = Read<ModelInferenceAttributes>("model_inference");

        Assert.Equal("gpt-4o", a.Model);
        Assert.Equal("openai.responses", a.Provider);
        Assert.Equal(0, a.StepIndex);
        AssertUsage(a.Usage);
        Assert.Equal("stop", a.FinishReason);
        Assert.True(a.Streaming);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero), a.CompletionStartTime);
        Assert.Equal("[]", ((JsonNode)a.Warnings!).ToJsonString());
        Assert.Equal("gpt-4o-2024-08-06", a.ResponseModel);
        Assert.Equal("resp-2", a.ResponseId);
        AssertParameters(a.Parameters);
        AssertJson.Equal("""{"openai": {"store": false}}""", ((JsonNode)a.ProviderOptions!).ToJsonString());
        Assert.Equal(["weather"], a.AvailableTools!);
        AssertJson.Equal("""{"type": "tool", "toolName": "weather"}""", ((JsonNode)a.ToolChoice!).ToJsonString());
        AssertJson.Equal("""{"type": "json"}""", ((JsonNode)a.ResponseFormat!).ToJsonString());
        Assert.Equal(["futureKey", "futureNull", "futureNumber"], a.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void ModelInferenceAttributes_toolChoice_may_be_a_string()
    {
        var a = (ModelInferenceAttributes)SpanAttributes.Create(SpanType.ModelInference, new JsonObject { ["toolChoice"] = "auto" });

        Assert.Equal("auto", ((JsonValue)a.ToolChoice!).GetValue<string>());
        Assert.Empty(a.AdditionalProperties);
    }

    [Fact]
    public void Chunk_and_tool_attributes_read_every_typed_key()
    {
        var chunk = Read<ModelChunkAttributes>("model_chunk");
        Assert.Equal("tool-call", chunk.ChunkType);
        Assert.Equal(3, chunk.SequenceNumber);

        var tool = Read<ToolCallAttributes>("tool_call");
        Assert.Equal("tool", tool.ToolType);
        Assert.Equal("Get weather", tool.ToolDescription);
        Assert.True(tool.Success);
        Assert.Equal("call_1", tool.ToolCallId);

        var mcp = Read<McpToolCallAttributes>("mcp_tool_call");
        Assert.Equal("filesystem", mcp.McpServer);
        Assert.Equal("1.2.0", mcp.ServerVersion);
        Assert.False(mcp.Success);
        Assert.Equal("mcp", mcp.ToolType);
        Assert.Equal("Read a file", mcp.ToolDescription);
        Assert.Equal("call_2", mcp.ToolCallId);

        var provider = Read<ProviderToolCallAttributes>("provider_tool_call");
        Assert.Equal("provider", provider.ToolType);
        Assert.Equal("Web search", provider.ToolDescription);
        Assert.Equal("srvtoolu_1", provider.ToolCallId);
        Assert.True(provider.Success);

        var client = Read<ClientToolCallAttributes>("client_tool_call");
        Assert.Equal("client", client.ToolType);
        Assert.Equal("Ask the user", client.ToolDescription);
        AssertJson.Equal("""{"browser": "firefox", "version": 140}""", ((JsonNode)client.ClientEnvironment!).ToJsonString());

        foreach (var attributes in new SpanAttributes[] { chunk, tool, mcp, provider, client })
        {
            Assert.Equal(["futureKey", "futureNull", "futureNumber"], attributes.AdditionalProperties.Keys.ToArray());
        }
    }

    [Fact]
    public void ProcessorRunAttributes_reads_every_typed_key()
    {
        var a = Read<ProcessorRunAttributes>("processor_run");

        Assert.Equal("input", a.ProcessorExecutor);
        Assert.Equal(2, a.ProcessorIndex);
        AssertJson.Equal("""[{"type": "add", "message": {"role": "system"}}]""", ((JsonNode)a.MessageListMutations!).ToJsonString());
        Assert.Equal("processInput", a.ProcessorPhase);
        Assert.Equal(12.5, a.HookDurationMs);
        Assert.Equal("PII detected", a.TripwireAbort!.Reason);
        Assert.Equal(["futureKey", "futureNull", "futureNumber"], a.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void Workflow_attributes_read_every_typed_key()
    {
        Assert.Equal("success", Read<WorkflowRunAttributes>("workflow_run").Status);
        Assert.Equal("failed", Read<WorkflowStepAttributes>("workflow_step").Status);

        var conditional = Read<WorkflowConditionalAttributes>("workflow_conditional");
        Assert.Equal(3, conditional.ConditionCount);
        Assert.Equal([0, 2], conditional.TruthyIndexes!);
        Assert.Equal(["a", "c"], conditional.SelectedSteps!);
        AssertEntry(conditional.EntryId, conditional.EntryDescription, conditional.EntryMetadata);

        var eval = Read<WorkflowConditionalEvalAttributes>("workflow_conditional_eval");
        Assert.Equal(1, eval.ConditionIndex);
        Assert.False(eval.Result);
        AssertEntry(eval.EntryId, eval.EntryDescription, eval.EntryMetadata);

        var parallel = Read<WorkflowParallelAttributes>("workflow_parallel");
        Assert.Equal(2, parallel.BranchCount);
        Assert.Equal(["left", "right"], parallel.ParallelSteps!);
        AssertEntry(parallel.EntryId, parallel.EntryDescription, parallel.EntryMetadata);

        var loop = Read<WorkflowLoopAttributes>("workflow_loop");
        Assert.Equal("dowhile", loop.LoopType);
        Assert.Equal(4, loop.Iteration);
        Assert.Equal(10, loop.TotalIterations);
        Assert.Equal(2, loop.Concurrency);
        AssertEntry(loop.EntryId, loop.EntryDescription, loop.EntryMetadata);

        var sleep = Read<WorkflowSleepAttributes>("workflow_sleep");
        Assert.Equal(1500.5, sleep.DurationMs);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), sleep.UntilDate);
        Assert.Equal("until", sleep.SleepType);
        AssertEntry(sleep.EntryId, sleep.EntryDescription, sleep.EntryMetadata);

        var wait = Read<WorkflowWaitEventAttributes>("workflow_wait_event");
        Assert.Equal("approval", wait.EventName);
        Assert.Equal(60000d, wait.TimeoutMs);
        Assert.Equal(1234.5, wait.WaitDurationMs);
        Assert.True(wait.EventReceived);
        AssertEntry(wait.EntryId, wait.EntryDescription, wait.EntryMetadata);
    }

    [Fact]
    public void ModelToolDefinition_type_defaults_to_empty_and_provider_tools_keep_extra_keys()
    {
        var tool = new ModelToolDefinition();
        Assert.Equal("", tool.Type);
        tool.Type = "provider-defined";
        Assert.Equal("""{"type":"provider-defined"}""", tool.Json.ToJsonString());

        var provider = Read<ModelGenerationAttributes>("model_generation").Tools![1];
        Assert.Equal("provider-defined", provider.Type);
        Assert.Equal("anthropic.web_search_20250305", provider.Id);
        Assert.Equal("web_search", provider.Name);
        Assert.Null(provider.Description);
        Assert.Null(provider.Parameters);
        AssertJson.Equal("""{"maxUses": 5, "allowedDomains": null}""", ((JsonNode)provider.AdditionalProperties["args"]!).ToJsonString());
    }

    [Fact]
    public void Attributes_serialise_as_their_json()
    {
        var attributes = Read<ToolCallAttributes>("tool_call");

        AssertJson.Equal(SpanFixtures.AttributesJson("tool_call"), JsonSerializer.Serialize(attributes, TracingJson.Options));
        AssertJson.Equal(SpanFixtures.AttributesJson("tool_call"), JsonSerializer.Serialize<SpanAttributes>(attributes, TracingJson.Options));
        AssertJson.Equal(SpanFixtures.AttributesJson("tool_call"), attributes.ToString());
    }

    [Fact]
    public void Base_attributes_deserialise_on_their_own()
    {
        var attributes = JsonSerializer.Deserialize<SpanAttributes>("""{"internalUsage": {"inputTokens": 3}, "k": null}""", TracingJson.Options)!;

        Assert.Equal(typeof(SpanAttributes), attributes.GetType());
        Assert.Equal(3L, attributes.InternalUsage!.InputTokens);
        Assert.Equal(["k"], attributes.AdditionalProperties.Keys.ToArray());
    }

    private static void AssertUsage(UsageStats? usage)
    {
        Assert.NotNull(usage);
        Assert.Equal(1200L, usage.InputTokens);
        Assert.Equal(85L, usage.OutputTokens);
        var input = usage.InputDetails!;
        Assert.Equal((200L, 1000L, 0L, 0L, 0L, 0L, 0L), (input.Text, input.CacheRead, input.CacheWrite, input.Audio, input.Image, input.CacheWrite5m, input.CacheWrite1h));
        Assert.Equal(["futureDetail"], input.AdditionalProperties.Keys.ToArray());
        var output = usage.OutputDetails!;
        Assert.Equal((60L, 25L, 0L, 0L), (output.Text, output.Reasoning, output.Audio, output.Image));
        Assert.Equal(["futureOutput"], output.AdditionalProperties.Keys.ToArray());
        Assert.Equal(["futureTokens", "raw"], usage.AdditionalProperties.Keys.ToArray());
    }

    private static void AssertParameters(ModelParameters? p)
    {
        Assert.NotNull(p);
        Assert.Equal(1024, p.MaxOutputTokens);
        Assert.Equal(0.7, p.Temperature);
        Assert.Equal(0.95, p.TopP);
        Assert.Equal(40, p.TopK);
        Assert.Equal(0.1, p.PresencePenalty);
        Assert.Equal(0.25, p.FrequencyPenalty);
        Assert.Equal(["END"], p.StopSequences!);
        Assert.Equal(9007199254740993L, p.Seed);
        Assert.Equal(2, p.MaxRetries);
        Assert.Equal("{}", ((JsonNode)p.AbortSignal!).ToJsonString());
        Assert.Equal("""{"x-trace":"1"}""", ((JsonNode)p.Headers!).ToJsonString());
        Assert.Equal(["customParam"], p.AdditionalProperties.Keys.ToArray());
    }

    private static void AssertTools(System.Collections.Generic.IReadOnlyList<ModelToolDefinition>? tools)
    {
        Assert.NotNull(tools);
        Assert.Equal(2, tools.Count);
        Assert.Equal("function", tools[0].Type);
        Assert.Equal("weather", tools[0].Name);
        Assert.Equal("Get weather", tools[0].Description);
        AssertJson.Equal("""{"type": "object", "properties": {"city": {"type": "string"}}}""", ((JsonNode)tools[0].Parameters!).ToJsonString());
        Assert.Equal(["strict", "inputExamples"], tools[0].AdditionalProperties.Keys.ToArray());
        Assert.Equal("provider-defined", tools[1].Type);
        Assert.Equal(["args"], tools[1].AdditionalProperties.Keys.ToArray());
    }

    private static void AssertEntry(string? id, string? description, object? metadata)
    {
        Assert.Equal("entry-1", id);
        Assert.Equal("check the weather", description);
        Assert.Equal("""{"k":[1,2]}""", ((JsonNode)metadata!).ToJsonString());
    }
}
