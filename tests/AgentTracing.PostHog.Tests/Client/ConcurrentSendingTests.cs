using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// Several requests in flight: a batch waiting for its retry does not hold back the others, <c>Retry-After</c> slows
/// the client down without freezing it, and <c>MaxConcurrentRequests = 1</c> keeps the strict one-after-the-other order.
/// </summary>
public sealed class ConcurrentSendingTests
{
    /// <summary>
    /// The first of three single-event batches is refused (503, or 429 with <c>Retry-After: 5</c>); while it waits for
    /// its retry on the fake clock, the other two are sent and accepted. Then the retry goes out with the same uuid.
    /// </summary>
    [Theory]
    [InlineData(503, null)]
    [InlineData(429, "5")]
    public async Task A_batch_waiting_for_its_retry_does_not_hold_back_the_others(int status, string? retryAfter)
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxBatchSize = 1);
        var refused = 0;
        h.Server.Responder = r => r.BodyText.Contains("\"first\"", StringComparison.Ordinal) && Interlocked.Exchange(ref refused, 1) == 0
            ? (retryAfter is null ? ScriptedResponse.WithStatus(status) : ScriptedResponse.WithRetryAfter(status, retryAfter))
            : null;
        var uuids = new[] { "first", "second", "third" }.Select(n => h.Client.Capture(ClientHarness.Event(name: n)).Uuid!).ToArray();

        var flush = h.Client.FlushAsync();
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);
        await h.Server.WaitForRequestsAsync(3);
        Assert.False(flush.IsCompleted);
        Assert.Equal([uuids[0], uuids[1], uuids[2]], h.Server.Requests.Select(r => Assert.Single(r.Uuids)));
        Assert.Equal([status, 200, 200], h.Server.Requests.Select(r => r.ResponseStatus ?? 0));

        h.Clock.Advance(backoff.DueTime);
        Assert.Equal(new PostHogFlushResult(3, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));
        var retry = h.Server.Requests[3];
        Assert.Equal(uuids[0], Assert.Single(retry.Uuids));
        Assert.Equal(200, retry.ResponseStatus);
        if (retryAfter is not null)
        {
            Assert.True(backoff.DueTime >= TimeSpan.FromSeconds(5), $"the retry waited {backoff.DueTime}");
        }
    }

    /// <summary>
    /// While a request runs, the events queued behind it leave in one whole batch of <c>MaxBatchSize</c>, not in a
    /// <c>FlushAt</c>-sized request each: a busy app sends fewer, larger requests. When nothing runs, <c>FlushAt</c>
    /// events are enough, and the rest leave once the running request ends.
    /// </summary>
    [Fact]
    public async Task While_a_request_runs_the_next_batch_waits_for_MaxBatchSize_events_and_the_rest_leave_when_it_ends()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.FlushAt = 20;
            o.MaxBatchSize = 100;
        });
        PostHogEvent Numbered(int i) => ClientHarness.Event(name: "e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // One success lets a second request run beside the first.
        for (var i = 0; i < 20; i++)
        {
            h.Client.Capture(Numbered(i));
        }

        Assert.Equal(new PostHogFlushResult(20, 0, 0), await h.FlushAsync());

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Server.Enqueue(new ScriptedResponse { AnswerAfter = gate.Task });
        for (var i = 20; i < 40; i++)
        {
            h.Client.Capture(Numbered(i));
        }

        await h.Server.WaitForRequestsAsync(2);
        for (var i = 40; i < 60; i++)
        {
            h.Client.Capture(Numbered(i));
        }

        // FlushAt events wait behind the running request (before, they left at once in a request of their own).
        Assert.False(await h.Server.TryWaitForRequestsAsync(3, TimeSpan.FromMilliseconds(300)), "a FlushAt-sized batch started beside the running request");
        for (var i = 60; i < 155; i++)
        {
            h.Client.Capture(Numbered(i));
        }

        // The third request starts at the 100th event queued behind the running one, and takes exactly those.
        await h.Server.WaitForRequestsAsync(3);
        Assert.Equal(Enumerable.Range(40, 100).Select(i => "e" + i), h.Server.Requests[2].Batch.Select(e => (string)e!["event"]!));

        gate.SetResult();
        await h.FlushAsync();
        Assert.Equal(155, h.Client.GetDiagnostics().EventsSent);
        Assert.Equal([20, 20, 100, 15], h.Server.Requests.Select(r => r.Batch.Count));
    }

    /// <summary>With <c>MaxConcurrentRequests = 1</c>, a batch in backoff holds back every batch behind it, as before.</summary>
    [Fact]
    public async Task With_one_request_in_flight_a_batch_in_backoff_holds_back_the_batches_behind_it()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.MaxBatchSize = 1;
            o.MaxConcurrentRequests = 1;
        });
        h.Server.Enqueue(ScriptedResponse.WithStatus(503));
        var uuids = new[] { "first", "second", "third" }.Select(n => h.Client.Capture(ClientHarness.Event(name: n)).Uuid!).ToArray();

        var flush = h.Client.FlushAsync();
        var backoff = await h.Clock!.WaitForTimerAsync(ClientHarness.IsBackoff);
        Assert.Equal(1, h.Server.RequestCount);

        h.Clock.Advance(backoff.DueTime);
        Assert.Equal(new PostHogFlushResult(3, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal([uuids[0], uuids[0], uuids[1], uuids[2]], h.Server.Requests.Select(r => Assert.Single(r.Uuids)));
    }

    /// <summary>
    /// The slots: the limit starts at one request, grows by one per success up to the maximum, halves on a retryable
    /// failure, and is one while a <c>Retry-After</c> is in force; slots go to waiters in arrival order.
    /// </summary>
    [Fact]
    public async Task Request_slots_start_at_one_grow_with_successes_halve_on_failures_and_drop_to_one_during_Retry_After()
    {
        var clock = new FakeTimeProvider();
        var slots = new RequestSlots(4, clock);

        await slots.AcquireAsync(CancellationToken.None);
        var second = slots.AcquireAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        slots.Succeeded();
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        slots.Succeeded();
        slots.Succeeded();
        slots.Succeeded(); // Already at the maximum of 4.
        await slots.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await slots.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var fifth = slots.AcquireAsync(CancellationToken.None);
        var sixth = slots.AcquireAsync(CancellationToken.None);
        Assert.False(fifth.IsCompleted);
        slots.Release();
        await fifth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(sixth.IsCompleted);

        // A retryable failure halves the limit to 2: with 4 in flight, two releases are needed before the sixth runs.
        slots.Failed();
        slots.Release();
        slots.Release();
        Assert.False(sixth.IsCompleted);
        slots.Release();
        await sixth.WaitAsync(TimeSpan.FromSeconds(5));

        // Retry-After: one at a time until it has passed, then back to the limit.
        slots.Release();
        slots.Throttle(TimeSpan.FromSeconds(5));
        Assert.True(slots.IsThrottled);
        var throttled = slots.AcquireAsync(CancellationToken.None);
        Assert.False(throttled.IsCompleted);
        slots.Release();
        await throttled.WaitAsync(TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(slots.IsThrottled);
        await slots.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        // A cancelled wait holds no slot.
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        slots.Release();
        await slots.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
