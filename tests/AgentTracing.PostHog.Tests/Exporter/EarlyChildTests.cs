using System;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// Spans that end before their parent arrives are held until it does. PostHog's trace page builds the tree from
/// <c>$ai_parent_id</c> (<c>restoreTree</c> in products/llm_analytics/frontend/llmAnalyticsTraceDataLogic.ts): a
/// child that names the root's raw span id instead of the trace id is not under the trace.
/// </summary>
public sealed class EarlyChildTests
{
    [Fact]
    public async Task A_child_ended_before_its_root_started_is_sent_under_the_trace_once_the_root_arrives()
    {
        await using var h = new ExporterHarness();

        await h.SendUnflushed(Start(Span("c", "tool_call", parent: "r")), End(Span("c", "tool_call", parent: "r")));
        Assert.Empty(h.OnTheWire());

        await h.SendUnflushed(Start(Span("r", "agent_run", root: true)));
        var child = Assert.Single(h.OnTheWire());
        Assert.Equal("t1", (string?)child.Properties!["$ai_parent_id"]);

        await h.Send(End(Span("r", "agent_run", root: true)));
        Assert.Equal(["$ai_span", "$ai_trace"], h.Events.Select(e => e.EventName));
    }

    [Fact]
    public async Task A_chain_of_early_spans_hangs_in_order_under_each_parent()
    {
        await using var h = new ExporterHarness();

        await h.SendUnflushed(Start(Span("leaf", "tool_call", parent: "mid")), End(Span("leaf", "tool_call", parent: "mid")));
        await h.SendUnflushed(EventSpan(Span("chunk", "model_chunk", parent: "mid")));
        await h.SendUnflushed(Start(Span("mid", "workflow_step", parent: "r")), End(Span("mid", "workflow_step", parent: "r")));
        Assert.Equal(["leaf", "chunk"], h.OnTheWire().Select(e => (string?)e.Properties!["$ai_span_id"]));

        await h.SendUnflushed(Start(Span("r", "agent_run", root: true)));

        var wire = h.OnTheWire();
        Assert.Equal(["leaf", "chunk", "mid"], wire.Select(e => (string?)e.Properties!["$ai_span_id"]));
        Assert.Equal(["mid", "mid", "t1"], wire.Select(e => (string?)e.Properties!["$ai_parent_id"]));
    }

    [Fact]
    public async Task A_child_whose_parent_never_comes_is_sent_with_the_raw_parent_id_after_the_cleanup_delay()
    {
        await using var h = new ExporterHarness();

        await h.SendUnflushed(Start(Span("c", parent: "missing")), End(Span("c", parent: "missing")));
        Assert.Empty(h.OnTheWire());

        h.Time.Advance(TimeSpan.FromSeconds(30));

        var sent = Assert.Single(h.OnTheWire());
        Assert.Equal("missing", (string?)sent.Properties!["$ai_parent_id"]);
        Assert.Equal(0, h.Exporter.TrackedTraceCount);
    }

    [Fact]
    public async Task A_held_child_of_a_busy_trace_goes_as_it_is_once_it_waited_the_cleanup_delay()
    {
        await using var h = new ExporterHarness();

        await h.SendUnflushed(Start(Span("r", "agent_run", root: true)));
        await h.SendUnflushed(Start(Span("c", parent: "missing")), End(Span("c", parent: "missing")));
        h.Time.Advance(TimeSpan.FromSeconds(31));
        await h.SendUnflushed(Start(Span("other", parent: "r")));

        Assert.Equal("missing", (string?)Assert.Single(h.OnTheWire()).Properties!["$ai_parent_id"]);
    }

    [Fact]
    public async Task Holding_is_bounded_per_trace_and_later_orphans_go_at_once()
    {
        await using var h = new ExporterHarness();

        for (var i = 0; i < SpanProcessor.MaxHeldSpansPerTrace + 5; i++)
        {
            await h.SendUnflushed(Start(Span($"c{i}", parent: "missing")), End(Span($"c{i}", parent: "missing")));
        }

        Assert.Equal(5, h.OnTheWire().Count);
        await h.Exporter.FlushAsync();
        Assert.Equal(SpanProcessor.MaxHeldSpansPerTrace + 5, h.Events.Count);
    }

    [Fact]
    public async Task Shutdown_sends_the_held_spans()
    {
        var h = new ExporterHarness();

        await h.SendUnflushed(Start(Span("c", parent: "missing")), End(Span("c", parent: "missing")));
        await h.DisposeAsync();

        Assert.Equal("missing", (string?)Assert.Single(h.OnTheWire()).Properties!["$ai_parent_id"]);
    }
}
