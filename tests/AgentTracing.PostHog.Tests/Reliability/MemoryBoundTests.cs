using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>A million events against a slow server: every cache and queue stays within its bound.</summary>
[Collection(AloneCollection.Name)]
public sealed class MemoryBoundTests(ITestOutputHelper output)
{
    private const string ApiKey = "phc_reliability_SECRET_memory_0123456789";
    private const int TracingEvents = 1_000_000;
    private const int Children = 9;
    private const int OpenTraces = 256;
    private const int MaxTotalTraces = 200;
    private const int MaxPendingCleanupTraces = 50;
    private const int MaxQueueSize = 5_000;
    private const long MaxQueueBytes = 2 * 1024 * 1024;
    private const long MaxRetainedGrowth = 64L * 1024 * 1024;

    /// <summary>
    /// 1,000,000 tracing events (about 50,000 traces, 256 open at a time, one in ten never ended) go through the
    /// exporter to a server that takes 250 ms per request. Sampled every 10,000 events and at the end: tracked traces
    /// ≤ <c>MaxTotalTraces</c>, traces waiting for cleanup ≤ <c>MaxPendingCleanupTraces</c>, queued events ≤
    /// <c>MaxQueueSize</c> and queued bytes ≤ <c>MaxQueueBytes</c> (both reached: the overflow is rejected and counted),
    /// and the managed heap after a full collection never grows more than 64 MB over its size before the run (unbounded,
    /// the rejected events alone would take hundreds of MB). The log stays short too: its repeated lines are rate-limited.
    /// </summary>
    [Fact]
    public async Task A_million_tracing_events_against_a_slow_server_keep_traces_queue_bytes_and_heap_within_their_bounds()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.Ok() with { Delay = TimeSpan.FromMilliseconds(250) };
        var logger = new FakeLogger();
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = 100,
            MaxTotalTraces = MaxTotalTraces,
            MaxPendingCleanupTraces = MaxPendingCleanupTraces,
            Logger = logger,
            LogLevel = LogLevel.Information,
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o =>
            {
                o.MaxQueueSize = MaxQueueSize;
                o.MaxQueueBytes = MaxQueueBytes;
                o.ShutdownTimeout = TimeSpan.FromSeconds(1);
            },
        });
        var client = (PostHogClient)exporter.Client!;
        var stream = new EventStream(seed: 7);

        // Warm up (JIT, buffers, the first requests) before the baseline.
        for (var i = 0; i < 20_000; i++)
        {
            await exporter.ExportTracingEventAsync(stream.Next());
        }

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var baselineWorkingSet = Environment.WorkingSet;
        var (maxTraces, maxPending, maxQueued, maxBytes, maxRetained, maxWorkingSet) = (0, 0, 0L, 0L, 0L, 0L);
        var clock = Stopwatch.StartNew();
        for (var i = 20_000; i < TracingEvents; i++)
        {
            await exporter.ExportTracingEventAsync(stream.Next());
            if (i % 10_000 == 0)
            {
                maxTraces = Math.Max(maxTraces, exporter.TrackedTraceCount);
                maxPending = Math.Max(maxPending, exporter.PendingCleanupTraceCount);
                maxQueued = Math.Max(maxQueued, client.GetDiagnostics().QueueLength);
                maxBytes = Math.Max(maxBytes, client.QueuedBytes);
                maxWorkingSet = Math.Max(maxWorkingSet, Environment.WorkingSet);
                if (i % 200_000 == 0)
                {
                    maxRetained = Math.Max(maxRetained, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }
        }

        clock.Stop();
        maxRetained = Math.Max(maxRetained, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        var during = exporter.GetDiagnostics();
        var shutdownClock = Stopwatch.StartNew();
        await exporter.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        shutdownClock.Stop();
        var after = exporter.GetDiagnostics();
        var logLines = logger.Collector.Count;

        Assert.InRange(maxTraces, 1, MaxTotalTraces);
        Assert.InRange(maxPending, 1, MaxPendingCleanupTraces);
        Assert.InRange(maxQueued, 1, MaxQueueSize);
        Assert.InRange(maxBytes, 1, MaxQueueBytes);
        Assert.True(maxQueued == MaxQueueSize || maxBytes > MaxQueueBytes - 4_096, $"no bound was reached: {maxQueued} events, {maxBytes} bytes");
        Assert.True(during.EventsDroppedQueueFull > 100_000, $"only {during.EventsDroppedQueueFull} events were rejected");
        Assert.True(maxRetained < MaxRetainedGrowth, $"the heap grew by {maxRetained / (1024 * 1024)} MB");
        Assert.Equal(after.EventsEnqueued, after.EventsSent + after.EventsFailed + after.EventsUnsent + after.QueueLength);
        Assert.Equal(0, after.QueueLength);
        Assert.True(shutdownClock.Elapsed < TimeSpan.FromSeconds(3), $"shutdown took {shutdownClock.Elapsed}");
        Assert.True(logLines < 200, $"{logLines} log lines");
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);

        output.WriteLine($"{TracingEvents:N0} tracing events in {clock.Elapsed.TotalSeconds:F1} s ({stream.Traces:N0} traces): " +
            $"max {maxTraces} traces tracked (cap {MaxTotalTraces}), {maxPending} waiting for cleanup (cap {MaxPendingCleanupTraces}), " +
            $"{maxQueued} queued (cap {MaxQueueSize}), {maxBytes:N0} queued bytes (cap {MaxQueueBytes:N0}); " +
            $"heap after full GC at most {maxRetained / 1024.0 / 1024:F1} MB above the {baseline / 1024.0 / 1024:F1} MB baseline; " +
            $"working set {baselineWorkingSet / 1024 / 1024} MB before, at most {maxWorkingSet / 1024 / 1024} MB during. " +
            $"Client: {during.EventsEnqueued:N0} queued, {during.EventsDroppedQueueFull:N0} rejected as QueueFull, {after.EventsSent:N0} sent, " +
            $"{after.EventsUnsent:N0} unsent at shutdown ({shutdownClock.Elapsed.TotalSeconds:F1} s). {logLines} log lines.");
    }

    /// <summary>
    /// An endless, seeded stream of tracing events, generated as it is read: <see cref="OpenTraces"/> traces are open
    /// at a time, the next event comes from a random one; a trace is a root and <see cref="Children"/> children that
    /// start and end, and one trace in ten never ends its root.
    /// </summary>
    private sealed class EventStream(int seed)
    {
        private static readonly JsonObject GenerationAttributes = new()
        {
            ["model"] = "gpt-4o",
            ["provider"] = "openai",
            ["usage"] = new JsonObject { ["inputTokens"] = 12, ["outputTokens"] = 34 },
        };

        private readonly Random _random = new(seed);
        private readonly List<(int Trace, int Step)> _open = [];

        public int Traces { get; private set; }

        public TracingEvent Next()
        {
            while (_open.Count < OpenTraces)
            {
                _open.Add((Traces++, 0));
            }

            var pick = _random.Next(_open.Count);
            var (trace, step) = _open[pick];
            var abandoned = trace % 10 == 9;
            var last = abandoned ? 2 * Children : (2 * Children) + 1;
            if (step == last)
            {
                _open[pick] = _open[^1];
                _open.RemoveAt(_open.Count - 1);
            }
            else
            {
                _open[pick] = (trace, step + 1);
            }

            var traceId = "memory-" + trace;
            if (step == 0 || step == (2 * Children) + 1)
            {
                return Event(step == 0, new ExportedSpan
                {
                    Id = traceId + "-root", TraceId = traceId, Name = "agent run", Type = new SpanType("agent_run"), IsRootSpan = true,
                    StartTime = Spans.T0, EndTime = step == 0 ? null : Spans.T0.AddSeconds(2), Input = "What is the weather?",
                    Output = step == 0 ? null : "Sunny.", Metadata = new Dictionary<string, object?> { ["userId"] = "user-" + (trace % 100) },
                });
            }

            var child = (step - 1) / 2;
            var generation = child % 5 == 0;
            var type = new SpanType(generation ? "model_generation" : "tool_call");
            var start = step % 2 == 1;
            return Event(start, new ExportedSpan
            {
                Id = traceId + "-c" + child, TraceId = traceId, ParentSpanId = traceId + "-root", Name = generation ? "llm" : "tool",
                Type = type, StartTime = Spans.T0.AddMilliseconds(child), EndTime = start ? null : Spans.T0.AddMilliseconds(child + 100),
                Attributes = generation ? SpanAttributes.Create(type, GenerationAttributes) : null,
                Input = start ? "input of child " + child : null, Output = start ? null : "output of child " + child,
            });
        }

        private static TracingEvent Event(bool start, ExportedSpan span) =>
            new() { Type = start ? TracingEventType.SpanStarted : TracingEventType.SpanEnded, ExportedSpan = span };
    }
}
