using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>413 and 400 splitting, byte-based batching and per-event limits.</summary>
public sealed class BatchingAndLimitTests
{
    /// <summary>
    /// One malformed event among ten: PostHog answers 400 to every request that holds it. The batch is split like a
    /// 413 until the bad event is alone; the nine good events arrive, and the bad one is reported (Warning and OnError)
    /// with its uuid and the server's message.
    /// </summary>
    [Fact]
    public async Task A_400_splits_its_batch_until_the_bad_event_is_alone_and_the_good_events_arrive()
    {
        const string Refusal = "{\"status\":400,\"code\":\"invalid_payload\",\"error\":\"invalid event 'poison'\"}";
        await using var h = await ClientHarness.StartAsync();
        h.Server.Responder = r => r.BodyText.Contains("\"poison\"", StringComparison.Ordinal) ? ScriptedResponse.WithStatus(400, Refusal) : null;
        var uuids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            uuids.Add(h.Client.Capture(ClientHarness.Event(name: i == 3 ? "poison" : "good")).Uuid!);
        }

        Assert.Equal(new PostHogFlushResult(9, 1, 0), await h.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal([10, 5, 2, 3, 1, 2, 1, 1, 5], requests.Select(r => r.Batch.Count));
        var acknowledged = requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).ToList();
        Assert.Equal(uuids.Where((_, i) => i != 3), acknowledged);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.HttpError, error.Reason);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(uuids[3], Assert.Single(error.EventUuids));
        Assert.Equal(Refusal, error.ResponseBody);
        var warning = Assert.Single(h.Logs, r => r.Level == LogLevel.Warning);
        Assert.Equal($"PostHog request /batch/ failed with 400: {Refusal}; 1 events dropped (event 'poison', uuid {uuids[3]})", warning.Message);
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(4, diagnostics.Splits);
        Assert.Equal(9, diagnostics.EventsSent);
        Assert.Equal(1, diagnostics.EventsFailed);
        Assert.Equal(0, diagnostics.Retries);
    }

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
        Assert.Equal(5, diagnostics.EventsDroppedAfterQueue);
        Assert.Equal(0, diagnostics.EventsDroppedTooLarge);
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

        Assert.Equal(new[] { 1, 2 }, h.Server.Requests.Select(r => r.Uuids.Count).Order());
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

        // Batches are taken in FIFO order; with several requests in flight they may arrive in any order.
        var batches = h.Server.Requests.Select(r => r.Batch.Select(e => (string)e!["event"]!).ToList()).OrderBy(b => b[0], StringComparer.Ordinal).ToList();
        Assert.Equal([["e0", "e1"], ["e2", "e3"], ["e4"]], batches);
    }

    [Fact]
    public async Task C39c_an_event_larger_than_the_batch_target_is_sent_alone()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxBatchBytes = 1_000);
        h.Client.CaptureAi(ClientHarness.Event(name: "small1"));
        h.Client.CaptureAi(ClientHarness.Event(name: "big", properties: new JsonObject { ["blob"] = new string('x', 2_000) }));
        h.Client.CaptureAi(ClientHarness.Event(name: "small2"));

        Assert.Equal(new PostHogFlushResult(3, 0, 0), await h.FlushAsync());

        // Each alone; with several requests in flight the three may arrive in any order.
        Assert.Equal(new[] { "big", "small1", "small2" }, h.Server.Requests.Select(r => (string)Assert.Single(r.Batch)!["event"]!).Order(StringComparer.Ordinal));
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
