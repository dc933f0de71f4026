using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>Producers may store any CLR value in <c>object?</c> members; reading always gives <see cref="JsonNode"/>.</summary>
public class ClrValueTests
{
    private const string ExpectedSpan = """
        {"id": "s", "traceId": "t", "name": "n", "type": "tool_call", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": false, "isRootSpan": false,
         "input": {"city": "Paris", "days": 3, "metric": true, "ratio": 0.5, "big": 9007199254740993, "nested": {"list": [1, "two", null]}},
         "output": [{"city": "Paris", "tempC": 21.5, "tags": ["sunny"]}, "text", 4],
         "metadata": {"element": {"a": [1, 2]}, "node": {"b": null}, "poco": {"city": "Lyon", "tempC": -2, "tags": []}, "time": "2026-01-01T00:00:00.000Z", "ints": [1, 2, 3], "map": {"x": 1}},
         "requestContext": {"tenant": "acme", "region": "eu"},
         "errorInfo": {"message": "m", "details": {"poco": {"city": "Oslo", "tempC": 0, "tags": ["a"]}}},
         "futureKey": {"city": "Rome", "tempC": 30, "tags": []}}
        """;

    private static ExportedSpan SpanWithClrValues() => new()
    {
        Id = "s",
        TraceId = "t",
        Name = "n",
        Type = SpanType.ToolCall,
        StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Input = new Dictionary<string, object?>
        {
            ["city"] = "Paris",
            ["days"] = 3,
            ["metric"] = true,
            ["ratio"] = 0.5,
            ["big"] = 9007199254740993L,
            ["nested"] = new Dictionary<string, object?> { ["list"] = new List<object?> { 1, "two", null } },
        },
        Output = new List<object?> { new Weather("Paris", 21.5, ["sunny"]), "text", 4 },
        Metadata = new Dictionary<string, object?>
        {
            ["element"] = JsonDocument.Parse("""{"a": [1, 2]}""").RootElement,
            ["node"] = JsonNode.Parse("""{"b": null}"""),
            ["poco"] = new Weather("Lyon", -2, []),
            ["time"] = new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)),
            ["ints"] = new[] { 1, 2, 3 },
            ["map"] = new Dictionary<string, int> { ["x"] = 1 },
        },
        RequestContext = new { Tenant = "acme", Region = "eu" },
        ErrorInfo = new SpanErrorInfo
        {
            Message = "m",
            Details = new Dictionary<string, object?> { ["poco"] = new Weather("Oslo", 0, ["a"]) },
        },
        AdditionalProperties = new Dictionary<string, object?> { ["futureKey"] = new Weather("Rome", 30, []) },
    };

    [Fact]
    public void A_span_with_clr_values_serialises_to_their_json_form()
    {
        AssertJson.Equal(ExpectedSpan, JsonSerializer.Serialize(SpanWithClrValues(), TracingJson.Options));
    }

    [Fact]
    public void A_tracing_event_with_clr_values_serialises_to_their_json_form()
    {
        var tracingEvent = new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = SpanWithClrValues() };

        var json = JsonNode.Parse(JsonSerializer.Serialize(tracingEvent, TracingJson.Options))!;

        Assert.Equal("span_ended", (string)json["type"]!);
        AssertJson.Equal(JsonNode.Parse(ExpectedSpan), json["exportedSpan"]);
    }

    [Fact]
    public void A_feedback_event_with_clr_values_serialises_to_their_json_form()
    {
        var feedback = new FeedbackEvent
        {
            Feedback = new ExportedFeedback
            {
                FeedbackId = "f",
                FeedbackType = "rating",
                Value = 4,
                Timestamp = new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero),
                CorrelationContext = new Weather("Paris", 1, []),
                Metadata = new Dictionary<string, object?> { ["poco"] = new { Plan = "pro" } },
            },
        };

        AssertJson.Equal(
            """
            {"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": "2026-01-01T00:05:00.000Z", "feedbackType": "rating", "value": 4,
             "correlationContext": {"city": "Paris", "tempC": 1, "tags": []}, "metadata": {"poco": {"plan": "pro"}}}}
            """,
            JsonSerializer.Serialize(feedback, TracingJson.Options));
    }

    [Fact]
    public void Values_read_from_json_are_json_nodes()
    {
        const string json = """
            {"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": "2026-01-01T00:00:00.000Z",
             "input": "text", "output": [1], "metadata": {"n": 1, "o": {}, "b": false, "z": null}, "requestContext": {"a": 1}, "futureKey": 2.5}
            """;

        var span = JsonSerializer.Deserialize<ExportedSpan>(json, TracingJson.Options)!;

        Assert.Equal("text", Assert.IsAssignableFrom<JsonValue>(span.Input).GetValue<string>());
        Assert.IsType<JsonArray>(span.Output);
        Assert.Equal(1, Assert.IsAssignableFrom<JsonValue>(span.Metadata!["n"]).GetValue<int>());
        Assert.IsType<JsonObject>(span.Metadata["o"]);
        Assert.False(Assert.IsAssignableFrom<JsonValue>(span.Metadata["b"]).GetValue<bool>());
        Assert.Null(span.Metadata["z"]);
        Assert.IsType<JsonObject>(span.RequestContext);
        Assert.Equal(2.5, Assert.IsAssignableFrom<JsonValue>(span.AdditionalProperties!["futureKey"]).GetValue<double>());
        Assert.All(new[] { span.Input, span.Output, span.Metadata["n"] }, v => Assert.Null(((JsonNode)v!).Parent));
    }

    [Fact]
    public void Clr_values_stored_in_attributes_are_kept_as_their_json_form()
    {
        var attributes = new ClientToolCallAttributes
        {
            ClientEnvironment = new Dictionary<string, object?> { ["browser"] = "firefox" },
            AdditionalProperties = new Dictionary<string, object?> { ["poco"] = new Weather("Paris", 2, []) },
        };
        attributes.AdditionalProperties["element"] = JsonDocument.Parse("[1, 2]").RootElement;

        AssertJson.Equal(
            """{"clientEnvironment": {"browser": "firefox"}, "poco": {"city": "Paris", "tempC": 2, "tags": []}, "element": [1, 2]}""",
            JsonSerializer.Serialize(attributes, TracingJson.Options));
        Assert.IsType<JsonObject>(attributes.ClientEnvironment);
    }

    private sealed record Weather(string City, double TempC, string[] Tags);
}
