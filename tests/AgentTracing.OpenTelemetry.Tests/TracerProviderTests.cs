using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgentTracing.OpenTelemetry.Tests;

/// <summary>
/// <c>tracing.AddPosthogExporter()</c> on a real OpenTelemetry SDK tracer provider, with a Microsoft.Extensions.AI
/// pipeline and a local PostHog server. One class: its tests run one after another, so no provider sees another test's spans.
/// </summary>
public sealed class TracerProviderTests
{
    private static Action<PosthogExporterOptions> To(FakePostHogServer server) => o =>
    {
        o.ApiKey = "phc_otel";
        o.Host = server.BaseUrl;
        o.FlushAt = 1000;
        o.FlushInterval = TimeSpan.FromMinutes(5);
        o.GetEnvironmentVariable = _ => null;
    };

    private static async Task RunAgentLoopAsync()
    {
        using var client = new ChatClientBuilder(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry().Build();
        var response = await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [ScriptedChatClient.GetWeather] });
        Assert.Equal("It is 21C in Paris.", response.Text);
    }

    private static List<JsonObject> Events(FakePostHogServer server) => server.Requests.SelectMany(r => r.Batch).Select(e => e!.AsObject()).ToList();

    private static string? Prop(JsonObject e, string key) => (string?)e["properties"]![key];

    private static void AssertOneTree(List<JsonObject> events)
    {
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(e => (string?)e["event"]));
        var traceId = Assert.Single(events.Select(e => Prop(e, "$ai_trace_id")).Distinct());
        var nodes = events.Select(e => Prop(e, "$ai_generation_id") ?? Prop(e, "$ai_span_id")).Where(id => id is not null).ToHashSet();
        Assert.All(events.Select(e => Prop(e, "$ai_parent_id")).Where(p => p is not null), p => Assert.True(p == traceId || nodes.Contains(p)));
        Assert.Equal(230, events.Sum(e => (long?)e["properties"]!["$ai_input_tokens"] ?? 0));
        Assert.Equal(32, events.Sum(e => (long?)e["properties"]!["$ai_output_tokens"] ?? 0));
        Assert.All(events.Where(e => (string?)e["event"] == "$ai_generation"), g => Assert.Equal("gpt-4o-mini", Prop(g, "$ai_model")));
    }

    [Fact]
    public async Task The_spans_the_provider_records_reach_posthog_as_one_trace_and_other_exporters_still_get_them()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var exported = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddPosthogExporter(To(server))
            .AddInMemoryExporter(exported)
            .Build())
        {
            await RunAgentLoopAsync();
            Assert.Empty(server.Requests);
            Assert.True(provider.ForceFlush());

            AssertOneTree(Events(server));
        }

        Assert.Equal(4, exported.Count);
        Assert.All(exported, a => Assert.True(a.Recorded));
    }

    [Fact]
    public async Task Spans_the_sampler_records_but_does_not_sample_are_not_sent()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var exported = new List<Activity>();
        var seen = 0;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new RecordOnlySampler())
            .AddPosthogExporter(To(server))
            .AddProcessor(new CountingProcessor(() => seen++))
            .AddInMemoryExporter(exported)
            .Build())
        {
            await RunAgentLoopAsync();
            Assert.True(provider.ForceFlush());
        }

        Assert.Equal(4, seen); // the processors saw the spans (all data, not sampled) ...
        Assert.Empty(exported); // ... which no exporter of the provider sends,
        Assert.Empty(server.Requests); // and neither does PostHog's.
    }

    private sealed class RecordOnlySampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.RecordOnly);
    }

    private sealed class CountingProcessor(Action onEnd) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => onEnd();
    }

    [Fact]
    public async Task Disposing_the_provider_delivers_and_shuts_down_its_own_exporter_but_only_flushes_a_callers()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using (Sdk.CreateTracerProviderBuilder().AddPosthogExporter(To(server)).Build())
        {
            await RunAgentLoopAsync();
        }

        AssertOneTree(Events(server));

        await using var callers = await FakePostHogServer.StartAsync();
        var options = new PosthogExporterOptions();
        To(callers)(options);
        await using var exporter = new PosthogExporter(options);
        using (Sdk.CreateTracerProviderBuilder().AddPosthogExporter(exporter).Build())
        {
            await RunAgentLoopAsync();
        }

        AssertOneTree(Events(callers));
        await exporter.ExportTracingEventAsync(new TracingEvent
        {
            Type = TracingEventType.SpanEnded,
            ExportedSpan = new ExportedSpan { Id = "00f067aa0ba902b7", TraceId = "0af7651916cd43dd8448eb211c80319c", Name = "still open", StartTime = DateTimeOffset.UtcNow, EndTime = DateTimeOffset.UtcNow },
        });
        await exporter.FlushAsync();
        Assert.Equal(5, Events(callers).Count); // the caller's exporter was not shut down with the provider
    }

    [Fact]
    public async Task In_a_host_the_exporter_registered_in_the_services_is_used()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(_ =>
        {
            var options = new PosthogExporterOptions();
            To(server)(options);
            return new PosthogExporter(options);
        });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPosthogExporter());

        using (var host = builder.Build())
        {
            await host.StartAsync();
            await RunAgentLoopAsync();
            await host.Services.GetRequiredService<PosthogExporter>().FlushAsync();
            AssertOneTree(Events(server));
            await host.StopAsync();
        }
    }
}
