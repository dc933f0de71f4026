using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using NSubstitute;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Shutdown, cleanup of finished traces, and the caps on cached data.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task A59_shutdown_aborts_active_spans_in_start_order_then_flushes_an_injected_client()
    {
        var h = new ExporterHarness(substitute: true);
        await h.Send(
            Start(Span("r", root: true, input: "hi")),
            Start(Span("c", "model_generation", parent: "r", input: "hello")));
        h.Time.Advance(TimeSpan.FromSeconds(60));

        await h.Exporter.ShutdownAsync();

        var actual = new JsonArray(h.Events.Select(e => (JsonNode)JsonAssert.ToJson(e)).ToArray());
        JsonAssert.Equal(TestData.Node("s16-shutdown.events.json"), actual);
        await h.Client.Received(1).FlushAsync(Arg.Any<System.Threading.CancellationToken>());
        await h.Client.DidNotReceiveWithAnyArgs().ShutdownAsync();
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Information && l.Message == "posthog shutdown complete");
    }

    [Fact]
    public async Task A60_exports_after_shutdown_are_ignored()
    {
        var h = new ExporterHarness(substitute: true);
        await h.Exporter.ShutdownAsync();

        await h.Life(Span("x", parent: "p"));
        await h.Exporter.ExportFeedbackAsync(new FeedbackEvent { Feedback = new ExportedFeedback { FeedbackId = "f", TraceId = "t1", FeedbackType = "thumbs", Value = "up" } });

        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task A61_shutdown_twice_returns_the_same_task_and_flushes_once()
    {
        var h = new ExporterHarness(substitute: true);
        var first = h.Exporter.ShutdownAsync();
        var second = h.Exporter.ShutdownAsync();

        Assert.Same(first, second);
        await first;
        await h.Client.Received(1).FlushAsync(Arg.Any<System.Threading.CancellationToken>());
    }

    [Fact]
    public async Task A62_a_finished_trace_is_forgotten_after_the_cleanup_delay()
    {
        await using var h = new ExporterHarness(substitute: true);

        await h.Life(Span("r", root: true));
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Life(Span("d", parent: "r"));
        Assert.DoesNotContain(h.Events, e => e.EventName == "$ai_span");

        // The late child waits for a parent that never comes; a flush sends it with the raw parent id.
        await h.Exporter.FlushAsync();
        Assert.Equal("r", (string?)h.PropsFor("d")["$ai_parent_id"]);
        Assert.DoesNotContain(h.Logs, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Late_events_within_the_delay_cancel_the_cleanup()
    {
        await using var h = new ExporterHarness(substitute: true);

        await h.Life(Span("r", root: true));
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await h.Life(Span("d", parent: "r"));
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await h.Life(Span("e", parent: "r"));

        Assert.Equal("t1", (string?)h.PropsFor("d")["$ai_parent_id"]);
        Assert.Equal("t1", (string?)h.PropsFor("e")["$ai_parent_id"]);
    }

    [Fact]
    public async Task Each_finished_trace_is_forgotten_the_delay_after_its_own_last_event()
    {
        await using var h = new ExporterHarness(substitute: true);

        await h.Life(Span("a1", root: true, traceId: "A"));     // A due at 30 s
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Life(Span("b1", root: true, traceId: "B"));     // B due at 40 s
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Life(Span("a2", parent: "a1", traceId: "A"));   // A used again: due at 50 s
        h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, h.Exporter.TrackedTraceCount);          // 30 s: nothing due

        h.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, h.Exporter.TrackedTraceCount);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.Exporter.TrackedTraceCount);          // 40 s: B forgotten

        // A still knows its root, and is used again (due at 70 s); once forgotten, a late child no longer finds the root.
        await h.Life(Span("a3", parent: "a1", traceId: "A"));
        Assert.Equal("A", (string?)h.PropsFor("a3")["$ai_parent_id"]);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, h.Exporter.TrackedTraceCount);
        await h.Life(Span("a4", parent: "a1", traceId: "A"));
        await h.Exporter.FlushAsync();
        Assert.Equal("a1", (string?)h.PropsFor("a4")["$ai_parent_id"]);
    }

    [Fact]
    public async Task A63_a_trace_with_active_spans_is_never_cleaned_up()
    {
        await using var h = new ExporterHarness(substitute: true);

        await h.Send(Start(Span("r", root: true)), Start(Span("g", "model_generation", parent: "r", input: "q")));
        h.Time.Advance(TimeSpan.FromSeconds(60));
        await h.Send(End(Span("g", "model_generation", parent: "r")));

        var props = h.Single().Properties!;
        Assert.Equal("t1", (string?)props["$ai_parent_id"]);
        Assert.NotNull(props["$ai_input"]);
    }

    [Fact]
    public async Task A64_the_oldest_trace_is_killed_beyond_the_hard_cap()
    {
        await using var h = new ExporterHarness(o => o.MaxTotalTraces = 2, substitute: true);

        await h.Send(
            Start(Span("a", root: true, traceId: "A")),
            Start(Span("b", root: true, traceId: "B")),
            Start(Span("c", root: true, traceId: "C")));

        var e = h.Single();
        Assert.Equal("$ai_trace", e.EventName);
        Assert.Equal("A", (string?)e.Properties!["$ai_trace_id"]);
        JsonAssert.Contains("""{"$ai_error":"Trace killed due to memory cap enforcement.","error_id":"TRACE_CAP_EXCEEDED","error_category":"SYSTEM"}""", e.Properties!);
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Warning && l.Message == "posthog: trace A killed due to memory cap enforcement (1 active spans aborted); 1 since the last report");
        Assert.Equal(2, h.Exporter.TrackedTraceCount);
    }

    [Fact]
    public async Task A65_only_max_pending_cleanup_traces_wait()
    {
        await using var h = new ExporterHarness(o => o.MaxPendingCleanupTraces = 1, substitute: true);

        await h.Life(Span("x", root: true, traceId: "A"));
        Assert.Equal(1, h.Exporter.TrackedTraceCount);
        await h.Life(Span("y", root: true, traceId: "B"));
        Assert.Equal(1, h.Exporter.TrackedTraceCount);

        // A was removed at once: a late child of A no longer finds its root. It waits for it until A's new state is
        // cleaned up, then goes with the raw parent id.
        await h.Life(Span("late", parent: "x", traceId: "A"));
        Assert.DoesNotContain(h.Events, e => (string?)e.Properties!["$ai_span_id"] == "late");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("x", (string?)h.PropsFor("late")["$ai_parent_id"]);
        Assert.Equal(0, h.Exporter.TrackedTraceCount);
    }

    [Fact]
    public async Task Flush_waits_for_the_client_and_never_ends_spans()
    {
        await using var h = new ExporterHarness(substitute: true);
        await h.Send(Start(Span("r", root: true)));

        await h.Exporter.FlushAsync();

        Assert.Empty(h.Events);
        await h.Client.Received(1).FlushAsync(Arg.Any<System.Threading.CancellationToken>());
    }

    [Fact]
    public async Task Dispose_shuts_down_synchronously()
    {
        var h = new ExporterHarness(substitute: true);
        await h.Send(Start(Span("r", root: true)));

        h.Exporter.Dispose();

        Assert.Equal("$ai_trace", h.Single().EventName);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_only_the_wait_of_shutdown()
    {
        var h = new ExporterHarness(substitute: true);
        var blocked = new TaskCompletionSource<PostHogFlushResult>();
        h.Client.FlushAsync(default).ReturnsForAnyArgs(blocked.Task);
        using var cts = new System.Threading.CancellationTokenSource();

        var wait = h.Exporter.ShutdownAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        blocked.SetResult(new PostHogFlushResult(0, 0, 0));
        await h.Exporter.ShutdownAsync();
    }
}
