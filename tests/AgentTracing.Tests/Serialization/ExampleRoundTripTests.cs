using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>The round trip (read, write back, compare) of every example event of the tracing model.</summary>
public class ExampleRoundTripTests
{
    public static TheoryData<int> Example1Indexes => new(Enumerable.Range(0, 11));

    [Fact]
    public void Example1_has_the_eleven_events_of_the_spec()
    {
        var events = TestFiles.Json("Example1.json").AsArray();

        Assert.Equal(11, events.Count);
        Assert.Equal(
            ["span_started", "span_started", "span_started", "span_started", "span_ended", "span_ended", "span_ended", "span_started", "span_ended", "span_ended", "span_ended"],
            events.Select(e => (string)e!["type"]!).ToArray());
    }

    [Theory]
    [MemberData(nameof(Example1Indexes))]
    public void Example1_event_round_trips(int index)
    {
        RoundTrip.AssertEvent(TestFiles.Json("Example1.json")[index]!);
    }

    [Fact]
    public void Example1_as_a_whole_array_round_trips()
    {
        var text = TestFiles.Text("Example1.json");

        var events = JsonSerializer.Deserialize<TracingEvent[]>(text, TracingJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(events, TracingJson.Options))!.AsArray();

        var original = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(original.Count, written.Count);
        for (var i = 0; i < original.Count; i++)
        {
            AssertJson.Equal(RoundTrip.Normalize(original[i]!), written[i]);
        }
    }

    [Fact]
    public void Example2_span_updated_round_trips()
    {
        RoundTrip.AssertEvent(TestFiles.Json("Example2.json"));
    }

    [Fact]
    public void Example3_feedback_round_trips()
    {
        RoundTrip.AssertEvent(TestFiles.Json("Example3.json"));
    }

    [Fact]
    public void Example_times_are_already_canonical_so_the_output_equals_the_input_exactly()
    {
        // Every time in the examples is already in the output form (yyyy-MM-ddTHH:mm:ss.fffZ) and no typed key is null, so no normalisation applies.
        foreach (var node in TestFiles.Json("Example1.json").AsArray().Append(TestFiles.Json("Example2.json")))
        {
            Assert.True(JsonNode.DeepEquals(node, RoundTrip.Normalize(node!)));
        }
    }

