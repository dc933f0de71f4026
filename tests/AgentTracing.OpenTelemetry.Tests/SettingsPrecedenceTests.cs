using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgentTracing.OpenTelemetry.Tests;

/// <summary>
/// <c>tracing.AddPosthogExporter()</c> resolves its settings as every other setup does: code &gt; <c>POSTHOG_API_KEY</c> /
/// <c>POSTHOG_HOST</c> &gt; <c>PostHog__*</c> environment variables &gt; appsettings' <c>PostHog</c> section &gt; defaults,
/// and stops the host at start on an invalid value with the message the other setups give.
/// </summary>
public sealed class SettingsPrecedenceTests
{
    [Theory]
    [InlineData("code,env,envconfig,appsettings", "code")]
    [InlineData("code,appsettings", "code")]
    [InlineData("env,envconfig,appsettings", "env")]
    [InlineData("env,appsettings", "env")]
    [InlineData("envconfig,appsettings", "envconfig")]
    [InlineData("appsettings", "appsettings")]
    [InlineData("", "")]
    public async Task The_api_key_and_host_come_from_the_first_source_that_has_them(string present, string winner)
    {
        var sources = present.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var environment = new Dictionary<string, string?>();
        var appSettings = new Dictionary<string, string?>();
        var environmentConfiguration = new Dictionary<string, string?>();
        if (sources.Contains("env"))
        {
            environment["POSTHOG_API_KEY"] = "phc_env";
            environment["POSTHOG_HOST"] = "https://env.example";
        }

        if (sources.Contains("appsettings"))
        {
            appSettings["PostHog:ApiKey"] = "phc_appsettings";
            appSettings["PostHog:Host"] = "https://appsettings.example";
        }

        if (sources.Contains("envconfig"))
        {
            // What PostHog__ApiKey and PostHog__Host become in a host's configuration.
            environmentConfiguration["PostHog:ApiKey"] = "phc_envconfig";
            environmentConfiguration["PostHog:Host"] = "https://envconfig.example";
        }

        PostHogClientOptions? client = null;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(appSettings).AddInMemoryCollection(environmentConfiguration);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPosthogExporter(o =>
        {
            if (sources.Contains("code"))
            {
                o.ApiKey = "phc_code";
                o.Host = "https://code.example";
            }

            o.GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : null;
            o.ConfigureClient = c =>
            {
                client = c;
                c.HttpMessageHandler = new AcceptingHandler();
            };
        }));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        if (winner.Length == 0)
        {
            Assert.Null(client);
        }
        else
        {
            Assert.Equal("phc_" + winner, client!.ApiKey);
            Assert.Equal($"https://{winner}.example", client.Host);
        }
    }

    [Fact]
    public async Task Alone_in_a_host_configured_only_through_appsettings_it_delivers_to_the_configured_host()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PostHog:ApiKey"] = "phc_appsettings_only",
            ["PostHog:Host"] = server.BaseUrl,
            ["PostHog:FlushAt"] = "1000",
        });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPosthogExporter());

        using (var host = builder.Build())
        {
            await host.StartAsync();
            using var chat = new ChatClientBuilder(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry().Build();
            await chat.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [ScriptedChatClient.GetWeather] });
            Assert.Empty(server.Requests);
            await host.StopAsync();
        }

        var request = Assert.Single(server.Requests);
        Assert.Equal("phc_appsettings_only", (string?)request.Json["api_key"]);
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], request.Batch.Select(e => (string?)e!["event"]));
    }

    [Theory]
    [InlineData("PostHog:FlushAt", "-3", "PostHog exporter: FlushAt must be at least 1, got -3 (PostHog:FlushAt).")]
    [InlineData("PostHog:Host", "eu.i.posthog.com", "PostHog exporter: the host 'eu.i.posthog.com' (PostHog:Host) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL.")]
    [InlineData("PostHog:Serverless", "yes", "PostHog exporter: the configuration value PostHog:Serverless = 'yes' is not true or false.")]
    public async Task An_invalid_value_stops_the_host_at_start_with_the_message_of_the_other_setups(string key, string value, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PostHog:ApiKey"] = "phc_appsettings", [key] = value });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPosthogExporter(o => o.GetEnvironmentVariable = _ => null));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    [Fact]
    public void Without_a_host_the_SDKs_own_configuration_brings_PostHog__environment_variables()
    {
        // This assembly's tests run one at a time, so the process environment can be set for one test.
        PostHogClientOptions? client = null;
        Environment.SetEnvironmentVariable("PostHog__ApiKey", "phc_from_PostHog__ApiKey");
        Environment.SetEnvironmentVariable("PostHog__FlushAt", "77");
        try
        {
            using var provider = Sdk.CreateTracerProviderBuilder()
                .AddPosthogExporter(o =>
                {
                    o.GetEnvironmentVariable = _ => null;
                    o.ConfigureClient = c =>
                    {
                        client = c;
                        c.HttpMessageHandler = new AcceptingHandler();
                    };
                })
                .Build();

            Assert.Equal("phc_from_PostHog__ApiKey", client!.ApiKey);
            Assert.Equal(77, client.FlushAt);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PostHog__ApiKey", null);
            Environment.SetEnvironmentVariable("PostHog__FlushAt", null);
        }
    }

    /// <summary>Answers every request with 200 at once, so that no test here reaches the network.</summary>
    private sealed class AcceptingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
