using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Attributes;

/// <summary>Typed setters write through to <see cref="JsonBackedObject.Json"/>; setting null removes the key.</summary>
public class TypedPropertyTests
{
    [Fact]
    public void Setters_write_the_json_form()
    {
        var attributes = new ModelGenerationAttributes
        {
            Model = "gpt-4o-mini",
            Streaming = false,
            ServerPort = 443,
            CompletionStartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero),
            Usage = new UsageStats { InputTokens = 230, InputDetails = new InputTokenDetails { CacheRead = 80 }, OutputDetails = new OutputTokenDetails { Reasoning = 4 } },
            Parameters = new ModelParameters { Temperature = 0.2, StopSequences = ["END"] },
            Tools = [new ModelToolDefinition { Type = "function", Name = "weather", Parameters = new JsonObject { ["type"] = "object" } }],
            CostContext = "opaque",
        };

        Assert.Equal(
            """{"model":"gpt-4o-mini","streaming":false,"serverPort":443,"completionStartTime":"2026-01-01T00:00:00.420Z","usage":{"inputTokens":230,"inputDetails":{"cacheRead":80},"outputDetails":{"reasoning":4}},"parameters":{"temperature":0.2,"stopSequences":["END"]},"tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}],"costContext":"opaque"}""",
            attributes.Json.ToJsonString());
        Assert.Empty(attributes.AdditionalProperties);
    }

    [Fact]
    public void Setting_null_removes_the_key()
    {
        var attributes = new AgentRunAttributes { MaxSteps = 5, Instructions = "x", AvailableTools = ["a"], TripwireAbort = new TripwireAbort { Retry = true } };

        attributes.MaxSteps = null;
        attributes.Instructions = null;
        attributes.AvailableTools = null;
        attributes.TripwireAbort = null;

        Assert.Empty(attributes.Json);
    }

    [Fact]
    public void Setting_a_typed_value_replaces_a_raw_value_of_the_wrong_kind()
    {
        var attributes = (AgentRunAttributes)SpanAttributes.Create(SpanType.AgentRun, new JsonObject { ["maxSteps"] = "five" });
        Assert.Equal(["maxSteps"], attributes.AdditionalProperties.Keys.ToArray());

        attributes.MaxSteps = 5;

        Assert.Equal(5, attributes.MaxSteps);
        Assert.Empty(attributes.AdditionalProperties);
        Assert.Equal("""{"maxSteps":5}""", attributes.Json.ToJsonString());
    }

    [Fact]
    public void Changes_to_the_json_are_seen_by_the_typed_properties()
    {
        var attributes = new ToolCallAttributes();

        attributes.Json["success"] = true;
        attributes.Json["toolCallId"] = "call_9";

        Assert.True(attributes.Success);
        Assert.Equal("call_9", attributes.ToolCallId);
    }

    [Fact]
    public void Nested_wrappers_are_live_views_of_the_parent_json()
    {
        var attributes = (ModelStepAttributes)SpanAttributes.Create(SpanType.ModelStep, JsonNode.Parse("""{"usage": {"inputTokens": 1}, "tools": [{"type": "function"}]}""")!.AsObject());

        attributes.Usage!.InputTokens = 7;
        attributes.Usage.InputDetails = new InputTokenDetails { CacheWrite = 2 };
        attributes.Usage.InputDetails!.CacheWrite1h = 1;
        attributes.Tools![0].Name = "weather";

        Assert.Equal("""{"usage":{"inputTokens":7,"inputDetails":{"cacheWrite":2,"cacheWrite1h":1}},"tools":[{"type":"function","name":"weather"}]}""", attributes.Json.ToJsonString());
    }

    [Fact]
    public void Assigning_an_object_owned_by_another_parent_copies_it()
    {
        var generation = new ModelGenerationAttributes { Usage = new UsageStats { InputTokens = 10 } };
        var step = new ModelStepAttributes { Usage = generation.Usage };

        step.Usage!.InputTokens = 99;

        Assert.Equal(10L, generation.Usage!.InputTokens);
        Assert.Equal(99L, step.Usage.InputTokens);
    }

    [Fact]
    public void Assigning_a_fresh_object_adopts_it()
    {
        var usage = new UsageStats { InputTokens = 1 };
        var attributes = new ModelInferenceAttributes { Usage = usage };

        usage.OutputTokens = 2;

        Assert.Same(usage.Json, attributes.Json["usage"]);
        Assert.Equal(2L, attributes.Usage!.OutputTokens);
    }

    [Fact]
    public void Every_typed_property_of_every_class_writes_its_key()
    {
        var cases = new (JsonBackedObject Target, string Property, object Value, string Json)[]
        {
            (new AgentRunAttributes(), nameof(AgentRunAttributes.ConversationId), "c", "\"conversationId\":\"c\""),
            (new AgentRunAttributes(), nameof(AgentRunAttributes.Prompt), "p", "\"prompt\":\"p\""),
            (new AgentRunAttributes(), nameof(AgentRunAttributes.ResolvedVersionId), "v", "\"resolvedVersionId\":\"v\""),
            (new ModelGenerationAttributes(), nameof(ModelGenerationAttributes.ResultType), "planning", "\"resultType\":\"planning\""),
            (new ModelGenerationAttributes(), nameof(ModelGenerationAttributes.ServerAddress), "h", "\"serverAddress\":\"h\""),
            (new ModelStepAttributes(), nameof(ModelStepAttributes.StepIndex), 2, "\"stepIndex\":2"),
            (new ModelStepAttributes(), nameof(ModelStepAttributes.IsContinued), true, "\"isContinued\":true"),
            (new ModelStepAttributes(), nameof(ModelStepAttributes.MessageId), "m", "\"messageId\":\"m\""),
            (new ModelInferenceAttributes(), nameof(ModelInferenceAttributes.AvailableTools), new[] { "a" }, "\"availableTools\":[\"a\"]"),
            (new ModelInferenceAttributes(), nameof(ModelInferenceAttributes.ToolChoice), "auto", "\"toolChoice\":\"auto\""),
            (new ModelChunkAttributes(), nameof(ModelChunkAttributes.ChunkType), "text", "\"chunkType\":\"text\""),
            (new ModelChunkAttributes(), nameof(ModelChunkAttributes.SequenceNumber), 0, "\"sequenceNumber\":0"),
            (new McpToolCallAttributes(), nameof(McpToolCallAttributes.McpServer), "fs", "\"mcpServer\":\"fs\""),
            (new McpToolCallAttributes(), nameof(McpToolCallAttributes.ServerVersion), "1", "\"serverVersion\":\"1\""),
            (new ProviderToolCallAttributes(), nameof(ProviderToolCallAttributes.Success), false, "\"success\":false"),
            (new ClientToolCallAttributes(), nameof(ClientToolCallAttributes.ToolType), "client", "\"toolType\":\"client\""),
            (new ProcessorRunAttributes(), nameof(ProcessorRunAttributes.HookDurationMs), 1.5, "\"hookDurationMs\":1.5"),
            (new ProcessorRunAttributes(), nameof(ProcessorRunAttributes.ProcessorPhase), "in", "\"processorPhase\":\"in\""),
            (new WorkflowRunAttributes(), nameof(WorkflowRunAttributes.Status), "ok", "\"status\":\"ok\""),
            (new WorkflowStepAttributes(), nameof(WorkflowStepAttributes.Status), "ok", "\"status\":\"ok\""),
            (new WorkflowConditionalAttributes(), nameof(WorkflowConditionalAttributes.TruthyIndexes), new[] { 0, 2 }, "\"truthyIndexes\":[0,2]"),
            (new WorkflowConditionalAttributes(), nameof(WorkflowConditionalAttributes.SelectedSteps), new[] { "a" }, "\"selectedSteps\":[\"a\"]"),
            (new WorkflowConditionalEvalAttributes(), nameof(WorkflowConditionalEvalAttributes.Result), true, "\"result\":true"),
            (new WorkflowParallelAttributes(), nameof(WorkflowParallelAttributes.BranchCount), 3, "\"branchCount\":3"),
            (new WorkflowLoopAttributes(), nameof(WorkflowLoopAttributes.Concurrency), 4, "\"concurrency\":4"),
            (new WorkflowSleepAttributes(), nameof(WorkflowSleepAttributes.UntilDate), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "\"untilDate\":\"2026-01-01T00:00:00.000Z\""),
            (new WorkflowWaitEventAttributes(), nameof(WorkflowWaitEventAttributes.EventReceived), false, "\"eventReceived\":false"),
            (new WorkflowWaitEventAttributes(), nameof(WorkflowWaitEventAttributes.EntryMetadata), new JsonObject { ["a"] = 1 }, "\"entryMetadata\":{\"a\":1}"),
            (new TripwireAbort(), nameof(TripwireAbort.ProcessorId), "pii", "\"processorId\":\"pii\""),
            (new ModelParameters(), nameof(ModelParameters.MaxRetries), 3, "\"maxRetries\":3"),
            (new ModelParameters(), nameof(ModelParameters.Headers), new JsonObject { ["h"] = "v" }, "\"headers\":{\"h\":\"v\"}"),
            (new ModelToolDefinition(), nameof(ModelToolDefinition.Id), "anthropic.x", "\"id\":\"anthropic.x\""),
            (new OutputTokenDetails(), nameof(OutputTokenDetails.Audio), 5L, "\"audio\":5"),
            (new InputTokenDetails(), nameof(InputTokenDetails.CacheWrite5m), 6L, "\"cacheWrite5m\":6"),
            (new SpanAttributes(), nameof(SpanAttributes.InternalUsage), new UsageStats { OutputTokens = 1 }, "\"internalUsage\":{\"outputTokens\":1}"),
        };

        foreach (var (target, name, value, json) in cases)
        {
            var property = target.GetType().GetProperty(name)!;
            property.SetValue(target, value);

            Assert.Equal("{" + json + "}", target.Json.ToJsonString(TracingJson.Options));
            Assert.Equal(
                JsonSerializer.Serialize(value, TracingJson.Options),
                JsonSerializer.Serialize(property.GetValue(target), TracingJson.Options));
            Assert.Empty(target.AdditionalProperties);
        }
    }

    [Fact]
    public void Wrapping_a_json_object_reads_and_writes_it_in_place()
    {
        var json = new JsonObject { ["inputTokens"] = 4 };
        var usage = new UsageStats(json);

        usage.OutputTokens = 5;

        Assert.Same(json, usage.Json);
        Assert.Equal("""{"inputTokens":4,"outputTokens":5}""", json.ToJsonString());
        Assert.Equal("""{"inputTokens":4,"outputTokens":5}""", usage.ToString());
    }
}
