using System;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary><c>services.AddPosthogGenAITracing()</c> in a generic host.</summary>
[Collection(GenAICollection.Name)]
public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task One_line_in_a_host_sends_the_pipeline_to_posthog_and_stopping_the_host_delivers_it()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPosthogGenAITracing(configureExporter: o =>
        {
            o.ApiKey = "phc_di";
            o.Host = server.BaseUrl;
            o.FlushAt = 1000;
            o.FlushInterval = TimeSpan.FromMinutes(5);
        });
        builder.Services.AddChatClient(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry();

        using (var host = builder.Build())
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<IChatClient>();
            await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [WeatherTools.GetWeather] });
            Assert.Empty(server.Requests); // nothing sent yet: FlushAt and FlushInterval are far away
            await host.StopAsync();

            var events = server.Requests.SelectMany(r => r.Batch).Select(e => e!.AsObject()).ToList();
            Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(Event));
            AssertOneTreeWithoutOrphans(events);
            Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
            Assert.IsType<PosthogExporter>(host.Services.GetRequiredService<GenAIActivityBridge>().Exporter);
        }

        // Disposing the container disposed the bridge: nothing listens to the GenAI sources any more.
        using var probe = new System.Diagnostics.ActivitySource("Experimental.Microsoft.Extensions.AI");
        Assert.False(probe.HasListeners());
    }

    [Fact]
    public async Task A_registered_exporter_is_used_and_not_shut_down_by_the_bridge()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = "phc_di", Host = server.BaseUrl, GetEnvironmentVariable = _ => null });
        var services = new ServiceCollection();
        services.AddSingleton<ITracingExporter>(exporter);
        services.AddPosthogGenAITracing(o => o.SourceNames.Add("MyApp.AI"));

        using (var provider = services.BuildServiceProvider())
        {
            var bridge = provider.GetRequiredService<GenAIActivityBridge>();
            Assert.Same(exporter, bridge.Exporter);
            using var client = new ChatClientBuilder(new ScriptedChatClient(_ => ScriptedChatClient.Answer("Hi!", 5, 2))).UseOpenTelemetry(sourceName: "MyApp.AI").Build();
            await client.GetResponseAsync("Hi");
        }

        await exporter.FlushAsync();
        var generation = Assert.Single(server.Requests.SelectMany(r => r.Batch))!.AsObject();
        Assert.Equal("$ai_generation", Event(generation));
        Assert.False(exporter.IsDisabled);
        Assert.Equal(0, exporter.GetDiagnostics().EventsRejectedShutDown);
    }
}
