using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Which PostHog event each span becomes, when it is emitted, and its parent ids.</summary>
public sealed class MappingTests
{
    [Fact]
    public async Task A1_child_with_unknown_parent_keeps_the_raw_parent_id()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "missing"));

        var e = h.Single();
        Assert.Equal("$ai_span", e.EventName);
        Assert.Equal("anonymous", e.DistinctId);
        JsonAssert.Equal("""
            {"$ai_trace_id":"t1","$ai_latency":1,"$ai_is_error":false,"$ai_parent_id":"missing","$ai_span_id":"c","$ai_span_name":"test-span"}
            """, e.Properties);
    }

    [Fact]
    public async Task A2_root_agent_run_becomes_one_ai_trace_with_tags_session_and_metadata_but_no_attributes()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", "agent_run", root: true,
            meta: """{"userId":"user-123","sessionId":"session-9","tenant":"acme"}""",
            tags: ["production", "experiment-v2"],
            attr: """{"maxSteps":5}""",
            input: Json("""[{"role":"user","content":"Weather in Paris?"}]"""),
            output: Json("""{"text":"It is 21C."}""")));

        var e = h.Single();
        Assert.Equal("$ai_trace", e.EventName);
        Assert.Equal("user-123", e.DistinctId);
        JsonAssert.Equal("""
            {"$ai_trace_id":"t1","$ai_span_name":"test-span","$ai_is_error":false,"$ai_session_id":"session-9",
             "$ai_input_state":[{"role":"user","content":"Weather in Paris?"}],"$ai_output_state":{"text":"It is 21C."},
             "production":true,"experiment-v2":true,"tenant":"acme"}
            """, e.Properties);
    }

    [Fact]
    public async Task A3_child_of_the_root_hangs_off_the_trace_id()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", "agent_run", root: true));
        await h.Life(Span("c", "tool_call", parent: "r"));

        Assert.Equal(["$ai_trace", "$ai_span"], h.Events.Select(e => e.EventName));
        Assert.Equal("t1", (string?)h.Events[1].Properties!["$ai_parent_id"]);
    }

    [Fact]
    public async Task A4_nested_child_keeps_its_parent_id()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", root: true)), Start(Span("a", "workflow_step", parent: "r")));
        await h.Life(Span("c", "tool_call", parent: "a"));

        Assert.Equal("a", (string?)h.Single().Properties!["$ai_parent_id"]);
    }

    /// <summary>
    /// A trace that is one model call: PostHog prices and lists only <c>$ai_generation</c> events
    /// (<c>processAiEvent</c> costs generations and embeddings only, nodejs/src/ingestion/ai/process-ai-event.ts), so
    /// the root is sent as the <c>$ai_trace</c> and as a generation under it, which <c>restoreTree</c> (the trace page)
    /// hangs under the trace by <c>$ai_parent_id</c> = the trace id.
    /// </summary>
    [Fact]
    public async Task A5_root_generation_is_a_trace_and_a_generation_under_it_with_model_and_tokens()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", root: true, attr: """{"model":"gpt-4o","provider":"openai.chat","usage":{"inputTokens":10,"outputTokens":5}}"""));

        Assert.Equal(["$ai_generation", "$ai_trace"], h.Events.Select(e => e.EventName));
        JsonAssert.Equal("""
            {"$ai_trace_id":"t1","$ai_latency":1,"$ai_is_error":false,"$ai_parent_id":"t1","$ai_generation_id":"g",
             "$ai_model":"gpt-4o","$ai_provider":"openai","provider_id":"openai.chat","$ai_input_tokens":10,"$ai_output_tokens":5}
            """, h.Events[0].Properties!);
        var trace = h.Events[1].Properties!;
        Assert.Equal("t1", (string?)trace["$ai_trace_id"]);
        JsonAssert.Lacks(trace, "$ai_input_tokens", "$ai_output_tokens", "$ai_model", "$ai_generation_id");
    }

    [Fact]
    public async Task A6_chunk_carries_chunk_type_and_sequence_twice()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("k", "model_chunk", parent: "p", attr: """{"chunkType":"text","sequenceNumber":0}"""));

        JsonAssert.Contains("""{"chunk_type":"text","chunk_sequence_number":0,"chunkType":"text","sequenceNumber":0}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A7_unknown_span_type_is_a_span_with_its_raw_attributes()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("f", "future_span", parent: "p", attr: """{"foo":1}"""));

        var e = h.Single();
        Assert.Equal("$ai_span", e.EventName);
        JsonAssert.Contains("""{"$ai_span_id":"f","foo":1}""", e.Properties!);
    }

    [Fact]
    public async Task A8_model_inference_is_a_span_with_nested_usage_and_no_token_properties()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("i", "model_inference", parent: "p", attr: """{"model":"m","usage":{"inputTokens":10,"outputTokens":5}}"""));

        var e = h.Single();
        Assert.Equal("$ai_span", e.EventName);
        JsonAssert.Contains("""{"model":"m","usage":{"inputTokens":10,"outputTokens":5}}""", e.Properties!);
        JsonAssert.Lacks(e.Properties!, "$ai_input_tokens");
    }

    [Fact]
    public async Task A9_root_ending_before_its_child_still_parents_the_child_to_the_trace()
    {
        await using var h = new ExporterHarness();
        var root = Span("r", root: true);
        var child = Span("c", parent: "r");

        await h.Send(Start(root), Start(child), End(root), End(child));

        Assert.Equal(["$ai_trace", "$ai_span"], h.Events.Select(e => e.EventName));
        Assert.Equal("t1", (string?)h.Events[1].Properties!["$ai_parent_id"]);
    }

    [Fact]
    public async Task A10_latency_and_timestamp_come_from_start_and_end_in_whole_milliseconds()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", "tool_call", parent: "p", startMs: 0, endMs: 1850));

        var e = h.Single();
        Assert.Equal(1.85, (double)e.Properties!["$ai_latency"]!);
        Assert.Equal(T0.AddMilliseconds(1850), e.Timestamp);
    }

    [Fact]
    public async Task A11_end_without_end_time_uses_now()
    {
        await using var h = new ExporterHarness();
        var span = Span("c", parent: "p", endMs: null);

        await h.Send(Start(span));
        h.Time.Advance(System.TimeSpan.FromSeconds(3));
        await h.Send(End(span));

        var e = h.Single();
        Assert.Equal(3d, (double)e.Properties!["$ai_latency"]!);
        Assert.Equal(T0.AddSeconds(3), e.Timestamp);
    }

    [Fact]
    public async Task Negative_latency_from_clock_skew_is_clamped_to_zero()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", startMs: 500, endMs: 100));

        Assert.Equal(0d, (double)h.Single().Properties!["$ai_latency"]!);
    }

    [Fact]
    public async Task Starts_and_updates_emit_nothing()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("c", parent: "p")), Update(Span("c", parent: "p", input: "x")));

        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task A_second_end_of_the_same_span_is_emitted_again()
    {
        await using var h = new ExporterHarness();
        var span = Span("c", parent: "p");

        await h.Send(Start(span), End(span), End(span));

        Assert.Equal(2, h.Events.Count);
    }

    [Fact]
    public async Task Section4_examples_root_trace_child_of_root_and_nested_child_are_exact()
    {
        await using var h = new ExporterHarness();
        var root = Span("r", "agent_run", root: true, name: "agent run: 'weather-agent'",
            meta: """{"userId":"user-123","sessionId":"session-9","tenant":"acme","plan":"pro"}""",
            tags: ["production", "experiment-v2"], attr: """{"instructions":"secret","maxSteps":5}""",
            input: Json("""[{"role":"user","content":"Weather in Paris?"}]"""),
            output: Json("""{"text":"It is 21C.","object":null,"files":[]}"""));
        await h.Life(root);
        JsonAssert.Equal(TestData.Node("s4-trace-root.event.json"), JsonAssert.ToJson(h.Single()));

        await using var h2 = new ExporterHarness();
        await h2.Send(Start(Span("root", root: true, traceId: "t1")));
        await h2.Life(Span("c", "tool_call", parent: "root", name: "tool: 'weather'", startMs: 100, endMs: 400,
            attr: """{"toolType":"tool","success":true}""", input: Json("""{"city":"Paris"}"""), output: Json("""{"tempC":21}""")));
        JsonAssert.Equal(TestData.Node("s4-child-of-root.event.json"), JsonAssert.ToJson(h2.Single()));

        await using var h3 = new ExporterHarness();
        await h3.Send(Start(Span("r", root: true)), Start(Span("a", "workflow_step", parent: "r")));
        await h3.Life(Span("c", parent: "a", startMs: 100, endMs: 400));
        JsonAssert.Equal(TestData.Node("s4-nested-child.event.json"), JsonAssert.ToJson(h3.Single()));
    }
}
