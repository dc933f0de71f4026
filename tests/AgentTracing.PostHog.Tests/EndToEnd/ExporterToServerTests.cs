using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.EndToEnd;

/// <summary>From <see cref="PosthogExporter"/> through the real <see cref="PostHogClient"/> to a PostHog-compatible server on 127.0.0.1.</summary>
public sealed class ExporterToServerTests
{
    private const string ApiKey = "phc_e2e_SECRET_key_0123456789";

    private static PosthogExporter Exporter(FakePostHogServer server, FakeLogger? logger = null) => new(new PosthogExporterOptions
    {
        ApiKey = ApiKey,
        Host = server.BaseUrl,
        FlushAt = 100,
        Logger = logger,
        LogLevel = LogLevel.Trace,
        GetEnvironmentVariable = _ => null,
        ConfigureClient = o => o.InitialRetryDelay = TimeSpan.FromMilliseconds(10),
    });

    [Fact]
    public async Task A_whole_trace_arrives_as_the_exact_json_of_the_spec_in_one_gzip_request_on_the_ai_route()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using var exporter = Exporter(server);

        foreach (var e in TestData.Stream("worked-example.stream.json"))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.FlushAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("/i/v0/ai/batch/", request.Path);
        Assert.Equal("gzip", request.Header("Content-Encoding"));
        Assert.StartsWith("agent-tracing-posthog-dotnet/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(ApiKey, (string?)request.Json["api_key"]);
        Assert.Equal(["api_key", "batch", "sent_at"], request.Json.AsObject().Select(p => p.Key));

        var expected = TestData.Node("worked-example.events.json").AsArray();
        Assert.Equal(expected.Count, request.Batch.Count);
        var uuids = request.Uuids;
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
        for (var i = 0; i < expected.Count; i++)
        {
            var sent = request.Batch[i]!.AsObject();
            Assert.True(Guid.TryParse((string?)sent["uuid"], out var uuid));
            Assert.Equal('7', ((string)sent["uuid"]!)[14]);

            var want = expected[i]!.DeepClone().AsObject();
            var properties = want["properties"]!.AsObject();
            properties["$lib"] = "agent-tracing-posthog-dotnet";
            properties["$lib_version"] = (string?)sent["properties"]!["$lib_version"];
            properties["$geoip_disable"] = true;
            properties["$is_server"] = true;
            want["uuid"] = uuid.ToString("D");
            JsonAssert.Equal(want, sent);
            Assert.Equal(["event", "distinct_id", "properties", "timestamp", "uuid"], sent.Select(p => p.Key));
        }

        var diagnostics = exporter.GetDiagnostics();
        Assert.Equal(6, diagnostics.EventsSent);
        Assert.Equal(0, diagnostics.EventsFailed);
    }

    [Fact]
    public async Task A72_the_api_key_never_appears_in_logs_or_exceptions_even_when_the_server_rejects_it()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.WithStatus(401, $$"""{"status":401,"error":"invalid api key {{ApiKey}}"}""");
        var logger = new FakeLogger();
        var exporter = Exporter(server, logger);

        foreach (var e in TestData.Stream("worked-example.stream.json"))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.FlushAsync();
        await exporter.ShutdownAsync();

        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Error && r.Message.Contains("401", StringComparison.Ordinal));
        foreach (var record in records)
        {
            Assert.DoesNotContain("SECRET", record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", record.Exception?.ToString() ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", string.Join(",", record.StructuredState?.Select(p => p.Value) ?? []), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("SECRET", exporter.GetDiagnostics().ToString(), StringComparison.Ordinal);
        Assert.Equal(6, exporter.GetDiagnostics().EventsFailed);
    }

    [Fact]
    public async Task Shutdown_ends_open_spans_delivers_them_and_shuts_the_owned_client_down_once()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var exporter = Exporter(server);
        var stream = TestData.Stream("worked-example.stream.json");

        // Only the starts: shutdown must abort and deliver the open spans.
        foreach (var e in stream.Where(e => e.Type == AgentTracing.TracingEventType.SpanStarted))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        var first = exporter.ShutdownAsync();
        Assert.Same(first, exporter.ShutdownAsync());
        await first;

        var events = server.Requests.SelectMany(r => r.Batch).ToList();
        Assert.Equal(5, events.Count);
        Assert.Equal("$ai_trace", (string?)events[0]!["event"]);
        Assert.All(events, e => Assert.True((bool)e!["properties"]!["$ai_is_error"]!));
        Assert.All(events.Skip(1), e => Assert.Equal("SHUTDOWN", (string?)e!["properties"]!["error_id"]));

        await exporter.ExportTracingEventAsync(stream[0]);
        Assert.Equal(0, exporter.GetDiagnostics().EventsRejectedShutDown);
        Assert.Equal(5, exporter.GetDiagnostics().EventsSent);
    }

    [Fact]
    public async Task A_self_hosted_posthog_without_the_ai_route_gets_the_events_on_batch()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = r => r.Path.StartsWith("/i/v0/ai/batch", StringComparison.Ordinal) ? ScriptedResponse.WithStatus(404) : null;
        await using var exporter = Exporter(server);

        foreach (var e in TestData.Stream("worked-example.stream.json"))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.FlushAsync();

        Assert.Equal(6, server.RequestsTo("/batch/").Sum(r => r.Batch.Count));
        Assert.True(exporter.GetDiagnostics().AiLaneFallbackActive);
        Assert.Equal(6, exporter.GetDiagnostics().EventsSent);
    }
}
