using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>Nulls are not written; <c>isEvent</c>/<c>isRootSpan</c> are always written and default to false.</summary>
public class NullHandlingTests
{
    [Fact]
    public void A_minimal_span_writes_only_required_keys_and_the_two_flags()
    {
        var span = new ExportedSpan
        {
            Id = "s1",
            TraceId = "t1",
            Name = "n",
            Type = SpanType.ToolCall,
            StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };

        AssertJson.Equal(
            """{"id": "s1", "traceId": "t1", "name": "n", "type": "tool_call", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": false, "isRootSpan": false}""",
            JsonSerializer.Serialize(span, TracingJson.Options));
    }

    [Fact]
    public void The_flags_are_written_when_true()
    {
        var span = new ExportedSpan { Id = "s", TraceId = "t", Name = "n", Type = SpanType.ModelChunk, IsEvent = true, IsRootSpan = true };

        var json = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!;

        Assert.True((bool)json["isEvent"]!);
        Assert.True((bool)json["isRootSpan"]!);
    }

    [Fact]
    public void Missing_flags_read_as_false_and_are_written_back()
    {
        var span = JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": "2026-01-01T00:00:00.000Z"}""", TracingJson.Options)!;

        Assert.False(span.IsEvent);
        Assert.False(span.IsRootSpan);
        Assert.Null(span.IsInternal);
        var json = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!;
        Assert.False((bool)json["isEvent"]!);
        Assert.False((bool)json["isRootSpan"]!);
        Assert.False(json.AsObject().ContainsKey("isInternal"));
    }

    [Fact]
    public void Null_model_keys_read_as_null_and_are_not_written()
    {
        const string json = """
            {"id": "s", "traceId": "t", "parentSpanId": null, "name": "n", "type": "agent_run", "entityType": null, "entityId": null, "entityName": null,
             "startTime": "2026-01-01T00:00:00.000Z", "endTime": null, "attributes": null, "metadata": null, "tags": null, "input": null, "output": null,
             "errorInfo": null, "isEvent": true, "isRootSpan": true, "requestContext": null, "externalParentSpanId": null, "isInternal": null}
            """;

        var span = JsonSerializer.Deserialize<ExportedSpan>(json, TracingJson.Options)!;

        Assert.Null(span.ParentSpanId);
        Assert.Null(span.EndTime);
        Assert.Null(span.Attributes);
        Assert.Null(span.Metadata);
        Assert.Null(span.Tags);
        Assert.Null(span.Input);
        Assert.Null(span.Output);
        Assert.Null(span.ErrorInfo);
        Assert.Null(span.IsInternal);
        Assert.Null(span.AdditionalProperties);
        AssertJson.Equal(
            """{"id": "s", "traceId": "t", "name": "n", "type": "agent_run", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": true, "isRootSpan": true}""",
            JsonSerializer.Serialize(span, TracingJson.Options));
    }

    [Fact]
    public void Nulls_inside_values_and_under_unknown_keys_are_kept()
    {
        const string json = """
            {"id": "s", "traceId": "t", "name": "n", "type": "model_generation", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": false, "isRootSpan": false,
             "attributes": {"model": null, "futureKey": null, "usage": {"inputTokens": null, "futureTokens": null}},
             "metadata": {"userId": null, "nested": {"a": null}},
             "input": [null, {"a": null}],
             "output": {"text": "hi", "object": null},
             "errorInfo": {"message": "m", "details": {"x": null}, "futureError": null},
             "futureSpanKey": null}
            """;

        var span = JsonSerializer.Deserialize<ExportedSpan>(json, TracingJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!;

        AssertJson.Equal(
            """
            {"id": "s", "traceId": "t", "name": "n", "type": "model_generation", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": false, "isRootSpan": false,
             "attributes": {"futureKey": null, "usage": {"futureTokens": null}},
             "metadata": {"userId": null, "nested": {"a": null}},
             "input": [null, {"a": null}],
             "output": {"text": "hi", "object": null},
             "errorInfo": {"message": "m", "details": {"x": null}, "futureError": null},
             "futureSpanKey": null}
            """,
            written.ToJsonString());
        Assert.True(span.Metadata!.ContainsKey("userId"));
        Assert.Null(span.Metadata["userId"]);
        Assert.True(span.AdditionalProperties!.ContainsKey("futureSpanKey"));
    }

    [Fact]
    public void Null_members_of_errorInfo_and_feedback_are_not_written()
    {
        var error = new SpanErrorInfo { Message = "m" };
        var feedback = new ExportedFeedback
        {
            FeedbackId = "f",
            FeedbackType = "thumbs",
            Value = "up",
            Timestamp = new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero),
        };

        Assert.Equal("""{"message":"m"}""", JsonSerializer.Serialize(error, TracingJson.Options));
        AssertJson.Equal(
            """{"feedbackId": "f", "timestamp": "2026-01-01T00:05:00.000Z", "feedbackType": "thumbs", "value": "up"}""",
            JsonSerializer.Serialize(feedback, TracingJson.Options));
    }

    [Fact]
    public void Null_values_set_in_metadata_and_additional_properties_are_written_as_null()
    {
        var span = new ExportedSpan
        {
            Id = "s",
            TraceId = "t",
            Name = "n",
            Type = SpanType.Generic,
            Metadata = new Dictionary<string, object?> { ["gone"] = null },
            AdditionalProperties = new Dictionary<string, object?> { ["future"] = null },
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!.AsObject();

        Assert.True(json["metadata"]!.AsObject().ContainsKey("gone"));
        Assert.True(json.ContainsKey("future"));
        Assert.Null(json["future"]);
    }
}
