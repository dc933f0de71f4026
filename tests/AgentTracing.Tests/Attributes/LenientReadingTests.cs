using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Attributes;

/// <summary>Lenient reading: a typed key holding a value of an unexpected kind stays null and is kept as an unknown key.</summary>
public class LenientReadingTests
{
    private static string EventWith(string type, string attributes) => $$"""
        {"type": "span_ended", "exportedSpan": {"id": "s", "traceId": "t", "name": "n", "type": "{{type}}", "startTime": "2026-01-01T00:00:00.000Z",
         "attributes": {{attributes}}, "isEvent": false, "isRootSpan": false} }
        """;

    private static SpanAttributes ReadAttributes(string type, string attributes) =>
        JsonSerializer.Deserialize<TracingEvent>(EventWith(type, attributes), TracingJson.Options)!.ExportedSpan.Attributes!;

    [Theory]
    [InlineData("\"five\"")]
    [InlineData("2.5")]
    [InlineData("5.0")]
    [InlineData("2147483648")]
    [InlineData("true")]
    [InlineData("[5]")]
    [InlineData("{\"value\": 5}")]
    public void MaxSteps_of_the_wrong_kind_is_null_and_kept(string value)
    {
        var attributes = (AgentRunAttributes)ReadAttributes("agent_run", $$"""{"maxSteps": {{value}}, "instructions": "hi"}""");

        Assert.Null(attributes.MaxSteps);
        Assert.Equal("hi", attributes.Instructions);
        Assert.Equal(["maxSteps"], attributes.AdditionalProperties.Keys.ToArray());
        Assert.Equal(JsonNode.Parse(value)!.ToJsonString(), ((JsonNode)attributes.AdditionalProperties["maxSteps"]!).ToJsonString());
        RoundTrip.AssertEvent(JsonNode.Parse(EventWith("agent_run", $$"""{"maxSteps": {{value}}, "instructions": "hi"}"""))!);
    }

