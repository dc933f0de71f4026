using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// A bridge over a real <see cref="PosthogExporter"/> whose client sends to a <see cref="FakePostHogServer"/> on
/// 127.0.0.1, as an application sets it up (the bridge converts on its worker); the tracing events are also recorded on
/// the way in, by the exporter's span formatter.
/// </summary>
internal sealed class GenAIPipeline : IAsyncDisposable
{
    private const string ApiKey = "phc_genai_test";
    private readonly RecordingExporter _recorder;

    private GenAIPipeline(FakePostHogServer server, PosthogExporter exporter, RecordingExporter recorder, GenAIActivityBridge bridge, FakeLogger logger)
    {
        Server = server;
        Exporter = exporter;
        _recorder = recorder;
        Bridge = bridge;
        Logger = logger;
    }

    public FakePostHogServer Server { get; }

    public PosthogExporter Exporter { get; }

    /// <summary>The tracing events the exporter received, once every callback so far has been converted.</summary>
    public RecordingExporter Recorder
    {
        get
        {
            Bridge.Converter.Drain();
            return _recorder;
        }
    }

    public GenAIActivityBridge Bridge { get; }

    public FakeLogger Logger { get; }

    public static async Task<GenAIPipeline> StartAsync(Action<PosthogExporterOptions>? exporterOptions = null, Action<GenAIActivityBridgeOptions>? bridgeOptions = null)
    {
        var server = await FakePostHogServer.StartAsync();
        var options = new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = 1000,
            FlushInterval = TimeSpan.FromMinutes(5),
            GetEnvironmentVariable = _ => null,
        };
        exporterOptions?.Invoke(options);
        var recorder = new RecordingExporter();
        var formatter = options.SpanFormatter;
        options.SpanFormatter = span =>
        {
            // The bridge's start snapshot has no end time, its end snapshot has one.
            recorder.ExportTracingEventAsync(new TracingEvent { Type = span.EndTime is null ? TracingEventType.SpanStarted : TracingEventType.SpanEnded, ExportedSpan = span });
            return formatter?.Invoke(span) ?? span;
        };
        var exporter = new PosthogExporter(options);
        var logger = new FakeLogger();
        var bridgeSettings = new GenAIActivityBridgeOptions { Logger = logger };
        bridgeOptions?.Invoke(bridgeSettings);
        var bridge = new GenAIActivityBridge(exporter, bridgeSettings);
        return new GenAIPipeline(server, exporter, recorder, bridge, logger);
    }

    /// <summary>Flushes the exporter and returns every event the server received, in order.</summary>
    public async Task<IReadOnlyList<JsonObject>> SentEventsAsync()
    {
        await Exporter.FlushAsync();
        return Server.Requests.SelectMany(r => r.Batch).Select(e => e!.AsObject()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Bridge.Dispose();
        await Exporter.ShutdownAsync();
        await Server.DisposeAsync();
    }
}
