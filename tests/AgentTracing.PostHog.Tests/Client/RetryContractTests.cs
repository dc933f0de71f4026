using System;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// PostHog's cross-SDK contract suite, retry part, on a fake clock: every backoff delay the client
/// registers is observed and advanced through exactly, so "within W seconds" is checked on the fake timeline.
/// </summary>
public sealed class RetryContractTests
{
    [Fact]
    public async Task C09_retries_on_503()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503, 2);
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        var requests = h.Server.Requests;
        Assert.Equal(new int?[] { 503, 503, 200 }, requests.Select(r => r.ResponseStatus));
        Assert.True(requests[2].ArrivedAt - requests[0].ArrivedAt < TimeSpan.FromSeconds(5), "3 requests within 5 s");
        Assert.Equal(2, delays.Count);
        Assert.Equal(2, h.Client.GetDiagnostics().Retries);
    }

    [Fact]
    public async Task C10_does_not_retry_on_400()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(ScriptedResponse.WithStatus(400, "{\"status\":400,\"code\":\"invalid_payload\",\"error\":\"event submitted without a distinct_id\"}"));
        var uuid = h.Client.Capture(ClientHarness.Event()).Uuid;

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(1, h.Server.RequestCount);
        Assert.DoesNotContain(h.Clock!.Timers, ClientHarness.IsBackoff);
        var warning = Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ failed with 400: "));
        Assert.Equal(
            "PostHog request /batch/ failed with 400: {\"status\":400,\"code\":\"invalid_payload\",\"error\":\"event submitted without a distinct_id\"}; 1 events dropped"
            + $" (event 'test_event', uuid {uuid})",
            warning.Message);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.HttpError, error.Reason);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("/batch/", error.Path);
        Assert.Contains("invalid_payload", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C11_does_not_retry_on_401()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(401);
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(1, h.Server.RequestCount);
        var error = Assert.Single(h.LogsStartingWith(LogLevel.Error, "PostHog rejected the project API key"));
        Assert.Equal("PostHog rejected the project API key (401); 1 events dropped", error.Message);
    }

    [Fact]
    public async Task C12_respects_retry_after_header()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(ScriptedResponse.WithRetryAfter(429, "3"));
        h.Client.Capture(ClientHarness.Event());
        var flush = h.Client.FlushAsync();

        await h.Server.WaitForRequestsAsync(1);
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);
        Assert.True(backoff.DueTime >= TimeSpan.FromSeconds(3), $"delay {backoff.DueTime}");

        h.Clock.Advance(backoff.DueTime - TimeSpan.FromMilliseconds(1));
        Assert.False(await h.Server.TryWaitForRequestsAsync(2, TimeSpan.FromMilliseconds(100)), "retried before Retry-After");

        h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var requests = await h.Server.WaitForRequestsAsync(2);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromMilliseconds(2500));
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt < TimeSpan.FromSeconds(5));
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task C13_implements_backoff()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503, 3);
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        var requests = h.Server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromMilliseconds(100));
        Assert.True(requests[3].ArrivedAt - requests[0].ArrivedAt < TimeSpan.FromSeconds(15));

        // 1 s, 2 s, 4 s, each times a jitter factor in [0.8, 1.2].
        Assert.Equal(3, delays.Count);
        for (var i = 0; i < 3; i++)
        {
            var nominal = TimeSpan.FromSeconds(Math.Pow(2, i));
            Assert.InRange(delays[i], nominal * 0.8 - TimeSpan.FromMilliseconds(1), nominal * 1.2 + TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(3, h.LogsStartingWith(LogLevel.Debug, "PostHog request /batch/ attempt ").Count);
        Assert.StartsWith("PostHog request /batch/ attempt 1 failed with HTTP 503; retrying in ", h.LogsStartingWith(LogLevel.Debug, "PostHog request /batch/ attempt ")[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task C14_C15_C16_C30_retries_on_retryable_status(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(status);
        h.Client.Capture(ClientHarness.Event());

        var (result, _) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        var requests = h.Server.Requests;
        Assert.Equal(new int?[] { status, 200 }, requests.Select(r => r.ResponseStatus));
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt < TimeSpan.FromSeconds(5));
        Assert.Empty(h.Errors);
    }

    [Fact]
    public async Task C17_max_retries_respected()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 3);
        h.Server.EnqueueStatus(503, 5);
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), result);
        Assert.Equal(4, h.Server.RequestCount);
        Assert.Equal(3, delays.Count);
        Assert.True(h.Server.Requests[3].ArrivedAt - h.Server.Requests[0].ArrivedAt < TimeSpan.FromSeconds(15));
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(4, diagnostics.Requests);
        Assert.Equal(3, diagnostics.Retries);
        Assert.Equal(1, diagnostics.EventsFailed);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.RetriesExhausted, error.Reason);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(
            "PostHog request /batch/ failed after 4 attempts: HTTP 503; 1 events dropped",
            Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ failed after")).Message);
    }

    [Fact]
    public async Task C17b_max_retries_zero_disables_retries()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 0);
        h.Server.EnqueueStatus(503, 2);
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());
        Assert.Equal(1, h.Server.RequestCount);
    }

    [Fact]
    public async Task C19_preserves_uuid_on_retry()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503);
        var captured = h.Client.Capture(ClientHarness.Event());

        await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(2, h.Server.RequestCount);
        Assert.All(h.Server.Requests, r => Assert.Equal(captured.Uuid, Assert.Single(r.Uuids)));
    }

    [Fact]
    public async Task C20_preserves_uuid_and_timestamp_on_retry()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503, 2);
        h.Client.Capture(ClientHarness.Event());

        await h.DriveAsync(h.Client.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(3, requests.Count);
        var events = requests.Select(r => r.Batch[0]!).ToList();
        Assert.Single(events.Select(e => (string)e["uuid"]!).Distinct());
        Assert.Single(events.Select(e => (string)e["timestamp"]!).Distinct());
        Assert.Single(events.Select(e => e.ToJsonString()).Distinct());
    }

    [Fact]
    public async Task C21_preserves_uuid_and_timestamp_on_batch_retry()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 10);
        h.Server.EnqueueStatus(503);
        for (var i = 0; i < 3; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"test_event_{i}"));
            h.Clock!.Advance(TimeSpan.FromMilliseconds(10));
        }

        var (result, _) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(3, 0, 0), result);
        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(3, r.Uuids.Distinct().Count()));
        Assert.Equal(
            requests[0].Batch.Select(e => ((string)e!["uuid"]!, (string)e!["timestamp"]!)),
            requests[1].Batch.Select(e => ((string)e!["uuid"]!, (string)e!["timestamp"]!)));
        Assert.Equal(new[] { "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.010Z", "2026-01-01T00:00:00.020Z" },
            requests[1].Batch.Select(e => (string)e!["timestamp"]!));
    }

    [Fact]
    public async Task C28_does_not_retry_on_403()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(403);
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(1, h.Server.RequestCount);
        Assert.Equal("PostHog rejected the project API key (403); 1 events dropped",
            Assert.Single(h.LogsStartingWith(LogLevel.Error, "PostHog rejected")).Message);
        Assert.Equal(PostHogDeliveryErrorReason.HttpError, Assert.Single(h.Errors).Reason);
    }

    [Fact]
    public async Task C29_does_not_retry_on_413()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(413);
        var captured = h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 0, 1), await h.FlushAsync());

        Assert.Equal(1, h.Server.RequestCount);
        Assert.Equal((0L, 1L), (h.Client.GetDiagnostics().EventsDroppedTooLarge, h.Client.GetDiagnostics().EventsDroppedAfterQueue));
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.EventTooLarge, error.Reason);
        Assert.Equal(captured.Uuid, Assert.Single(error.EventUuids));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(422)]
    [InlineData(302)]
    public async Task Final_statuses_are_not_retried(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(status);
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(1, h.Server.RequestCount);
        Assert.Equal(status, Assert.Single(h.Errors).StatusCode);
    }

    [Fact]
    public async Task Network_failure_is_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(ScriptedResponse.AbortConnection());
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.Equal(2, h.Server.RequestCount);
        Assert.Single(delays);
        Assert.Contains(h.Logs, r => r.Level == LogLevel.Debug && r.Message.Contains("attempt 1 failed with HttpRequestException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_timeout_is_retried_and_reported_after_the_last_attempt()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.MaxRetries = 1;
            o.RequestTimeout = TimeSpan.FromSeconds(4);
        });
        h.Server.Enqueue(ScriptedResponse.Hang(), ScriptedResponse.Hang());
        h.Client.Capture(ClientHarness.Event());
        var flush = h.Client.FlushAsync();

        // Attempt 1 hangs until its 4 s timeout fires on the fake clock; then a backoff; attempt 2 hangs and times out too.
        await h.Server.WaitForRequestsAsync(1);
        var timeout1 = await h.Clock!.WaitForTimerAsync(t => t.DueTime == TimeSpan.FromSeconds(4));
        h.Clock.Advance(timeout1.DueTime);
        var backoff = await h.Clock.WaitForTimerAsync(t => ClientHarness.IsBackoff(t) && t.DueTime != TimeSpan.FromSeconds(4));
        h.Clock.Advance(backoff.DueTime);
        await h.Server.WaitForRequestsAsync(2);
        await h.Clock.WaitForTimerAsync(t => t.DueTime == TimeSpan.FromSeconds(4), skip: 1);
        h.Clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.RetriesExhausted, error.Reason);
        Assert.Null(error.StatusCode);
        Assert.IsAssignableFrom<OperationCanceledException>(error.Exception);
        Assert.Contains("timeout after 00:00:04", error.Message, StringComparison.Ordinal);
    }
}
