using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// What a finished trace keeps for late events. The most recent finished traces are kept whole; older ones keep their
/// span tree, so a late span still hangs under its parent on PostHog's trace page (built from <c>$ai_parent_id</c> by
/// <c>restoreTree</c> in products/llm_analytics/frontend/llmAnalyticsTraceDataLogic.ts), but let go of the caller's
/// inputs, outputs, metadata and tags, which would otherwise live on through every garbage collection.
/// </summary>
public sealed class FinishedTraceTests
{
    private const int Whole = TraceRegistry.WholeFinishedTraces;

    [Fact]
    public async Task A_finished_trace_keeps_the_callers_objects_until_enough_newer_traces_finish_and_its_tree_after()
    {
        await using var h = new ExporterHarness();
        var kept = await ExportTraceA(h);

        await FinishTraces(h, Whole - 1);
        Assert.True(IsAlive(kept), "trace A let go of its spans' objects while among the newest finished traces");

        await FinishTraces(h, 1, first: Whole);
        Assert.False(IsAlive(kept), "trace A still holds its spans' objects with more newer finished traces than are kept whole");
        Assert.Equal(Whole + 1, h.Exporter.PendingCleanupTraceCount);

        // Late spans of A, sent without a flush: their parents are still known, so none waits for its parent.
        await h.SendUnflushed([.. Life(Span("late-tool", "tool_call", parent: "g", traceId: "A")),
            .. Life(Span("late-step", "model_step", parent: "g", traceId: "A", output: "ok"))]);
        var wire = h.OnTheWire();
        var tool = wire.Single(e => (string?)e.Properties!["$ai_span_id"] == "late-tool").Properties!;
        var step = wire.Single(e => (string?)e.Properties!["$ai_generation_id"] == "late-step").Properties!;

        Assert.Equal("g", (string?)tool["$ai_parent_id"]);
        Assert.Equal("g", (string?)step["$ai_parent_id"]);

        // The generation keeps its attributes: a late step still inherits its model and provider.
        Assert.Equal("gpt-4o", (string?)step["$ai_model"]);
        Assert.Equal("openai", (string?)step["$ai_provider"]);
    }

    [Fact]
    public async Task A_late_child_of_a_compacted_root_hangs_under_the_trace()
    {
        await using var h = new ExporterHarness();
        await ExportTraceA(h);
        await FinishTraces(h, Whole);

        await h.SendUnflushed([.. Life(Span("late", parent: "r", traceId: "A"))]);

        var late = h.OnTheWire().Single(e => (string?)e.Properties!["$ai_span_id"] == "late").Properties!;
        Assert.Equal("A", (string?)late["$ai_parent_id"]);
    }

    [Fact]
    public async Task A_trace_whose_spans_wait_for_their_parent_is_not_compacted_and_sends_them_whole()
    {
        await using var h = new ExporterHarness();

        // Trace A has only a child whose parent never arrives: it is finished, and holds the child.
        await h.SendUnflushed([.. Life(Span("orphan", parent: "missing", traceId: "A", input: new JsonObject { ["q"] = "kept" }))]);
        await FinishTraces(h, Whole);

        await h.Exporter.FlushAsync();
        var orphan = h.PropsFor("orphan");
        Assert.Equal("missing", (string?)orphan["$ai_parent_id"]);
        JsonAssert.Equal("""{"q":"kept"}""", orphan["$ai_input_state"]);
    }

    /// <summary>
    /// Trace A: a root, a generation and a tool call, each with an input and output object. Returns weak references
    /// to those objects only, so that nothing but the exporter keeps them alive.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference[]> ExportTraceA(ExporterHarness h)
    {
        var objects = Enumerable.Range(0, 6).Select(i => new JsonObject { ["value"] = i }).ToArray();
        await h.Send(
            Start(Span("r", "agent_run", root: true, traceId: "A", input: objects[0], meta: """{"userId":"u1","sessionId":"s1"}""")),
            Start(Span("g", "model_generation", parent: "r", traceId: "A", input: objects[1], attr: """{"model":"gpt-4o","provider":"openai.chat"}""")),
            Start(Span("t", "tool_call", parent: "g", traceId: "A", input: objects[2], tags: ["x"])),
            End(Span("t", "tool_call", parent: "g", traceId: "A", output: objects[3])),
            End(Span("g", "model_generation", parent: "r", traceId: "A", output: objects[4])),
            End(Span("r", "agent_run", root: true, traceId: "A", output: objects[5])));
        return [.. objects.Select(o => new WeakReference(o))];
    }

    private static async Task FinishTraces(ExporterHarness h, int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            await h.SendUnflushed([.. Life(Span($"root-{i}", root: true, traceId: $"T{i}"))]);
        }
    }

    private static bool IsAlive(WeakReference[] references)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return references.Any(r => r.IsAlive);
    }
}
