using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>Flush counts, periodic flush and shutdown.</summary>
public sealed class FlushAndShutdownTests
{
    [Fact]
    public async Task C46_flush_counts_failed_events_and_does_not_throw()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Responder = _ => ScriptedResponse.WithStatus(400);
        var uuids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            uuids.Add(h.Client.Capture(ClientHarness.Event(name: $"e{i}")).Uuid!);
        }

        Assert.Equal(new PostHogFlushResult(0, 3, 0), await h.FlushAsync());
        Assert.Equal(3, h.Client.GetDiagnostics().EventsFailed);

        // A 400 is split down to single events, each of which is then reported on its own.
        Assert.Equal([3, 1, 2, 1, 1], h.Server.Requests.Select(r => r.Batch.Count));
        Assert.Equal(uuids, h.Errors.Select(e => Assert.Single(e.EventUuids)));
    }

    [Fact]
    public async Task C47_periodic_flush_sends_without_an_explicit_flush()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.FlushAt = 100;
            o.FlushInterval = TimeSpan.FromSeconds(10);
        });
        h.Client.Capture(ClientHarness.Event(name: "first"));

        h.Clock!.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(await h.Server.TryWaitForRequestsAsync(1, TimeSpan.FromMilliseconds(200)), "sent before FlushInterval");

        h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("first", (string)(await h.Server.WaitForRequestsAsync(1))[0].Batch[0]!["event"]!);

        // The timer is periodic: the next interval sends the next event too.
        h.Client.Capture(ClientHarness.Event(name: "second"));
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("second", (string)(await h.Server.WaitForRequestsAsync(2))[1].Batch[0]!["event"]!);
    }

    [Fact]
    public async Task FlushAt_triggers_a_send_without_an_explicit_flush()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 3);
        h.Client.Capture(ClientHarness.Event(name: "e1"));
        h.Client.Capture(ClientHarness.Event(name: "e2"));
        Assert.False(await h.Server.TryWaitForRequestsAsync(1, TimeSpan.FromMilliseconds(200)), "sent below FlushAt");

        h.Client.Capture(ClientHarness.Event(name: "e3"));

        Assert.Equal(3, (await h.Server.WaitForRequestsAsync(1))[0].Uuids.Count);
    }

    [Fact]
    public async Task Flush_returns_exact_counts_for_its_own_watermark()
    {
        // One request at a time, so the retry of the first batch goes before the later batch, whose request hangs: with
        // several slots after a failure the client allows one, and the hanging request could take it first.
        await using var h = await ClientHarness.StartAsync(o => o.MaxConcurrentRequests = 1);
        h.Server.Responder = r => r.Index == 0 ? ScriptedResponse.WithStatus(503)
            : r.Batch.Any(e => (string)e!["event"]! == "late") ? ScriptedResponse.Hang()
            : null;
        h.Client.Capture(ClientHarness.Event(name: "early"));
        var first = h.Client.FlushAsync();
        await h.Server.WaitForRequestsAsync(1);
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);

        // Captured after the first flush: not part of its watermark.
        h.Client.Capture(ClientHarness.Event(name: "late"));
        var second = h.Client.FlushAsync();
        h.Clock.Advance(backoff.DueTime);

        Assert.Equal(new PostHogFlushResult(1, 0, 0), await first.WaitAsync(TimeSpan.FromSeconds(15)));
        await h.Server.WaitForRequestsAsync(3);
        Assert.False(second.IsCompleted, "the second flush waits for the late event, whose request hangs");
    }

    [Fact]
    public async Task Flush_cancellation_cancels_only_the_wait()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503);
        h.Client.Capture(ClientHarness.Event());
        using var cts = new CancellationTokenSource();
        var flush = h.Client.FlushAsync(cts.Token);
        await h.Server.WaitForRequestsAsync(1);
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WaitAsync(TimeSpan.FromSeconds(15)));

        // Delivery goes on in the background.
        h.Clock.Advance(backoff.DueTime);
        await h.Server.WaitForRequestsAsync(2);
        await h.FlushAsync();
        Assert.Equal(1, h.Client.GetDiagnostics().EventsSent);
    }

    [Fact]
    public async Task C48_shutdown_drains_and_later_captures_are_rejected()
    {
        await using var h = await ClientHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"e{i}"));
        }

        var result = await h.Client.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(new PostHogShutdownResult(5, 0, 0, 0, false), result);
        Assert.Equal(5, h.Server.Requests.Sum(r => r.Uuids.Count));
        var late = h.Client.Capture(ClientHarness.Event(name: "late"));
        Assert.Equal(new PostHogCaptureResult(false, late.Uuid, PostHogRejectReason.ShutDown), late);
        Assert.Equal(PostHogRejectReason.ShutDown, h.Client.CaptureAi(ClientHarness.Event()).Reason);
        Assert.Equal(2, h.Client.GetDiagnostics().EventsRejectedShutDown);
        Assert.Equal(2, h.Errors.Count(e => e.Reason == PostHogDeliveryErrorReason.ShutDown));
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await h.Client.FlushAsync());
    }

    [Fact]
    public async Task Shutdown_with_nothing_queued_returns_zeros_without_a_request()
    {
        await using var h = await ClientHarness.StartAsync();

        var result = await h.Client.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(new PostHogShutdownResult(0, 0, 0, 0, false), result);
        Assert.Equal(0, h.Server.RequestCount);
    }

    [Fact]
    public async Task C49_shutdown_timeout_returns_normally_and_counts_unsent()
    {
        await using var h = await ClientHarness.StartAsync(fakeClock: false);
        h.Server.Responder = _ => ScriptedResponse.Hang();
        var captured = h.Client.Capture(ClientHarness.Event());
        var flush = h.Client.FlushAsync();
        await h.Server.WaitForRequestsAsync(1);

        var watch = Stopwatch.StartNew();
        var result = await h.Client.ShutdownAsync(TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(15));
        watch.Stop();

        Assert.Equal(new PostHogShutdownResult(0, 0, 0, 1, true), result);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4));
        Assert.Equal("PostHog client: timeout while shutting down; 1 events were not sent",
            Assert.Single(h.LogsStartingWith(LogLevel.Error, "PostHog client: timeout")).Message);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.ShutdownTimeout, error.Reason);
        Assert.Equal(captured.Uuid, Assert.Single(error.EventUuids));
        Assert.Equal(1, h.Client.GetDiagnostics().EventsUnsent);
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, h.Server.RequestCount);
    }

    [Fact]
    public async Task Shutdown_against_a_server_that_never_answers_returns_within_its_timeout()
    {
        await using var h = await ClientHarness.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1), fakeClock: false);
        h.Server.Responder = _ => ScriptedResponse.Hang();
        for (var i = 0; i < 3; i++)
        {
            h.Client.CaptureAi(ClientHarness.Event(name: $"e{i}"));
        }

        var watch = Stopwatch.StartNew();
        var result = await h.Client.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.True(result.TimedOut);
        Assert.Equal(3, result.Unsent);
    }

    [Fact]
    public async Task Shutdown_timeout_on_the_fake_clock_cancels_a_backoff()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Responder = _ => ScriptedResponse.WithRetryAfter(503, "60");
        h.Client.Capture(ClientHarness.Event(name: "retrying"));
        h.Client.Capture(ClientHarness.Event(name: "retrying2"));
        var flush = h.Client.FlushAsync();
        await h.Server.WaitForRequestsAsync(1);
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DueTime);

        var shutdown = h.Client.ShutdownAsync(TimeSpan.FromSeconds(5));
        await h.Clock.WaitForTimerAsync(t => t.DueTime == TimeSpan.FromSeconds(5));
        h.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(new PostHogShutdownResult(0, 0, 0, 2, true), await shutdown.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));

        // Retries cut short to fit the timeout may have run before it; after it, nothing is sent again.
        var requests = h.Server.RequestCount;
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await h.Server.TryWaitForRequestsAsync(requests + 1, TimeSpan.FromMilliseconds(200)), "the backoff was not cancelled");
        Assert.Equal(2, h.Client.GetDiagnostics().EventsUnsent);
    }

    [Fact]
    public async Task Shutdown_with_a_cancelled_token_abandons_at_once_then_throws()
    {
        await using var h = await ClientHarness.StartAsync();
        // The server never answers, so the event is unsent whether it is still queued or already in flight.
        h.Server.Responder = _ => ScriptedResponse.Hang();
        h.Client.Capture(ClientHarness.Event());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var shutdown = h.Client.ShutdownAsync(TimeSpan.FromMinutes(1), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shutdown.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(1, h.Client.GetDiagnostics().EventsUnsent);
        Assert.Equal(PostHogRejectReason.ShutDown, h.Client.Capture(ClientHarness.Event()).Reason);
        Assert.Same(shutdown, h.Client.ShutdownAsync());
    }

    [Fact]
    public async Task C50_shutdown_is_idempotent()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());

        var first = h.Client.ShutdownAsync();
        var second = h.Client.ShutdownAsync(TimeSpan.FromSeconds(1));

        Assert.Same(first, second);
        Assert.Equal(new PostHogShutdownResult(1, 0, 0, 0, false), await first.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Same(first, h.Client.ShutdownAsync());
        await h.Client.DisposeAsync();
        Assert.Equal(1, h.Server.RequestCount);
    }

    [Fact]
    public async Task Dispose_is_bounded_and_never_throws()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.Hang();
        var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ClientHarness.ApiKey,
            Host = server.BaseUrl,
            ShutdownTimeout = TimeSpan.FromMilliseconds(500),
        });
        client.Capture(ClientHarness.Event());
        client.Capture(ClientHarness.Event());

        var watch = Stopwatch.StartNew();
        client.Dispose();
        client.Dispose();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Equal(2, client.GetDiagnostics().EventsUnsent);
    }

    [Fact]
    public async Task A_supplied_HttpClient_is_not_disposed_by_shutdown()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var http = new HttpClient();
        var calls = 0;
        var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ClientHarness.ApiKey,
            Host = server.BaseUrl,
            HttpClientFactory = () =>
            {
                calls++;
                return http;
            },
        });
        client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogShutdownResult(1, 0, 0, 0, false), await client.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(1, calls);
        using var response = await http.GetAsync(new Uri(server.BaseUrl + "/still-usable"));
        Assert.True(response.IsSuccessStatusCode);
    }
}
