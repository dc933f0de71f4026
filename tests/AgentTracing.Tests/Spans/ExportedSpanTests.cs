using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Spans;

/// <summary><see cref="ExportedSpan"/>, <see cref="SpanErrorInfo"/> and <see cref="TracingEvent"/>: serialisation, defaults, cloning and formatting.</summary>
public class ExportedSpanTests
{
    [Fact]
    public void A_span_built_in_code_serialises_every_member()
    {
        var span = new ExportedSpan
        {
            Id = "a1",
            TraceId = "t1",
            ParentSpanId = "p1",
            Name = "tool: 'weather'",
            Type = SpanType.ToolCall,
            EntityType = "tool",
            EntityId = "weather",
            EntityName = "Weather",
            StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 600, TimeSpan.Zero),
            EndTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 700, TimeSpan.Zero),
            Attributes = new ToolCallAttributes { ToolType = "tool", Success = true },
            Metadata = new Dictionary<string, object?> { ["userId"] = "user-1" },
            Tags = ["prod"],
            Input = new JsonObject { ["city"] = "Paris" },
            Output = 21,
            ErrorInfo = new SpanErrorInfo { Message = "m", Id = "TOOL_ERROR", Domain = "TOOL", Category = "USER", Name = "Error", Stack = "at x", Details = new Dictionary<string, object?> { ["k"] = 1 } },
            IsEvent = false,
            IsRootSpan = false,
            RequestContext = new JsonObject { ["tenant"] = "acme" },
            ExternalParentSpanId = "ext",
            IsInternal = false,
            AdditionalProperties = new Dictionary<string, object?> { ["future"] = "x" },
        };

        AssertJson.Equal(
            """
            {"id": "a1", "traceId": "t1", "parentSpanId": "p1", "name": "tool: 'weather'", "type": "tool_call", "entityType": "tool", "entityId": "weather", "entityName": "Weather",
             "startTime": "2026-01-01T00:00:00.600Z", "endTime": "2026-01-01T00:00:00.700Z", "attributes": {"toolType": "tool", "success": true}, "metadata": {"userId": "user-1"},
             "tags": ["prod"], "input": {"city": "Paris"}, "output": 21,
             "errorInfo": {"message": "m", "id": "TOOL_ERROR", "domain": "TOOL", "category": "USER", "details": {"k": 1}, "name": "Error", "stack": "at x"},
             "isEvent": false, "isRootSpan": false, "requestContext": {"tenant": "acme"}, "externalParentSpanId": "ext", "isInternal": false, "future": "x"}
            """,
            JsonSerializer.Serialize(span, TracingJson.Options));
    }

    [Fact]
    public void Default_span_type_is_written_as_generic()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new ExportedSpan(), TracingJson.Options))!;

        Assert.Equal("generic", (string)json["type"]!);
    }

    [Fact]
    public void Parent_and_root_flag_are_independent()
    {
        var span = JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": "tool_call", "startTime": 0, "isRootSpan": false}""", TracingJson.Options)!;

        Assert.Null(span.ParentSpanId);
        Assert.False(span.IsRootSpan);
    }

    [Fact]
    public void ErrorInfo_reads_every_member_and_keeps_unknown_keys()
    {
        var error = JsonSerializer.Deserialize<SpanErrorInfo>(
            """{"message": "boom", "id": "SHUTDOWN", "domain": "AGENT", "category": "SYSTEM", "details": {"a": [1]}, "name": "AbortError", "stack": "s", "cause": "c"}""",
            TracingJson.Options)!;

        Assert.Equal("boom", error.Message);
        Assert.Equal("SHUTDOWN", error.Id);
        Assert.Equal("AGENT", error.Domain);
        Assert.Equal("SYSTEM", error.Category);
        Assert.Equal("[1]", ((JsonNode)error.Details!["a"]!).ToJsonString());
        Assert.Equal("AbortError", error.Name);
        Assert.Equal("s", error.Stack);
        Assert.Equal(["cause"], error.AdditionalProperties!.Keys.ToArray());
        Assert.Equal("SHUTDOWN: boom", error.ToString());
        Assert.Equal("boom", new SpanErrorInfo { Message = "boom" }.ToString());
    }

    [Fact]
    public void Clone_is_shallow()
    {
        var span = new ExportedSpan { Id = "s", Attributes = new AgentRunAttributes(), Metadata = new Dictionary<string, object?>() };

        var copy = span.Clone();
        copy.Id = "other";

        Assert.Equal("s", span.Id);
        Assert.Same(span.Attributes, copy.Attributes);
        Assert.Same(span.Metadata, copy.Metadata);
    }

    [Fact]
    public void ToString_names_type_name_and_ids()
    {
        var span = new ExportedSpan { Id = "s1", TraceId = "t1", Name = "step: 0", Type = SpanType.ModelStep };

        Assert.Equal("model_step 'step: 0' (t1/s1)", span.ToString());
        Assert.Equal("SpanUpdated model_step 'step: 0' (t1/s1)", new TracingEvent { Type = TracingEventType.SpanUpdated, ExportedSpan = span }.ToString());
    }

    [Fact]
    public void The_source_generated_context_reads_and_writes_the_examples()
    {
        foreach (var node in TestFiles.Json("Example1.json").AsArray().Append(TestFiles.Json("Example2.json")))
        {
            var read = JsonSerializer.Deserialize(node!.ToJsonString(), TracingJsonContext.Default.TracingEvent)!;

            AssertJson.Equal(node, JsonNode.Parse(JsonSerializer.Serialize(read, TracingJsonContext.Default.TracingEvent)));
        }

        var feedback = JsonSerializer.Deserialize(TestFiles.Text("Example3.json"), TracingJsonContext.Default.FeedbackEvent)!;
        AssertJson.Equal(TestFiles.Text("Example3.json"), JsonSerializer.Serialize(feedback, TracingJsonContext.Default.FeedbackEvent));
    }

    [Fact]
    public void CreateOptions_gives_read_only_options_of_the_same_shape()
    {
        var options = TracingJson.CreateOptions(null);
        var span = JsonSerializer.Deserialize<ExportedSpan>(Compact(TestFiles.Json("Example1.json")[1]!["exportedSpan"]!), options)!;

        Assert.True(options.IsReadOnly);
        Assert.True(TracingJson.Options.IsReadOnly);
        Assert.Equal(JsonSerializer.Serialize(span, TracingJson.Options), JsonSerializer.Serialize(span, options));
    }

    private static string Compact(JsonNode node) => node.ToJsonString();
}
