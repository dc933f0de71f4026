using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>Nothing is lost through a faulty network: errors, rate limits, resets and slow answers.</summary>
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const string ApiKey = "phc_reliability_SECRET_faults_0123456789";

    /// <summary>What the server did with one request.</summary>
    private enum Fate
    {
        Accepted,
        ServiceUnavailable,
        RateLimited,
        ResetAfterReadingBody,
    }

    /// <summary>
    /// 2,000 interleaved traces (20,000 PostHog events) go through the exporter and the real client to a server that
    /// answers 30 % of requests with 503, 10 % with 429 and <c>Retry-After: 1</c>, resets 5 % of connections (after it
    /// has read the body, the worst case: PostHog may have stored the events) and delays every answer by 0 to 200 ms.
    /// The faults come from a seeded <see cref="Random"/> drawn once per request; the client has one request in
    /// flight, so the n-th request always meets the same fate.
    /// </summary>
    /// <remarks>
    /// To keep the run short the client backs off 5 ms doubling to at most 50 ms, and <c>MaxRetryDelay</c> = 50 ms
    /// also caps the <c>Retry-After: 1</c> floor (it is a floor capped by <c>MaxRetryDelay</c>), so a
    /// 429 waits 50 ms instead of 1 s. 30 retries make a batch that fails every attempt (0.45^31) practically impossible.
    /// Batches of 500 events keep the number of delayed requests, hence the run time, low.
    /// </remarks>
    [Fact]
    public async Task Every_event_arrives_through_503s_429s_resets_and_delays_and_duplicates_come_only_from_resets_after_the_body_was_read()
    {
        const int Traces = 2_000;
        const int Children = 9;
        const int Events = Traces * (Children + 1);

        await using var server = await FakePostHogServer.StartAsync();
        var random = new Random(6_2026);
        var acknowledged = new Dictionary<string, int>(StringComparer.Ordinal);
        var delivered = new Dictionary<string, int>(StringComparer.Ordinal);
        var inResetRequests = new Dictionary<string, int>(StringComparer.Ordinal);
        var fates = new Dictionary<Fate, int>();

        // The responder runs under the server's lock, one request at a time: the dictionaries need no other lock.
        server.Responder = request =>
        {
            var roll = random.NextDouble();
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 201));
            var fate = roll < 0.30 ? Fate.ServiceUnavailable
                : roll < 0.40 ? Fate.RateLimited
                : roll < 0.45 ? Fate.ResetAfterReadingBody
                : Fate.Accepted;
            fates[fate] = fates.GetValueOrDefault(fate) + 1;
            foreach (var uuid in request.Uuids)
            {
                if (fate == Fate.Accepted)
                {
                    acknowledged[uuid] = acknowledged.GetValueOrDefault(uuid) + 1;
                }

                if (fate is Fate.Accepted or Fate.ResetAfterReadingBody)
                {
                    // Stored by the server: acknowledged, or read in full before the connection was reset.
                    delivered[uuid] = delivered.GetValueOrDefault(uuid) + 1;
                }

                if (fate == Fate.ResetAfterReadingBody)
                {
                    inResetRequests[uuid] = inResetRequests.GetValueOrDefault(uuid) + 1;
                }
            }

            return fate switch
            {
                Fate.ServiceUnavailable => ScriptedResponse.WithStatus(503) with { Delay = delay },
                Fate.RateLimited => ScriptedResponse.WithRetryAfter(429, "1") with { Delay = delay },
                Fate.ResetAfterReadingBody => ScriptedResponse.AbortConnection() with { Delay = delay },
                _ => ScriptedResponse.Ok() with { Delay = delay },
            };
        };

        var logger = new FakeLogger();
        var client = new RecordingClient(new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = 500,
            MaxBatchSize = 500,
            MaxRetries = 30,
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            Logger = logger,
        }));
        await using var _ = client;
        var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = ApiKey, Logger = logger, LogLevel = LogLevel.Trace, GetEnvironmentVariable = _ => null }, client);

        var clock = Stopwatch.StartNew();
        var traces = Enumerable.Range(0, Traces).Select(t => TraceFactory.Trace("fault-" + t, Children)).ToList();
        foreach (var e in TraceFactory.Interleave(traces, new Random(42), window: 64))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await exporter.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        clock.Stop();

        var captured = client.Captures.ToList();
        Assert.Equal(Events, captured.Count);
        Assert.All(captured, c => Assert.True(c.Accepted));
        var uuids = captured.Select(c => c.Uuid!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Events, uuids.Count);

        // Every captured event was acknowledged exactly once, and the server stored nothing else.
        Assert.Equal(uuids.OrderBy(u => u, StringComparer.Ordinal), acknowledged.Keys.OrderBy(u => u, StringComparer.Ordinal));
        Assert.All(acknowledged.Values, count => Assert.Equal(1, count));
        Assert.Equal(uuids.Count, delivered.Count);

        // A duplicate is an event stored more than once; each extra copy is one reset after the body was read.
        var duplicates = delivered.Where(p => p.Value > 1).ToList();
        Assert.All(delivered, p => Assert.Equal(1 + inResetRequests.GetValueOrDefault(p.Key), p.Value));
        Assert.Equal(inResetRequests.Values.Sum(), delivered.Values.Sum() - Events);

        var diagnostics = exporter.GetDiagnostics();
        Assert.Equal(Events, diagnostics.EventsEnqueued);
        Assert.Equal(Events, diagnostics.EventsSent);
        Assert.Equal(0, diagnostics.EventsFailed);
        Assert.Equal(0, diagnostics.QueueLength);
        Assert.Equal(server.RequestCount, diagnostics.Requests);
        Assert.Equal(server.RequestCount - fates[Fate.Accepted], diagnostics.Retries);

        // Every kind of fault really happened.
        Assert.All(Enum.GetValues<Fate>(), fate => Assert.True(fates.GetValueOrDefault(fate) > 0, $"no {fate}"));
        Assert.NotEmpty(duplicates);
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);

        output.WriteLine($"{Events} events, {server.RequestCount} requests in {clock.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", fates.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}")) +
            $"; {duplicates.Count} events stored twice or more ({inResetRequests.Values.Sum()} extra copies), all after resets.");
    }

    /// <summary>
    /// The fault mix at <b>default</b> client options, in real time (nothing scaled): 2,000 traces (18,000
    /// events) against a server that answers 10 % of requests with 503, 5 % with 429 and <c>Retry-After: 1</c>, and
    /// resets 2 % of connections after reading the body. Right after the last export, <c>ShutdownAsync()</c> with its
    /// default 30 s timeout drains everything without timing out: every event is acknowledged. The one way an event
    /// could still fail is a batch refused on all 7 attempts of the default 6 retries, which happens to 0.17^7 (about
    /// four in a million) of batches; such a batch must then be reported as <c>RetriesExhausted</c>, never lost
    /// silently. Batches still waiting to retry when the shutdown begins shorten their waits to fit its timeout.
    /// </summary>
    [Fact]
    public Task At_default_options_in_real_time_2000_traces_through_503s_429s_with_Retry_After_and_resets_drain_within_the_default_shutdown_timeout() =>
        RunDefaultFaultMixAsync();

    private async Task RunDefaultFaultMixAsync()
    {
        const int Traces = 2_000;
        const int Children = 8;
        const int Events = Traces * (Children + 1);

        await using var server = await FakePostHogServer.StartAsync();
        var random = new Random(13_2026);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);
        var fates = new Dictionary<Fate, int>();

        // The responder runs under the server's lock, one request at a time.
        server.Responder = request =>
        {
            var roll = random.NextDouble();
            var fate = roll < 0.10 ? Fate.ServiceUnavailable
                : roll < 0.15 ? Fate.RateLimited
                : roll < 0.17 ? Fate.ResetAfterReadingBody
                : Fate.Accepted;
            fates[fate] = fates.GetValueOrDefault(fate) + 1;
            var batch = request.Uuids[0];
            if (fate == Fate.Accepted)
            {
                acknowledged.UnionWith(request.Uuids);
            }
            else
            {
                refusals[batch] = refusals.GetValueOrDefault(batch) + 1;
            }

            return fate switch
            {
                Fate.ServiceUnavailable => ScriptedResponse.WithStatus(503),
                Fate.RateLimited => ScriptedResponse.WithRetryAfter(429, "1"),
                Fate.ResetAfterReadingBody => ScriptedResponse.AbortConnection(),
                _ => ScriptedResponse.Ok(),
            };
        };

        var logger = new FakeLogger();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<PostHogDeliveryError>();
        var options = new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            Logger = logger,
            OnError = errors.Enqueue,
        };
        var client = new RecordingClient(new PostHogClient(options));
        await using var _ = client;
        var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = ApiKey, Logger = logger, GetEnvironmentVariable = _ => null }, client);

        var clock = Stopwatch.StartNew();
        var traces = Enumerable.Range(0, Traces).Select(t => TraceFactory.Trace("default-fault-" + t, Children)).ToList();
        foreach (var e in TraceFactory.Interleave(traces, new Random(42), window: 64))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        var exported = clock.Elapsed;
        var shutdown = await client.Inner.ShutdownAsync().WaitAsync(options.ShutdownTimeout + TimeSpan.FromSeconds(10));
        clock.Stop();

        var captured = client.Captures.ToList();
        Assert.Equal(Events, captured.Count);
        Assert.All(captured, c => Assert.True(c.Accepted));
        Assert.False(shutdown.TimedOut, $"the shutdown timed out with {shutdown.Unsent} events unsent");
        Assert.Equal(0, shutdown.Unsent);

        // Every event is acknowledged, or its batch was refused on every attempt and it is reported as RetriesExhausted.
        var exhausted = errors.Where(e => e.Reason == PostHogDeliveryErrorReason.RetriesExhausted).SelectMany(e => e.EventUuids).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(errors, e => e.Reason != PostHogDeliveryErrorReason.RetriesExhausted);
        Assert.All(errors, e => Assert.True(refusals.GetValueOrDefault(e.EventUuids[0]) >= 1 + options.MaxRetries, "a batch failed before its retries ran out"));
        Assert.Equal(captured.Select(c => c.Uuid!).Order(StringComparer.Ordinal), acknowledged.Concat(exhausted).Distinct().Order(StringComparer.Ordinal));
        var diagnostics = client.Inner.GetDiagnostics();
        Assert.Equal(Events - exhausted.Count, diagnostics.EventsSent);
        Assert.Equal(exhausted.Count, diagnostics.EventsFailed);
        Assert.Equal(0, diagnostics.EventsUnsent + diagnostics.QueueLength + diagnostics.EventsInFlight);
        Assert.All(Enum.GetValues<Fate>(), fate => Assert.True(fates.GetValueOrDefault(fate) > 0, $"no {fate}"));
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);

        output.WriteLine($"{Events} events, MaxConcurrentRequests {options.MaxConcurrentRequests}, MaxRetries {options.MaxRetries}: exported in {exported.TotalSeconds:F1} s, " +
            $"drained {clock.Elapsed.TotalSeconds:F1} s after the start ({(clock.Elapsed - exported).TotalSeconds:F1} s of shutdown); {server.RequestCount} requests, " +
            $"{diagnostics.Retries} retries: " + string.Join(", ", fates.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}")) +
            $"; {exhausted.Count} events failed after {1 + options.MaxRetries} refusals.");
    }
}
