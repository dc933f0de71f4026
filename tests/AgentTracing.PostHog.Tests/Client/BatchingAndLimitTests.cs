using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>413 splitting, byte-based batching and per-event limits (wire spec §5, #37-#40).</summary>
public sealed class BatchingAndLimitTests
{
    [Fact]
    public async Task C37_413_splits_the_batch_in_halves()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(413);
        var uuids = Enumerable.Range(0, 5).Select(i => h.Client.Capture(ClientHarness.Event(name: $"e{i}")).Uuid!).ToList();

        Assert.Equal(new PostHogFlushResult(5, 0, 0), await h.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(new[] { 5, 2, 3 }, requests.Select(r => r.Uuids.Count));
        Assert.Equal(uuids, requests[0].Uuids);
        Assert.Equal(uuids.Take(2), requests[1].Uuids);
        Assert.Equal(uuids.Skip(2), requests[2].Uuids);
        Assert.Equal(1, h.Client.GetDiagnostics().Splits);
        Assert.Equal(0, h.Client.GetDiagnostics().Retries);
        Assert.Equal("PostHog request /batch/ answered 413; splitting 5 events",
            Assert.Single(h.LogsStartingWith(LogLevel.Debug, "PostHog request /batch/ answered 413")).Message);
    }

    [Fact]
    public async Task C38_413_everywhere_splits_down_to_single_events_and_drops_them()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Responder = _ => ScriptedResponse.WithStatus(413);
        for (var i = 0; i < 5; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"e{i}"));
        }

        Assert.Equal(new PostHogFlushResult(0, 0, 5), await h.FlushAsync());

        // 5 → (2 → 1, 1), (3 → 1, (2 → 1, 1)).
        Assert.Equal(new[] { 5, 2, 1, 1, 3, 1, 2, 1, 1 }, h.Server.Requests.Select(r => r.Uuids.Count));
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(5, diagnostics.EventsDroppedTooLarge);
        Assert.Equal(4, diagnostics.Splits);
        Assert.Equal(0, diagnostics.EventsFailed);
        Assert.Equal(5, h.Errors.Count(e => e.Reason == PostHogDeliveryErrorReason.EventTooLarge));
    }

    [Fact]
    public async Task C39_batches_are_bounded_by_bytes()
    {
        await using var h = await ClientHarness.StartAsync();
        var twoMiB = 2 * 1024 * 1024;
        for (var i = 0; i < 3; i++)
        {
            Assert.True(h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", properties: new JsonObject { ["blob"] = new string('x', twoMiB - 300) })).Accepted);
        }

        Assert.Equal(new PostHogFlushResult(3, 0, 0), await h.FlushAsync());

        Assert.Equal(new[] { 2, 1 }, h.Server.Requests.Select(r => r.Uuids.Count));
    }

    [Fact]
    public async Task C39b_batches_are_bounded_by_count()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxBatchSize = 2);
        for (var i = 0; i < 5; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"e{i}"));
        }

        Assert.Equal(new PostHogFlushResult(5, 0, 0), await h.FlushAsync());

        Assert.Equal(new[] { 2, 2, 1 }, h.Server.Requests.Select(r => r.Uuids.Count));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"e{i}"), h.Server.Requests.SelectMany(r => r.Batch.Select(e => (string)e!["event"]!)));
    }

    [Fact]
    public async Task C39c_an_event_larger_than_the_batch_target_is_sent_alone()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxBatchBytes = 1_000);
        h.Client.CaptureAi(ClientHarness.Event(name: "small1"));
        h.Client.CaptureAi(ClientHarness.Event(name: "big", properties: new JsonObject { ["blob"] = new string('x', 2_000) }));
        h.Client.CaptureAi(ClientHarness.Event(name: "small2"));

        Assert.Equal(new PostHogFlushResult(3, 0, 0), await h.FlushAsync());

        Assert.Equal(new[] { "small1", "big", "small2" }, h.Server.Requests.Select(r => (string)Assert.Single(r.Batch)!["event"]!));
    }

    [Fact]
    public async Task C40_per_event_limits_reject_at_capture()
    {
        await using var h = await ClientHarness.StartAsync();

        var ai = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", properties: new JsonObject { ["blob"] = new string('x', 9 * 1024 * 1024) }));
        var analytics = h.Client.Capture(ClientHarness.Event(properties: new JsonObject { ["blob"] = new string('x', 1_000_000) }));

        Assert.Equal(new PostHogCaptureResult(false, ai.Uuid, PostHogRejectReason.EventTooLarge), ai);
        Assert.Equal(new PostHogCaptureResult(false, analytics.Uuid, PostHogRejectReason.EventTooLarge), analytics);
        Assert.NotNull(ai.Uuid);
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await h.FlushAsync());
        Assert.Equal(0, h.Server.RequestCount);
        Assert.Equal(2, h.Client.GetDiagnostics().EventsDroppedTooLarge);
        Assert.Equal(2, h.Errors.Count(e => e.Reason == PostHogDeliveryErrorReason.EventTooLarge));
        Assert.Equal(2, h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected: EventTooLarge").Count);
    }

    [Fact]
    public async Task C40b_events_at_the_limits_are_accepted()
    {
        await using var h = await ClientHarness.StartAsync();

        // ~8 MiB on the AI route and ~950 KB on /batch/ fit.
        var ai = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", properties: new JsonObject { ["blob"] = new string('x', (8 * 1024 * 1024) - 400) }));
        var analytics = h.Client.Capture(ClientHarness.Event(properties: new JsonObject { ["blob"] = new string('x', 983_040 - 400) }));

        Assert.True(ai.Accepted);
        Assert.True(analytics.Accepted);
        Assert.Equal(new PostHogFlushResult(2, 0, 0), await h.FlushAsync());
    }
}
