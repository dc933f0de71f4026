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
/// 127.0.0.1; the tracing events are also recorded on the way.
/// </summary>
internal sealed class GenAIPipeline : IAsyncDisposable
{
    private const string ApiKey = "phc_genai_test";

    private GenAIPipeline(FakePostHogServer server, PosthogExporter exporter, RecordingExporter recorder, GenAIActivityBridge bridge, FakeLogger logger)
    {
        Server = server;
        Exporter = exporter;
        Recorder = recorder;
        Bridge = bridge;
        Logger = logger;
    }

    public FakePostHogServer Server { get; }

    public PosthogExporter Exporter { get; }

    public RecordingExporter Recorder { get; }

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
        var exporter = new PosthogExporter(options);
        var recorder = new RecordingExporter(exporter);
        var logger = new FakeLogger();
        var bridgeSettings = new GenAIActivityBridgeOptions { Logger = logger };
        bridgeOptions?.Invoke(bridgeSettings);
        var bridge = new GenAIActivityBridge(recorder, bridgeSettings);
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