    [Fact]
    public void Example1_root_start_reads_into_the_model()
    {
        var first = JsonSerializer.Deserialize<TracingEvent>(TestFiles.Json("Example1.json")[0]!.ToJsonString(), TracingJson.Options)!;
        var span = first.ExportedSpan;

        Assert.Equal(TracingEventType.SpanStarted, first.Type);
        Assert.Null(first.AdditionalProperties);
        Assert.Equal("e9be30e345c5c880", span.Id);
        Assert.Equal("0c831f7486dad4be14a37cc20acbc9bb", span.TraceId);
        Assert.Null(span.ParentSpanId);
        Assert.Equal("agent run: 'weather-agent'", span.Name);
        Assert.Equal(SpanType.AgentRun, span.Type);
        Assert.Equal("agent", span.EntityType);
        Assert.Equal("weather-agent", span.EntityId);
        Assert.Equal("weather-agent", span.EntityName);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), span.StartTime);
        Assert.Null(span.EndTime);
        Assert.Equal("You are helpful", Assert.IsType<AgentRunAttributes>(span.Attributes).Instructions);
        Assert.Equal(["prod"], span.Tags!);
        Assert.Equal("Weather in Paris?", Assert.IsAssignableFrom<JsonValue>(span.Input).GetValue<string>());
        Assert.Null(span.Output);
        Assert.False(span.IsEvent);
        Assert.True(span.IsRootSpan);
        Assert.Equal(["runId", "userId", "sessionId"], span.Metadata!.Keys.ToArray());
        Assert.Equal("user-1", Assert.IsAssignableFrom<JsonValue>(span.Metadata["userId"]).GetValue<string>());
        Assert.Null(span.AdditionalProperties);
    }

    [Fact]
    public void Example1_step_end_reads_usage_and_details()
    {
        var stepEnd = JsonSerializer.Deserialize<TracingEvent>(TestFiles.Json("Example1.json")[6]!.ToJsonString(), TracingJson.Options)!;
        var attributes = Assert.IsType<ModelStepAttributes>(stepEnd.ExportedSpan.Attributes);

        Assert.Equal(0, attributes.StepIndex);
        Assert.Equal("49c41e57-3186-4991-9bab-dc35e3410d95", attributes.MessageId);
        Assert.Equal("tool-calls", attributes.FinishReason);
        Assert.True(attributes.IsContinued);
        Assert.Equal(100L, attributes.Usage!.InputTokens);
        Assert.Equal(20L, attributes.Usage.OutputTokens);
        Assert.Equal(40L, attributes.Usage.InputDetails!.CacheRead);
        Assert.Equal(60L, attributes.Usage.InputDetails.Text);
        Assert.Null(attributes.Usage.InputDetails.CacheWrite);
        Assert.Equal(20L, attributes.Usage.OutputDetails!.Text);
        Assert.Empty(attributes.AdditionalProperties);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), stepEnd.ExportedSpan.EndTime);
        Assert.IsType<JsonArray>(stepEnd.ExportedSpan.Input);
    }

    [Fact]
    public void Example1_generation_end_reads_parameters_tools_and_completion_time()
    {
        var generationEnd = JsonSerializer.Deserialize<TracingEvent>(TestFiles.Json("Example1.json")[9]!.ToJsonString(), TracingJson.Options)!;
        var attributes = Assert.IsType<ModelGenerationAttributes>(generationEnd.ExportedSpan.Attributes);

        Assert.Equal("gpt-4o-mini", attributes.Model);
        Assert.Equal("openai.chat", attributes.Provider);
        Assert.False(attributes.Streaming);
        Assert.Equal(0.2, attributes.Parameters!.Temperature);
        Assert.Equal(512, attributes.Parameters.MaxOutputTokens);
        var tool = Assert.Single(attributes.Tools!);
        Assert.Equal("function", tool.Type);
        Assert.Equal("weather", tool.Name);
        Assert.Equal("Get weather", tool.Description);
        Assert.Null(tool.Id);
        AssertJson.Equal("""{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""", ((JsonNode)tool.Parameters!).ToJsonString());
        Assert.Equal("stop", attributes.FinishReason);
        Assert.Equal("resp-1", attributes.ResponseId);
        Assert.Equal("gpt-4o-mini-2024-07-18", attributes.ResponseModel);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero), attributes.CompletionStartTime);
        Assert.Equal(230L, attributes.Usage!.InputTokens);
        Assert.Equal(32L, attributes.Usage.OutputTokens);
        Assert.Equal(80L, attributes.Usage.InputDetails!.CacheRead);
    }

    [Fact]
    public void Example1_tool_result_chunk_is_an_event_span_without_end_time()
    {
        var chunk = JsonSerializer.Deserialize<TracingEvent>(TestFiles.Json("Example1.json")[5]!.ToJsonString(), TracingJson.Options)!;
        var attributes = Assert.IsType<ModelChunkAttributes>(chunk.ExportedSpan.Attributes);

        Assert.Equal(TracingEventType.SpanEnded, chunk.Type);
        Assert.True(chunk.ExportedSpan.IsEvent);
        Assert.Null(chunk.ExportedSpan.EndTime);
        Assert.Equal("tool-result", attributes.ChunkType);
        Assert.Equal(1, attributes.SequenceNumber);
        Assert.Equal("call_1", Assert.IsAssignableFrom<JsonValue>(chunk.ExportedSpan.Metadata!["toolCallId"]).GetValue<string>());
    }
}