    [Fact]
    public void The_raw_value_is_written_back_exactly()
    {
        var tracingEvent = JsonSerializer.Deserialize<TracingEvent>(EventWith("agent_run", """{"maxSteps": "five"}"""), TracingJson.Options)!;

        var written = JsonSerializer.Serialize(tracingEvent, TracingJson.Options);

        Assert.Contains("\"attributes\":{\"maxSteps\":\"five\"}", written, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model_step", "stepIndex", "1.5")]
    [InlineData("model_chunk", "sequenceNumber", "-0.5")]
    [InlineData("processor_run", "processorIndex", "\"2\"")]
    [InlineData("model_generation", "serverPort", "443.1")]
    [InlineData("workflow_conditional", "conditionCount", "null")]
    [InlineData("workflow_loop", "iteration", "\"4\"")]
    [InlineData("model_inference", "stepIndex", "3000000000")]
    public void Integer_fields_with_a_fraction_or_another_kind_read_as_null(string type, string key, string value)
    {
        var json = $$"""{"{{key}}": {{value}}}""";
        var attributes = ReadAttributes(type, json);

        var property = attributes.GetType().GetProperties().Single(p => string.Equals(p.Name, key, System.StringComparison.OrdinalIgnoreCase));
        Assert.Null(property.GetValue(attributes));
        RoundTrip.AssertEvent(JsonNode.Parse(EventWith(type, json))!);
    }

    [Fact]
    public void Token_counts_with_a_fraction_read_as_null_and_are_kept()
    {
        var attributes = (ModelStepAttributes)ReadAttributes("model_step", """{"usage": {"inputTokens": 10.5, "outputTokens": 3, "inputDetails": {"cacheRead": "40"}}}""");

        Assert.Null(attributes.Usage!.InputTokens);
        Assert.Equal(3L, attributes.Usage.OutputTokens);
        Assert.Null(attributes.Usage.InputDetails!.CacheRead);
        Assert.Equal(10.5, ((JsonValue)attributes.Usage.AdditionalProperties["inputTokens"]!).GetValue<double>());
        Assert.Equal("40", ((JsonValue)attributes.Usage.InputDetails.AdditionalProperties["cacheRead"]!).GetValue<string>());
        Assert.Empty(attributes.AdditionalProperties);
    }

    [Theory]
    [InlineData("agent_run", "availableTools", "[\"weather\", 1]")]
    [InlineData("agent_run", "availableTools", "[\"weather\", null]")]
    [InlineData("agent_run", "availableTools", "\"weather\"")]
    [InlineData("agent_run", "tripwireAbort", "\"stop\"")]
    [InlineData("model_generation", "usage", "[1, 2]")]
    [InlineData("model_generation", "parameters", "\"default\"")]
    [InlineData("model_generation", "tools", "[{\"type\": \"function\"}, \"weather\"]")]
    [InlineData("model_generation", "tools", "{\"type\": \"function\"}")]
    [InlineData("model_generation", "streaming", "\"yes\"")]
    [InlineData("model_generation", "streaming", "1")]
    [InlineData("model_generation", "model", "42")]
    [InlineData("model_generation", "completionStartTime", "\"not a date\"")]
    [InlineData("model_generation", "completionStartTime", "true")]
    [InlineData("model_step", "isContinued", "\"true\"")]
    [InlineData("workflow_conditional", "truthyIndexes", "[0, 1.5]")]
    [InlineData("workflow_conditional", "truthyIndexes", "[\"0\"]")]
    [InlineData("workflow_conditional_eval", "result", "0")]
    [InlineData("workflow_sleep", "durationMs", "\"1500\"")]
    [InlineData("workflow_sleep", "untilDate", "{}")]
    [InlineData("workflow_wait_event", "timeoutMs", "false")]
    [InlineData("processor_run", "hookDurationMs", "[]")]
    [InlineData("tool_call", "success", "\"ok\"")]
    [InlineData("generic", "internalUsage", "5")]
    public void Any_typed_key_of_the_wrong_kind_reads_as_null_and_round_trips(string type, string key, string value)
    {
        var json = $$"""{"{{key}}": {{value}}, "futureKey": 1}""";
        var attributes = ReadAttributes(type, json);

        var property = attributes.GetType().GetProperties().Single(p => string.Equals(p.Name, key, System.StringComparison.OrdinalIgnoreCase));
        Assert.Null(property.GetValue(attributes));
        Assert.Equal([key, "futureKey"], attributes.AdditionalProperties.Keys.ToArray());
        Assert.Equal(JsonNode.Parse(value)!.ToJsonString(), ((JsonNode)attributes.AdditionalProperties[key]!).ToJsonString());
        RoundTrip.AssertEvent(JsonNode.Parse(EventWith(type, json))!);
    }

    [Fact]
    public void Any_kind_keys_accept_every_json_value_and_are_typed()
    {
        foreach (var value in new[] { "\"text\"", "1", "true", "[]", "{}" })
        {
            var attributes = (ModelGenerationAttributes)ReadAttributes("model_generation", $$"""{"costContext": {{value}}}""");

            Assert.Equal(value, ((JsonNode)attributes.CostContext!).ToJsonString());
            Assert.Empty(attributes.AdditionalProperties);
        }
    }

    [Fact]
    public void Doubles_accept_integers()
    {
        var attributes = (WorkflowWaitEventAttributes)ReadAttributes("workflow_wait_event", """{"timeoutMs": 60000, "waitDurationMs": 0}""");

        Assert.Equal(60000d, attributes.TimeoutMs);
        Assert.Equal(0d, attributes.WaitDurationMs);
        Assert.Empty(attributes.AdditionalProperties);
    }

    [Fact]
    public void Nested_objects_of_the_wrong_kind_do_not_break_their_parents()
    {
        var attributes = (ModelGenerationAttributes)ReadAttributes(
            "model_generation",
            """{"parameters": {"temperature": "hot", "stopSequences": ["a", 1], "seed": 1.5}, "tools": [{"type": 5, "name": ["x"]}]}""");

        Assert.Null(attributes.Parameters!.Temperature);
        Assert.Null(attributes.Parameters.StopSequences);
        Assert.Null(attributes.Parameters.Seed);
        Assert.Equal(["temperature", "stopSequences", "seed"], attributes.Parameters.AdditionalProperties.Keys.ToArray());
        var tool = Assert.Single(attributes.Tools!);
        Assert.Equal("", tool.Type);
        Assert.Null(tool.Name);
        Assert.Equal(["type", "name"], tool.AdditionalProperties.Keys.ToArray());
    }

    [Fact]
    public void Span_level_keys_are_not_lenient()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("""{"id": 1, "traceId": "t", "name": "n", "type": "generic", "startTime": 0}""", TracingJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": 0, "isEvent": "no"}""", TracingJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": 0, "attributes": []}""", TracingJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": 0, "tags": ["a", 1]}""", TracingJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "n", "type": 3, "startTime": 0}""", TracingJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedSpan>("[]", TracingJson.Options));
    }
}
