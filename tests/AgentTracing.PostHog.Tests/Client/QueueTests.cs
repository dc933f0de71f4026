using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>Bounded queues, overflow and validation, and concurrent capture.</summary>
public sealed class QueueTests
{
    [Fact]
    public async Task C44_queue_overflow_rejects_the_new_event()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxQueueSize = 2);
        h.Server.Responder = _ => ScriptedResponse.Hang();

        var first = h.Client.Capture(ClientHarness.Event(name: "e1"));
        var second = h.Client.Capture(ClientHarness.Event(name: "e2"));
        var third = h.Client.Capture(ClientHarness.Event(name: "e3"));

        Assert.True(first.Accepted);
        Assert.True(second.Accepted);
        Assert.Equal(new PostHogCaptureResult(false, third.Uuid, PostHogRejectReason.QueueFull), third);
        Assert.NotNull(third.Uuid);
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(1, diagnostics.EventsDroppedQueueFull);
        Assert.Equal(2, diagnostics.EventsEnqueued);
        Assert.Equal(2, diagnostics.QueueLength);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.QueueFull, error.Reason);
        Assert.Equal(third.Uuid, Assert.Single(error.EventUuids));
        Assert.Equal(
            $"PostHog event rejected: QueueFull (event 'e3', uuid {third.Uuid}); 1 events rejected because the queue was full since the last report",
            Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected")).Message);

        // The other lane has its own queue.
        Assert.True(h.Client.CaptureAi(ClientHarness.Event(name: "ai")).Accepted);
    }

    [Fact]
    public async Task C44b_in_flight_events_do_not_count_against_the_queue()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.MaxQueueSize = 2;
            o.FlushAt = 1;
        });
        h.Server.Responder = _ => ScriptedResponse.Hang();
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "in-flight")).Accepted);
        await h.Server.WaitForRequestsAsync(1);

        Assert.True(h.Client.Capture(ClientHarness.Event(name: "q1")).Accepted);
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "q2")).Accepted);
        Assert.Equal(PostHogRejectReason.QueueFull, h.Client.Capture(ClientHarness.Event(name: "q3")).Reason);
    }

    [Fact]
    public async Task Overflow_is_counted_exactly_under_concurrency_and_logged_at_most_once_per_10_seconds()
    {
        // FlushAt above the queue size: nothing is sent before the explicit flush.
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.MaxQueueSize = 1_000;
            o.FlushAt = 100_000;
        });
        var results = new ConcurrentBag<PostHogCaptureResult>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                results.Add(h.Client.Capture(ClientHarness.Event(name: $"t{t}-{i}")));
            }
        })));

        Assert.Equal(1_000, results.Count(r => r.Accepted));
        Assert.Equal(3_000, results.Count(r => r.Reason == PostHogRejectReason.QueueFull));
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(3_000, diagnostics.EventsDroppedQueueFull);
        Assert.Equal(1_000, diagnostics.EventsEnqueued);
        Assert.Equal(1_000, diagnostics.QueueLength);
        Assert.Equal(3_000, h.Errors.Count(e => e.Reason == PostHogDeliveryErrorReason.QueueFull));

        // The fake clock has not moved: one Warning so far, counting the rejections up to that line
        // (more than one if other threads were rejected while it was being written).
        var warnings = h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected: QueueFull");
        var firstCount = ReportedCount(Assert.Single(warnings).Message);
        Assert.InRange(firstCount, 1, 3_000);

        h.Clock!.Advance(TimeSpan.FromSeconds(9));
        h.Client.Capture(ClientHarness.Event(name: "late-1"));
        Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected: QueueFull"));

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.Client.Capture(ClientHarness.Event(name: "late-2"));
        warnings = h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected: QueueFull");
        Assert.Equal(2, warnings.Count);
        Assert.Contains("'late-2'", warnings[1].Message, StringComparison.Ordinal);

        // Every rejection is counted in exactly one line.
        Assert.Equal(3_002, firstCount + ReportedCount(warnings[1].Message));
        Assert.Equal(3_002, h.Client.GetDiagnostics().EventsDroppedQueueFull);

        Assert.Equal(new PostHogFlushResult(1_000, 0, 0), await h.FlushAsync());
    }

    private static int ReportedCount(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"; (\d+) events rejected because the queue was full since the last report$");
        Assert.True(match.Success, message);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Queue_is_bounded_by_bytes()
    {
        var eventSize = 0;
        await using (var probe = await ClientHarness.StartAsync(o => o.EnableCompression = false))
        {
            probe.Client.Capture(ClientHarness.Event(name: "e0"));
            await probe.FlushAsync();
            eventSize = probe.Server.Requests[0].Batch[0]!.ToJsonString().Length;
        }

        await using var h = await ClientHarness.StartAsync(o => o.MaxQueueBytes = 3L * eventSize);
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "e1")).Accepted);
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "e2")).Accepted);
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "e3")).Accepted);
        Assert.Equal(PostHogRejectReason.QueueFull, h.Client.Capture(ClientHarness.Event(name: "e4")).Reason);
        Assert.Equal(1, h.Client.GetDiagnostics().EventsDroppedQueueFull);

        Assert.Equal(new PostHogFlushResult(3, 0, 0), await h.FlushAsync());
        Assert.True(h.Client.Capture(ClientHarness.Event(name: "e5")).Accepted, "sending frees the queue's bytes");
    }

    [Fact]
    public async Task C45_invalid_events_are_rejected_and_never_poison_a_batch()
    {
        await using var h = await ClientHarness.StartAsync();

        var emptyName = h.Client.Capture(ClientHarness.Event(name: ""));
        var blankDistinct = h.Client.Capture(ClientHarness.Event(distinctId: "   "));
        var nullEvent = h.Client.Capture(null!);
        var nullName = h.Client.CaptureAi(new PostHogEvent { EventName = null!, DistinctId = "u" });
        var valid = h.Client.Capture(ClientHarness.Event(name: "valid"));

        Assert.Equal(new PostHogCaptureResult(false, emptyName.Uuid, PostHogRejectReason.InvalidEvent), emptyName);
        Assert.NotNull(emptyName.Uuid);
        Assert.Equal(new PostHogCaptureResult(false, blankDistinct.Uuid, PostHogRejectReason.InvalidEvent), blankDistinct);
        Assert.Equal(new PostHogCaptureResult(false, null, PostHogRejectReason.InvalidEvent), nullEvent);
        Assert.Equal(PostHogRejectReason.InvalidEvent, nullName.Reason);
        Assert.True(valid.Accepted);

        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());
        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(valid.Uuid, Assert.Single(request.Uuids));
        Assert.Equal(4, h.Client.GetDiagnostics().EventsRejectedInvalid);
        Assert.Equal(4, h.Errors.Count(e => e.Reason == PostHogDeliveryErrorReason.InvalidEvent));
        Assert.Equal(4, h.LogsStartingWith(LogLevel.Warning, "PostHog event rejected: InvalidEvent").Count);
        Assert.Contains(h.Logs, r => r.Message == $"PostHog event rejected: InvalidEvent (event '', uuid {emptyName.Uuid})");
    }

    [Fact]
    public async Task Unserialisable_property_makes_the_event_invalid_without_throwing()
    {
        await using var h = await ClientHarness.StartAsync();
        var deep = new System.Text.Json.Nodes.JsonObject();
        var current = deep;
        for (var i = 0; i < 1_100; i++)
        {
            var child = new System.Text.Json.Nodes.JsonObject();
            current["n"] = child;
            current = child;
        }

        var result = h.Client.Capture(ClientHarness.Event(properties: deep));

        Assert.False(result.Accepted);
        Assert.Equal(PostHogRejectReason.InvalidEvent, result.Reason);
        Assert.Equal(1, h.Client.GetDiagnostics().EventsRejectedInvalid);
        Assert.True(h.Client.Capture(ClientHarness.Event()).Accepted, "the thread's writer recovers");
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());
        Assert.Equal(JsonValueKind.Object, h.Server.Requests[0].Json.GetValueKind());
    }

    [Fact]
    public async Task Eight_threads_capture_80000_events_and_every_uuid_arrives_exactly_once()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 20, fakeClock: false);
        var accepted = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                var result = t % 2 == 0
                    ? h.Client.Capture(ClientHarness.Event(name: "load", distinctId: $"thread-{t}"))
                    : h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span", distinctId: $"thread-{t}"));
                Assert.True(result.Accepted);
                accepted.Add(result.Uuid!);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        var flush = await h.Client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(45));

        // FlushAt 20 sent most events during the burst; the flush counts only those still unfinished when it was called.
        Assert.Equal(0, flush.Failed);
        Assert.Equal(0, flush.Dropped);
        Assert.InRange(flush.Sent, 0, 80_000);
        Assert.Equal(0, h.Client.GetDiagnostics().QueueLength);
        var wire = new List<string>(80_000);
        foreach (var request in h.Server.Requests)
        {
            using var doc = JsonDocument.Parse(request.BodyText);
            var batch = doc.RootElement.GetProperty("batch");
            Assert.InRange(batch.GetArrayLength(), 1, 100);
            wire.AddRange(batch.EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!));
        }

        Assert.Equal(80_000, wire.Count);
        Assert.Equal(80_000, wire.Distinct().Count());
        Assert.Equal(accepted.OrderBy(u => u, StringComparer.Ordinal), wire.OrderBy(u => u, StringComparer.Ordinal));
        Assert.Equal(80_000, h.Client.GetDiagnostics().EventsSent);
    }
}
