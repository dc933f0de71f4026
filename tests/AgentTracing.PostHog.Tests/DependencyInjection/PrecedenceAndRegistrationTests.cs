using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>Which setting wins (code &gt; environment &gt; configuration), what is registered, and where the exporter logs.</summary>
public sealed class PrecedenceAndRegistrationTests
{
    // Nothing listens there: a request sent to it never reaches the fake server.
    private const string Nowhere = "http://127.0.0.1:9";

    /// <summary>Starts the host, exports one trace, stops the host; returns the api_key of the one request the server got.</summary>
    private static async Task<string?> SendOneTrace(FakePostHogServer server, IHost host)
    {
        await host.StartAsync();
        var exporter = host.Services.GetRequiredService<ITracingExporter>();
        foreach (var e in Life(Span("r", root: true)))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await host.StopAsync();
        var request = Assert.Single(server.Requests);
        return (string?)request.Json["api_key"];
    }

    [Fact]
    public async Task The_environment_wins_over_the_configuration_section()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(
            new() { ["PostHog:ApiKey"] = "phc_from_config", ["PostHog:Host"] = Nowhere, ["PostHog:FlushAt"] = "1000" },
            s => s.AddPosthogExporter(),
            environment: new Dictionary<string, string?> { ["POSTHOG_API_KEY"] = "phc_from_env", ["POSTHOG_HOST"] = server.BaseUrl });

        Assert.Equal("phc_from_env", await SendOneTrace(server, host));
    }

    [Fact]
    public async Task The_environment_is_used_for_what_configuration_and_code_leave_unset()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(
            new() { ["PostHog:FlushAt"] = "1000" },
            s => s.AddPosthogExporter(),
            environment: new Dictionary<string, string?> { ["POSTHOG_API_KEY"] = "phc_from_env", ["POSTHOG_HOST"] = server.BaseUrl });

        Assert.Equal("phc_from_env", await SendOneTrace(server, host));
    }

    [Fact]
    public async Task The_action_overload_wins_over_configuration_and_environment()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(
            new() { ["PostHog:ApiKey"] = "phc_from_config", ["PostHog:Host"] = Nowhere, ["PostHog:FlushAt"] = "1" },
            s => s.AddPosthogExporter(o =>
            {
                o.ApiKey = "phc_from_code";
                o.Host = server.BaseUrl;
                o.FlushAt = 1000;
            }),
            environment: new Dictionary<string, string?> { ["POSTHOG_API_KEY"] = "phc_from_env", ["POSTHOG_HOST"] = Nowhere });

        Assert.Equal("phc_from_code", await SendOneTrace(server, host));
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PosthogExporterOptions>>().Value;
        Assert.Equal(1000, options.FlushAt);
    }

    [Fact]
    public void Code_wins_over_the_section_even_when_configured_before_AddPosthogExporter()
    {
        using var host = TestHosts.Build(
            new() { ["PostHog:ApiKey"] = TestHosts.ApiKey, ["PostHog:FlushAt"] = "9", ["PostHog:MaxTotalTraces"] = "3" },
            s =>
            {
                s.Configure<PosthogExporterOptions>(o => o.FlushAt = 7);
                s.AddPosthogExporter();
                s.AddPosthogExporter();
            });

        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PosthogExporterOptions>>().Value;

        Assert.Equal(7, options.FlushAt);
        Assert.Equal(3, options.MaxTotalTraces);
        Assert.Single(host.Services.GetServices<Microsoft.Extensions.Options.IConfigureOptions<PosthogExporterOptions>>(), c => c is PosthogExporterConfigureOptions);
    }

    [Fact]
    public void The_exporter_is_one_singleton_registered_as_itself_and_as_ITracingExporter_once_however_often_added()
    {
        using var host = TestHosts.Build(new() { ["PostHog:ApiKey"] = TestHosts.ApiKey }, s =>
        {
            s.AddPosthogExporter();
            s.AddPosthogExporter(o => o.DefaultDistinctId = "x");
        });

        var exporter = host.Services.GetRequiredService<PosthogExporter>();
        Assert.Same(exporter, host.Services.GetRequiredService<ITracingExporter>());
        Assert.Same(exporter, Assert.Single(host.Services.GetServices<ITracingExporter>()));
        Assert.Single(host.Services.GetServices<IHostedService>());
        Assert.False(exporter.IsDisabled);
        Assert.Equal("posthog", exporter.Name);
    }

    [Fact]
    public void Other_tracing_exporters_registered_by_the_app_are_kept()
    {
        var other = Substitute.For<ITracingExporter>();
        using var host = TestHosts.Build(new(), s =>
        {
            s.AddSingleton(other);
            s.AddPosthogExporter();
        });

        var all = host.Services.GetServices<ITracingExporter>().ToList();

        Assert.Equal(2, all.Count);
        Assert.Contains(other, all);
        Assert.Contains(host.Services.GetRequiredService<PosthogExporter>(), all);
    }

    [Fact]
    public async Task The_exporter_logs_through_the_apps_logger_factory_under_its_type_name()
    {
        using var host = TestHosts.Build(new() { ["PostHog:LogLevel"] = "Debug" }, s => s.AddPosthogExporter());
        await host.StartAsync();

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var warning = Assert.Single(logs, l => l.Level == LogLevel.Warning);
        Assert.Equal("AgentTracing.PostHog.PosthogExporter", warning.Category);
        Assert.StartsWith("posthog disabled: Missing required API key", warning.Message, StringComparison.Ordinal);
        Assert.True(host.Services.GetRequiredService<PosthogExporter>().IsDisabled);
        await host.StopAsync();
    }

    [Fact]
    public void A_logger_set_in_code_wins_over_the_logger_factory()
    {
        var own = new Microsoft.Extensions.Logging.Testing.FakeLogger();
        using var host = TestHosts.Build(new(), s => s.AddPosthogExporter(o => o.Logger = own));

        _ = host.Services.GetRequiredService<PosthogExporter>();

        Assert.Contains(own.Collector.GetSnapshot(), l => l.Message.StartsWith("posthog disabled", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Services.GetFakeLogCollector().GetSnapshot(), l => l.Category == "AgentTracing.PostHog.PosthogExporter");
    }

    [Fact]
    public async Task A_registered_TimeProvider_and_IPostHogClient_are_used()
    {
        var time = new FakeTimeProvider(T0.AddHours(5));
        var client = Substitute.For<IPostHogClient>();
        var events = new List<PostHogEvent>();
        client.CaptureAi(Arg.Do<PostHogEvent>(events.Add)).Returns(new PostHogCaptureResult(true, Guid.NewGuid().ToString(), null));
        client.FlushAsync(default).ReturnsForAnyArgs(Task.FromResult(new PostHogFlushResult(0, 0, 0)));
        using var host = TestHosts.Build(new() { ["PostHog:ApiKey"] = TestHosts.ApiKey }, s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton(client);
            s.AddPosthogExporter();
        });
        var exporter = host.Services.GetRequiredService<PosthogExporter>();

        await exporter.ExportTracingEventAsync(Start(Span("r", root: true, endMs: null)));
        await exporter.ShutdownAsync(CancellationToken.None);

        var aborted = Assert.Single(events);
        Assert.Equal("$ai_trace", aborted.EventName);
        Assert.Equal(T0.AddHours(5), aborted.Timestamp);
        await client.DidNotReceiveWithAnyArgs().ShutdownAsync(default, default);
        await client.ReceivedWithAnyArgs(1).FlushAsync(default);
    }
}
