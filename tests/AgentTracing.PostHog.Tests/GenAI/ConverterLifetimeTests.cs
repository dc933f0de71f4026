using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// A <see cref="GenAIActivityConverter"/> made by hand over a <see cref="PosthogExporter"/> and then dropped by the
/// application: once idle, it holds no thread and the exporter does not keep it, so making converters as needed cannot
/// grow the process without bound.
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class ConverterLifetimeTests
{
    private const string SourceName = "Test.GenAI.Lifetime";
    private static readonly ActivitySource Source = new(SourceName);

    [Fact]
    public async Task A_dropped_converter_sends_its_events_then_ends_its_thread_and_is_collected()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var converting = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_lifetime_test",
            Host = server.BaseUrl,
            GetEnvironmentVariable = _ => null,
            SpanFormatter = span =>
            {
                // The formatter runs where the conversion runs: on the converter's thread.
                converting.TrySetResult(Thread.CurrentThread);
                return span;
            },
        });

        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var converter = ConvertOneChatAndDrop(exporter);

        // The worker converted the chat before it went idle: its event is sent by the flush.
        var worker = await converting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotSame(Thread.CurrentThread, worker);
        Assert.True(worker.Join(TimeSpan.FromSeconds(30)), "the idle converter's thread did not end");
        await exporter.FlushAsync();
        var sent = server.Requests.SelectMany(r => r.Batch).Select(e => (string?)e!["event"]).ToList();
        Assert.Equal(["$ai_generation"], sent);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(converter.TryGetTarget(out _), "something still holds the dropped converter");

        // The exporter goes on flushing and shutting down without it.
        await exporter.FlushAsync();
        await exporter.ShutdownAsync();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<GenAIActivityConverter> ConvertOneChatAndDrop(PosthogExporter exporter)
    {
        var options = new GenAIActivityBridgeOptions();
        options.SourceNames.Clear();
        options.SourceNames.Add(SourceName);
        var converter = new GenAIActivityConverter(exporter, options, startWorker: true, idleExit: TimeSpan.FromMilliseconds(50));

        var chat = Source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
        chat.SetTag("gen_ai.operation.name", "chat");
        chat.SetTag("gen_ai.request.model", "gpt-4o");
        converter.OnActivityStarted(chat);
        chat.Stop();
        converter.OnActivityStopped(chat);

        return new WeakReference<GenAIActivityConverter>(converter);
    }
}
