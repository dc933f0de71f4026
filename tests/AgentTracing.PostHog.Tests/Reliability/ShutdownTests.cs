using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>Shutting down while the server hangs is bounded and leaves nothing running.</summary>
public sealed class ShutdownTests
{
    private const string ApiKey = "phc_reliability_SECRET_shutdown_0123456789";
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Real-time slack on top of the shutdown timeout for a loaded two-core machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ShutdownAsync_while_the_server_hangs_returns_within_its_timeout_stops_the_sending_loop_and_ignores_later_calls()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.Hang();
        var logger = new FakeLogger();
        var exporter = Exporter(server, logger);
        var client = (PostHogClient)exporter.Client!;

        // Ended spans are queued and sent (the request hangs); open spans are aborted by the shutdown.
        var trace = TraceFactory.Trace("hang", 3);
        foreach (var e in trace.Take(trace.Count - 1))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        var inFlight = exporter.FlushAsync();
        await server.WaitForRequestsAsync(1);

        var clock = Stopwatch.StartNew();
        var shutdown = exporter.ShutdownAsync();
        await shutdown.WaitAsync(ShutdownTimeout + Slack + Slack);
        clock.Stop();

        Assert.InRange(clock.Elapsed, ShutdownTimeout - TimeSpan.FromMilliseconds(100), ShutdownTimeout + Slack);
        await client.Worker.WaitAsync(Slack);
        await inFlight.WaitAsync(Slack);
        var diagnostics = exporter.GetDiagnostics();
        Assert.Equal(4, diagnostics.EventsEnqueued); // 3 ended children, 1 aborted root.
        Assert.Equal(4, diagnostics.EventsUnsent);
        Assert.Equal(0, diagnostics.EventsSent + diagnostics.EventsFailed + diagnostics.QueueLength);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message == "PostHog client: timeout while shutting down; 4 events were not sent");

        // A second call returns at once; everything afterwards is ignored without throwing.
        Assert.True(exporter.ShutdownAsync().IsCompletedSuccessfully);
        var requests = server.RequestCount;
        Assert.True(exporter.ExportTracingEventAsync(trace[^1]).IsCompletedSuccessfully);
        Assert.True(exporter.ExportTracingEventAsync(Spans.Start(Spans.Span("late", traceId: "late"))).IsCompletedSuccessfully);
        Assert.True(exporter.ExportFeedbackAsync(new FeedbackEvent { Feedback = new ExportedFeedback { FeedbackId = "f", TraceId = "hang", FeedbackType = "thumbs", Value = "up" } }).IsCompletedSuccessfully);
        await exporter.FlushAsync().WaitAsync(Slack);
        await exporter.DisposeAsync().AsTask().WaitAsync(Slack);
        exporter.Dispose();
        Assert.Equal(diagnostics, exporter.GetDiagnostics());
        Assert.Equal(requests, server.RequestCount);
        SecretAssert.NotInLogs(logger.Collector.GetSnapshot(), ApiKey);
    }

    [Fact]
    public async Task Dispose_while_the_server_hangs_returns_within_the_shutdown_timeout_plus_one_second()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.Hang();
        var exporter = Exporter(server, new FakeLogger());
        var client = (PostHogClient)exporter.Client!;
        foreach (var e in TraceFactory.Trace("dispose", 2))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        _ = exporter.FlushAsync();
        await server.WaitForRequestsAsync(1);

        var clock = Stopwatch.StartNew();
        await Task.Run(exporter.Dispose).WaitAsync(ShutdownTimeout + TimeSpan.FromSeconds(1) + Slack + Slack);
        clock.Stop();

        Assert.True(clock.Elapsed < ShutdownTimeout + TimeSpan.FromSeconds(1) + Slack, $"Dispose took {clock.Elapsed}");
        await client.Worker.WaitAsync(Slack);
        Assert.Equal(3, exporter.GetDiagnostics().EventsUnsent);
    }

    /// <summary>
    /// Nothing in the package can keep a process alive: besides thread-pool work and timers, which are background, the
    /// only thread it creates (the GenAI bridge's conversion worker) is created as a background thread in the same
    /// statement, so once <c>ShutdownAsync</c> has stopped the sending loop the process can exit.
    /// </summary>
    [Fact]
    public void The_package_never_creates_a_foreground_thread()
    {
        var creations = SourceFiles.Read("src")
            .SelectMany(f => f.Text.Split(';').Where(s => s.Contains("new Thread(", StringComparison.Ordinal)).Select(s => (f.Path, Statement: s)))
            .ToList();
        var offenders = creations.Where(c => !c.Statement.Contains("IsBackground = true", StringComparison.Ordinal)).Select(c => c.Path)
            .Concat(SourceFiles.Read("src").Where(f => f.Text.Contains("IsBackground = false", StringComparison.Ordinal)).Select(f => f.Path))
            .ToList();

        Assert.Empty(offenders);
        Assert.Equal(["src/AgentTracing.PostHog/GenAI/ConversionQueue.cs"], creations.Select(c => c.Path));
    }

    /// <summary>
    /// Another thread is inside <c>ExportTracingEventAsync</c>, holding its trace's lock for as long as a slow input takes
    /// (here: an input object whose serialisation waits on a gate). <c>ShutdownAsync()</c> returns its task at once,
    /// the task completes within the shutdown timeout counted from the call, and <c>Dispose()</c> returns within its bound.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShutdownAsync_and_Dispose_keep_their_bound_while_another_thread_is_inside_a_slow_export(bool dispose)
    {
        await using var server = await FakePostHogServer.StartAsync();
        var exporter = Exporter(server, new FakeLogger());
        using var gate = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var open = TraceFactory.Trace("open", 2).Take(2).ToList();
        foreach (var e in open)
        {
            await exporter.ExportTracingEventAsync(e);
        }

        var slowSpan = Spans.Span("slow", traceId: "open", parent: open[0].ExportedSpan.Id, input: new SlowInput(gate, entered));
        var slow = Task.Run(() => exporter.ExportTracingEventAsync(Spans.EventSpan(slowSpan)));
        try
        {
            Assert.True(await entered.WaitAsync(Slack + Slack), "the export did not reach the slow input");
            var clock = Stopwatch.StartNew();
            if (dispose)
            {
                await Task.Run(exporter.Dispose).WaitAsync(ShutdownTimeout + TimeSpan.FromSeconds(1) + Slack + Slack);
                clock.Stop();
                Assert.True(clock.Elapsed < ShutdownTimeout + TimeSpan.FromSeconds(1) + Slack, $"Dispose took {clock.Elapsed}");
            }
            else
            {
                var call = Task.Factory.StartNew(() => exporter.ShutdownAsync(), CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
                var shutdown = await call.WaitAsync(Slack);
                var returnedAfter = clock.Elapsed;
                await shutdown.WaitAsync(ShutdownTimeout + Slack + Slack);
                clock.Stop();
                Assert.True(returnedAfter < ShutdownTimeout, $"ShutdownAsync() itself took {returnedAfter}");
                Assert.True(clock.Elapsed < ShutdownTimeout + Slack, $"the shutdown took {clock.Elapsed}");
            }

            Assert.False(slow.IsCompleted, "the export is still inside the slow input");
        }
        finally
        {
            gate.Set();
        }

        await slow.WaitAsync(Slack + Slack);
    }

    private static PosthogExporter Exporter(FakePostHogServer server, FakeLogger logger) => new(new PosthogExporterOptions
    {
        ApiKey = ApiKey,
        Host = server.BaseUrl,
        Logger = logger,
        LogLevel = LogLevel.Trace,
        GetEnvironmentVariable = _ => null,
        ConfigureClient = o =>
        {
            o.ShutdownTimeout = ShutdownTimeout;
            o.RequestTimeout = TimeSpan.FromMinutes(5); // Only shutdown may end the hanging request.
        },
    });

    /// <summary>An input whose serialisation blocks until the test opens the gate.</summary>
    [JsonConverter(typeof(SlowInputConverter))]
    private sealed class SlowInput(ManualResetEventSlim gate, SemaphoreSlim entered)
    {
        public void Wait()
        {
            entered.Release();
            gate.Wait();
        }
    }

    private sealed class SlowInputConverter : JsonConverter<SlowInput>
    {
        public override SlowInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, SlowInput value, JsonSerializerOptions options)
        {
            value.Wait();
            writer.WriteStringValue("slow");
        }
    }
}
