using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary><c>sent_at</c> per attempt and <c>Retry-After</c> handling, on a fake clock.</summary>
public sealed class RetryTimingTests
{
    [Fact]
    public async Task C41_sent_at_is_stamped_again_on_every_attempt()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503);
        h.Client.Capture(ClientHarness.Event());
        h.Clock!.Advance(TimeSpan.FromMilliseconds(13));

        var (_, delays) = await h.DriveAsync(h.Client.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("2026-01-01T00:00:00.013Z", (string)requests[0].Json["sent_at"]!);
        var expectedRetry = (start + TimeSpan.FromMilliseconds(13) + delays[0]).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(expectedRetry, (string)requests[1].Json["sent_at"]!);
        Assert.NotEqual((string)requests[0].Json["sent_at"]!, (string)requests[1].Json["sent_at"]!);
        Assert.Equal("2026-01-01T00:00:00.000Z", (string)requests[0].Batch[0]!["timestamp"]!);
        Assert.Equal((string)requests[0].Batch[0]!["timestamp"]!, (string)requests[1].Batch[0]!["timestamp"]!);
    }

    [Fact]
    public async Task C42_retry_after_is_capped_at_max_retry_delay()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(ScriptedResponse.WithRetryAfter(429, "120"));
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(delays));
        var requests = h.Server.Requests;
        Assert.Equal(TimeSpan.FromSeconds(30), requests[1].ArrivedAt - requests[0].ArrivedAt);
    }

    [Fact]
    public async Task C42b_retry_after_respects_a_configured_max_retry_delay()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));
        h.Server.Enqueue(ScriptedResponse.WithRetryAfter(503, "60"));
        h.Client.Capture(ClientHarness.Event());

        var (_, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(delays));
    }

    [Fact]
    public async Task C43_retry_after_as_an_http_date()
    {
        await using var h = await ClientHarness.StartAsync();
        var clock = h.Clock!;
        h.Server.Responder = r => r.Index == 0
            ? ScriptedResponse.WithRetryAfter(503, clock.GetUtcNow().AddSeconds(4).ToString("r", CultureInfo.InvariantCulture))
            : null;
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.True(Assert.Single(delays) >= TimeSpan.FromSeconds(4), $"delay {delays[0]}");
        Assert.True(h.Server.Requests[1].ArrivedAt - h.Server.Requests[0].ArrivedAt >= TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("soon")]
    [InlineData("Wed, 21 Oct 2015 07:28:00 GMT")]
    public async Task Invalid_or_past_retry_after_is_ignored(string retryAfter)
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(ScriptedResponse.WithRetryAfter(503, retryAfter));
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.InRange(Assert.Single(delays), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1200));
    }

    [Fact]
    public async Task Backoff_is_capped_at_max_retry_delay()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.MaxRetries = 6;
            o.InitialRetryDelay = TimeSpan.FromSeconds(2);
            o.MaxRetryDelay = TimeSpan.FromSeconds(10);
        });
        h.Server.EnqueueStatus(500, 6);
        h.Client.Capture(ClientHarness.Event());

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.Equal(6, delays.Count);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(10), $"delay {d}"));

        // 2 s, 4 s, 8 s, then the 10 s cap, each times [0.8, 1.2] and capped again.
        Assert.InRange(delays[0], TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8));
        Assert.InRange(delays[2], TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6));
        Assert.All(delays.Skip(3), d => Assert.InRange(d, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// A batch still waiting to retry when a shutdown begins does not sleep through the shutdown's timeout: its wait
    /// is cut, and the retries it has left are spread over the time left, so a server that recovers within the timeout
    /// still gets the events. Before, the fourth wait (about 8 s) outlasted a 5 s timeout and the event was unsent.
    /// </summary>
    [Fact]
    public async Task A_shutdown_shortens_the_waits_of_a_batch_in_backoff_so_its_retries_fit_the_timeout()
    {
        await using var h = await ClientHarness.StartAsync();
        var clock = h.Clock!;
        var timeout = TimeSpan.FromSeconds(5);
        bool IsRetryWait(TimerRegistration t) => ClientHarness.IsBackoff(t) && t.DueTime != timeout;
        h.Server.EnqueueStatus(503, 5);
        h.Client.Capture(ClientHarness.Event());
        var flush = h.Client.FlushAsync();

        // Three retries at their usual backoff (about 1 s, 2 s and 4 s).
        for (var i = 0; i < 3; i++)
        {
            clock.Advance((await clock.WaitForTimerAsync(IsRetryWait, i)).DueTime);
        }

        // During the fourth wait (about 8 s) a shutdown with a 5 s timeout begins.
        var fourth = await clock.WaitForTimerAsync(IsRetryWait, 3);
        Assert.InRange(fourth.DueTime, TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6));
        var shutdownBegan = clock.GetUtcNow();
        var shutdown = h.Client.ShutdownAsync(timeout);

        // The cut wait, then the wait before the last retry: each an equal share of the time left.
        var cut = await clock.WaitForTimerAsync(IsRetryWait, 4);
        Assert.Equal(TimeSpan.FromSeconds(1.25), cut.DueTime);
        clock.Advance(cut.DueTime);
        var last = await clock.WaitForTimerAsync(IsRetryWait, 5);
        Assert.Equal(TimeSpan.FromSeconds(1.25), last.DueTime);
        clock.Advance(last.DueTime);

        var result = await shutdown.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new PostHogShutdownResult(1, 0, 0, 0, TimedOut: false), result);
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(20)));
        var requests = h.Server.Requests;
        Assert.Equal(6, requests.Count);
        Assert.True(requests[5].ArrivedAt - shutdownBegan < timeout, $"last attempt {requests[5].ArrivedAt - shutdownBegan} after the shutdown began");
    }
}
