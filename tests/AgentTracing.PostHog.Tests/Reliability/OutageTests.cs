using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// The server is down, then comes back. What is guaranteed:
/// <list type="bullet">
/// <item>The batch in flight is retried with backoff up to <c>MaxRetries</c> times; events behind it wait in the queue
/// and are not attempted. If the server comes back before that batch's retries run out, every accepted event arrives,
/// exactly once.</item>
/// <item>A batch whose retries run out is <c>Failed</c>: counted, reported to <c>OnError</c> with its uuids, and not
/// requeued. Everything queued behind it still arrives after recovery.</item>
/// <item>The queue holds at most <c>MaxQueueSize</c> events and <c>MaxQueueBytes</c> bytes; beyond that each new event
/// is rejected (<c>QueueFull</c>), counted exactly, reported, and logged at most once per 10 s.</item>
/// </list>
/// </summary>
public sealed class OutageTests
{
    private const string ApiKey = "phc_reliability_SECRET_outage_0123456789";
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_queued_during_an_outage_arrive_after_recovery_and_beyond_the_bound_each_new_event_is_rejected_and_counted_exactly()
    {
        const int MaxQueueSize = 1_000;
        const int BatchSize = 100;
        const int Total = 3_000;
        await using var server = await FakePostHogServer.StartAsync();
        var down = 1;
        server.Responder = _ => Volatile.Read(ref down) == 1 ? ScriptedResponse.WithStatus(503) : null;
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        var logger = new FakeLogger();
        await using var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = BatchSize,
            MaxBatchSize = BatchSize,
            MaxQueueSize = MaxQueueSize,
            MaxRetries = 100_000, // Outlasts the outage: the batch in flight is retried until the server is back.
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            Logger = logger,
            OnError = errors.Enqueue,
        });

        var results = new List<PostHogCaptureResult>(Total);
        long maxQueued = 0;
        for (var i = 0; i < Total; i++)
        {
            results.Add(client.CaptureAi(Event(i)));
            maxQueued = Math.Max(maxQueued, client.GetDiagnostics().QueueLength);
            if (i == BatchSize - 1)
            {
                // FlushAt is reached: the first batch (events 0-99) leaves the queue and meets the outage.
                await server.WaitForRequestsAsync(3);
            }
        }

        // During the outage: one batch in flight, the queue at its bound, every later event rejected as it came.
        var accepted = BatchSize + MaxQueueSize;
        Assert.All(results.Take(accepted), r => Assert.True(r.Accepted));
        Assert.All(results.Skip(accepted), r => Assert.Equal(PostHogRejectReason.QueueFull, r.Reason));
        Assert.Equal(MaxQueueSize, maxQueued);
        var during = client.GetDiagnostics();
        Assert.Equal(MaxQueueSize, during.QueueLength);
        Assert.Equal(Total - accepted, during.EventsDroppedQueueFull);
        Assert.Equal(results.Skip(accepted).Select(r => r.Uuid), errors.Where(e => e.Reason == PostHogDeliveryErrorReason.QueueFull).SelectMany(e => e.EventUuids));
        Assert.All(server.Requests, r => Assert.Equal(results.Take(BatchSize).Select(c => c.Uuid), r.Uuids));
        Assert.Single(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.StartsWith("PostHog event rejected: QueueFull", StringComparison.Ordinal));

        Volatile.Write(ref down, 0);
        var flushed = await client.FlushAsync().WaitAsync(Safety);

        Assert.Equal(new PostHogFlushResult(accepted, 0, 0), flushed);
        // Each accepted event arrived exactly once; with several requests in flight, batches may arrive in any order.
        var arrived = server.Requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(results.Take(accepted).Select(r => r.Uuid!).Order(StringComparer.Ordinal), arrived);
        var after = client.GetDiagnostics();
        Assert.Equal(accepted, after.EventsSent);
        Assert.Equal(0, after.EventsFailed);
        Assert.Equal(Total - accepted, after.EventsDroppedQueueFull);
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);
        SecretAssert.NotInErrors(errors, ApiKey);
    }

    [Fact]
    public async Task A_batch_whose_retries_run_out_during_the_outage_is_failed_not_requeued_and_everything_queued_behind_it_arrives()
    {
        const int BatchSize = 100;
        const int Total = 500;
        await using var server = await FakePostHogServer.StartAsync();
        var down = 1;
        server.Responder = _ => Volatile.Read(ref down) == 1 ? ScriptedResponse.WithStatus(503) : null;
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        await using var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = BatchSize,
            MaxBatchSize = BatchSize,
            MaxRetries = 3,
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            OnError = error =>
            {
                errors.Enqueue(error);
                if (error.Reason == PostHogDeliveryErrorReason.RetriesExhausted)
                {
                    // The server comes back the moment the first batch has used up its retries.
                    Volatile.Write(ref down, 0);
                }
            },
        });

        var results = Enumerable.Range(0, Total).Select(i => client.CaptureAi(Event(i))).ToList();
        var flushed = await client.FlushAsync().WaitAsync(Safety);

        // The batch that used up its retries first is failed: the first one, or the second, which may have started
        // while the first waited for a retry.
        var firstBatches = new[] { results.Take(BatchSize), results.Skip(BatchSize).Take(BatchSize) }.Select(b => b.Select(r => r.Uuid!).ToList()).ToList();
        Assert.Equal(new PostHogFlushResult(Total - BatchSize, BatchSize, 0), flushed);
        var failure = Assert.Single(errors);
        Assert.Equal(PostHogDeliveryErrorReason.RetriesExhausted, failure.Reason);
        var failedBatch = Assert.Single(firstBatches, b => b.SequenceEqual(failure.EventUuids));

        // 1 + MaxRetries attempts of the failed batch, all refused. The other batch out during the outage is refused
        // until the server is back, then accepted (one failure does not hold the others back; two in a row stop new
        // batches). Every later batch is sent once, accepted.
        var requests = server.Requests;
        var refused = requests.Where(r => r.ResponseStatus == 503).ToList();
        Assert.Equal(4, refused.Count(r => r.Uuids.SequenceEqual(failedBatch)));
        Assert.True(refused.Select(r => r.Uuids[0]).Distinct().Count() <= 2, "an outage stops new batches");
        var accepted = requests.Where(r => r.ResponseStatus == 200).ToList();
        Assert.Equal(results.Select(r => r.Uuid!).Except(failedBatch).Order(StringComparer.Ordinal), accepted.SelectMany(r => r.Uuids).Order(StringComparer.Ordinal));
        var diagnostics = client.GetDiagnostics();
        Assert.Equal(Total - BatchSize, diagnostics.EventsSent);
        Assert.Equal(BatchSize, diagnostics.EventsFailed);
        Assert.Equal(0, diagnostics.QueueLength);
    }

    [Fact]
    public async Task While_the_server_refuses_connections_the_queue_stays_within_its_byte_bound_and_after_a_restart_on_the_same_port_every_accepted_event_arrives()
    {
        const long MaxQueueBytes = 64 * 1024;
        const int BatchSize = 50;
        const int Total = 300;
        var gone = await FakePostHogServer.StartAsync();
        var host = gone.BaseUrl;
        await gone.DisposeAsync();

        var refusedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new FakeLogger(new FakeLogCollector(Options.Create(new FakeLogCollectorOptions
        {
            OutputSink = line =>
            {
                if (line.Contains("attempt 2 failed with HttpRequestException", StringComparison.Ordinal))
                {
                    refusedTwice.TrySetResult();
                }
            },
        })));
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        await using var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = host,
            FlushAt = BatchSize,
            MaxBatchSize = BatchSize,
            MaxQueueBytes = MaxQueueBytes,
            MaxRetries = 100_000,
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            Logger = logger,
            OnError = errors.Enqueue,
        });

        var results = new List<PostHogCaptureResult>(Total);
        long maxBytes = 0;
        for (var i = 0; i < Total; i++)
        {
            results.Add(client.CaptureAi(Event(i, payloadBytes: 1_000)));
            maxBytes = Math.Max(maxBytes, client.QueuedBytes);
            if (i == BatchSize - 1)
            {
                // The first batch has left the queue and met a closed port, twice.
                await refusedTwice.Task.WaitAsync(Safety);
            }
        }

        var accepted = results.Where(r => r.Accepted).Select(r => r.Uuid!).ToList();
        var rejected = results.Where(r => !r.Accepted).ToList();
        Assert.True(maxBytes <= MaxQueueBytes, $"{maxBytes} bytes queued");
        Assert.True(maxBytes > MaxQueueBytes - 2_000, $"the byte bound was not reached: {maxBytes}");
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal(PostHogRejectReason.QueueFull, r.Reason));
        Assert.Equal(rejected.Count, client.GetDiagnostics().EventsDroppedQueueFull);
        Assert.Equal(rejected.Count, errors.Count(e => e.Reason == PostHogDeliveryErrorReason.QueueFull));

        await using var back = await FakePostHogServer.StartAsync(port: new Uri(host).Port);
        var flushed = await client.FlushAsync().WaitAsync(Safety);

        Assert.Equal(new PostHogFlushResult(accepted.Count, 0, 0), flushed);
        // Every accepted event once; with several requests in flight, batches may arrive in any order.
        Assert.Equal(accepted.Order(StringComparer.Ordinal), back.Requests.SelectMany(r => r.Uuids).Order(StringComparer.Ordinal));
        Assert.Equal(0, client.GetDiagnostics().EventsFailed);
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);
    }

    private static PostHogEvent Event(int index, int payloadBytes = 0) => new()
    {
        EventName = "$ai_span",
        DistinctId = "user-" + index,
        Properties = new JsonObject { ["$ai_trace_id"] = "outage", ["$ai_span_id"] = "span-" + index, ["payload"] = new string('x', payloadBytes) },
    };
}
