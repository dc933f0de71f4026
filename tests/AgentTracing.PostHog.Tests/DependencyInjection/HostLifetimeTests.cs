using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>Pending events are sent when the host stops, after the app's own services have stopped.</summary>
public sealed class HostLifetimeTests
{
    [Fact]
    public async Task Events_queued_before_the_host_stops_are_sent_when_it_stops()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(TestHosts.Sending(server.BaseUrl), s => s.AddPosthogExporter());
        await host.StartAsync();
        var exporter = host.Services.GetRequiredService<ITracingExporter>();

        foreach (var e in Life(Span("r", root: true, name: "finished run")))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.ExportTracingEventAsync(Start(Span("c", "tool_call", parent: "r", endMs: null, traceId: "t2")));

        // FlushAt 1000 and a one-hour interval: nothing is sent until the host stops.
        Assert.Equal(0, server.RequestCount);
        await host.StopAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("/i/v0/ai/batch/", request.Path);
        Assert.Equal(TestHosts.ApiKey, (string?)request.Json["api_key"]);
        var events = request.Batch.Select(e => e!.AsObject()).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("$ai_trace", (string?)events[0]["event"]);
        Assert.Equal("finished run", (string?)events[0]["properties"]!["$ai_span_name"]);
        Assert.Equal("$ai_span", (string?)events[1]["event"]);
        Assert.Equal("SHUTDOWN", (string?)events[1]["properties"]!["error_id"]);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), l => l.Message == "posthog shutdown complete");
    }

    [Fact]
    public async Task Traces_the_apps_services_end_while_stopping_are_still_sent()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(TestHosts.Sending(server.BaseUrl), s =>
        {
            // Registered first, so an IHostedService.StopAsync of the exporter would run before this one's.
            s.AddHostedService(sp => new EndsTraceWhenStopping(sp.GetRequiredService<ITracingExporter>()));
            s.AddPosthogExporter();
        });
        await host.StartAsync();

        await host.StopAsync();

        var request = Assert.Single(server.Requests);
        var trace = Assert.Single(request.Batch);
        Assert.Equal("$ai_trace", (string?)trace!["event"]);
        Assert.Equal("ended while stopping", (string?)trace["properties"]!["$ai_span_name"]);
        Assert.False((bool)trace["properties"]!["$ai_is_error"]!);
    }

    [Fact]
    public async Task When_the_hosts_shutdown_timeout_ends_first_the_stop_returns_with_a_warning()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.Hang();
        var builder = TestHosts.Builder(TestHosts.Sending(server.BaseUrl), s => s.AddPosthogExporter(o => o.ConfigureClient = c =>
        {
            c.ShutdownTimeout = TimeSpan.FromSeconds(3);
            c.MaxRetries = 0;
        }));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        using var host = builder.Build();
        await host.StartAsync();
        var exporter = host.Services.GetRequiredService<ITracingExporter>();
        foreach (var e in Life(Span("r", root: true)))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        // The request is in flight and never answered: only the client's 3 s shutdown timeout would end the wait.
        var flush = exporter.FlushAsync();
        await server.WaitForRequestsAsync(1);
        var stopping = Stopwatch.StartNew();

        await host.StopAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2.5), $"StopAsync took {stopping.Elapsed}");
        Assert.False(flush.IsCompleted);
        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.Equal("posthog: the host's shutdown timeout ended before the exporter had sent its pending events; the rest are lost", warning.Message);
    }

    [Fact]
    public async Task Disposing_the_service_provider_without_a_host_shuts_the_exporter_down()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var services = new ServiceCollection();
        services.AddPosthogExporter(o =>
        {
            o.ApiKey = TestHosts.ApiKey;
            o.Host = server.BaseUrl;
            o.FlushAt = 1000;
            o.FlushInterval = TimeSpan.FromHours(1);
            o.GetEnvironmentVariable = _ => null;
        });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ITracingExporter>().ExportTracingEventAsync(Start(Span("r", root: true, endMs: null)));
        Assert.Equal(0, server.RequestCount);

        await provider.DisposeAsync();

        var trace = Assert.Single(Assert.Single(server.Requests).Batch);
        Assert.Equal("SHUTDOWN", (string?)trace!["properties"]!["error_id"]);
    }

    /// <summary>An app service that ends a whole trace in its own <see cref="IHostedService.StopAsync"/>.</summary>
    private sealed class EndsTraceWhenStopping(ITracingExporter exporter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            foreach (var e in Life(Span("r", root: true, name: "ended while stopping")))
            {
                await exporter.ExportTracingEventAsync(e, cancellationToken);
            }
        }
    }
}
