using System;
using System.Threading.Tasks;
using AgentTracing;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Event spans are emitted at once, once per id.</summary>
public sealed class EventSpanTests
{
    [Fact]
    public async Task A27_event_span_under_the_root_gets_the_trace_id_as_parent_and_its_start_time()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", root: true)), EventSpan(Span("e", "model_chunk", parent: "r", startMs: 500, output: Json("""{"approved":true}"""))));

        var e = h.Single();
        Assert.Equal("$ai_span", e.EventName);
        Assert.Equal(T0.AddMilliseconds(500), e.Timestamp);
        JsonAssert.Contains("""{"$ai_latency":0,"$ai_parent_id":"t1","$ai_output_state":{"approved":true}}""", e.Properties!);
    }

    [Fact]
    public async Task Section9_approval_chunk_is_exactly_the_documented_event()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", root: true)), EventSpan(Span("ev1", "model_chunk", parent: "r", startMs: 500,
            name: "chunk: 'tool-call-approval'", attr: """{"chunkType":"tool-call-approval"}""",
            output: Json("""{"toolCallId":"c1","approved":true}"""))));

        JsonAssert.Equal(TestData.Node("s9-event-span.event.json"), JsonAssert.ToJson(h.Single()));
    }

    [Fact]
    public async Task A28_event_span_with_an_end_time_uses_it()
    {
        await using var h = new ExporterHarness();
        var span = Span("e", parent: "p", isEvent: true, endMs: 2000);

        await h.Send(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = span });

        var e = h.Single();
        Assert.Equal(T0.AddSeconds(2), e.Timestamp);
        Assert.Equal(0d, (double)e.Properties!["$ai_latency"]!);
    }

    [Fact]
    public async Task A29_the_same_event_span_twice_is_emitted_once_from_the_first_arrival()
    {
        await using var h = new ExporterHarness();
        var first = Span("e", parent: "p", isEvent: true, endMs: null, output: "first");
        var second = Span("e", parent: "p", isEvent: true, endMs: null, output: "second");

        await h.Send(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = first }, new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = second });

        Assert.Equal("first", (string?)h.Single().Properties!["$ai_output_state"]);
    }

    [Fact]
    public async Task A30_root_event_span_is_a_span_with_tags_and_no_parent()
    {
        await using var h = new ExporterHarness();
        var span = Span("e", root: true, isEvent: true, endMs: null, tags: ["user-feedback"], output: Json("""{"feedback":"Great!"}"""));

        await h.Send(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = span });

        var e = h.Single();
        Assert.Equal("$ai_span", e.EventName);
        JsonAssert.Contains("""{"user-feedback":true,"$ai_latency":0}""", e.Properties!);
        JsonAssert.Lacks(e.Properties!, "$ai_parent_id");
    }

    [Fact]
    public async Task A31_generation_event_span_is_a_generation()
    {
        await using var h = new ExporterHarness();

        await h.Send(EventSpan(Span("g", "model_generation", parent: "p", attr: """{"model":"m"}""")));

        var e = h.Single();
        Assert.Equal("$ai_generation", e.EventName);
        JsonAssert.Contains("""{"$ai_latency":0,"$ai_model":"m","$ai_provider":"unknown-provider"}""", e.Properties!);
    }

    [Fact]
    public async Task A32_a_trace_of_only_an_event_span_is_emitted_and_cleaned_up_30_seconds_later()
    {
        await using var h = new ExporterHarness();

        await h.Send(EventSpan(Span("e", parent: "p", traceId: "t9")));

        Assert.Single(h.Events);
        Assert.Equal(1, h.Exporter.TrackedTraceCount);
        h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, h.Exporter.TrackedTraceCount);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Exporter.TrackedTraceCount);
    }
}
