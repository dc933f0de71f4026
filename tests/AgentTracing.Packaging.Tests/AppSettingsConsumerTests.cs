using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.Packaging.Tests;

/// <summary>
/// One new ASP.NET Core app, configured only through appsettings.json, with each of the three setups a user can choose:
/// <c>AddPosthogExporter()</c>, <c>AddPosthogGenAITracing()</c> and the OpenTelemetry SDK's
/// <c>tracing.AddPosthogExporter()</c>, each alone. The API key comes from appsettings.json; its host there points
/// nowhere and the <c>POSTHOG_HOST</c> environment variable overrides it, so every setup must deliver to the local
/// server with the appsettings key.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class AppSettingsConsumerTests(PackageFeed feed)
{
    private const string ApiKey = "phc_from_appsettings";

    private static string Project(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="AgentTracing.PostHog" Version="{version}" />
            <PackageReference Include="AgentTracing.OpenTelemetry" Version="{version}" />
            <PackageReference Include="OpenTelemetry.Extensions.Hosting" Version="1.21.0" />
            <PackageReference Include="Microsoft.Extensions.AI" Version="11.0.0" />
          </ItemGroup>
        </Project>
        """;

    private const string Program = """
        using AgentTracing;
        using Microsoft.Extensions.AI;
        using OpenTelemetry.Trace;

        var builder = WebApplication.CreateBuilder(args);
        var setup = builder.Configuration["Setup"];
        switch (setup)
        {
            case "exporter":
                builder.Services.AddPosthogExporter();
                break;
            case "genai":
                builder.Services.AddPosthogGenAITracing();
                break;
            case "otel":
                builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPosthogExporter());
                break;
            default:
                throw new InvalidOperationException("Setup: exporter, genai or otel");
        }

        var app = builder.Build();
        await app.StartAsync();

        // Work outside any request: without ASP.NET Core instrumentation a request's activity is not recorded, and
        // OpenTelemetry's default parent-based sampler would drop the GenAI spans under it.
        if (setup == "exporter")
        {
            var exporter = app.Services.GetRequiredService<ITracingExporter>();
            var start = DateTimeOffset.UtcNow;
            var root = new ExportedSpan { Id = "web-root", TraceId = "web-trace", Name = "web run", Type = SpanType.AgentRun, IsRootSpan = true, StartTime = start };
            await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = root });
            root.EndTime = start.AddMilliseconds(5);
            await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = root });
        }
        else
        {
            using var chat = new ChatClientBuilder(new FixedChatClient()).UseOpenTelemetry().Build();
            await chat.GetResponseAsync("Weather in Paris?");
        }

        Console.WriteLine("exported");
        await app.StopAsync();
        await app.DisposeAsync();

        /// <summary>A model that always answers the same, with its token counts.</summary>
        internal sealed class FixedChatClient : IChatClient
        {
            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is 21C in Paris."))
                {
                    FinishReason = ChatFinishReason.Stop,
                    Usage = new UsageDetails { InputTokenCount = 30, OutputTokenCount = 8 },
                });

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException();

            public object? GetService(Type serviceType, object? serviceKey = null) =>
                serviceKey is not null ? null
                : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://api.openai.com/v1"), "gpt-4o-mini")
                : serviceType.IsInstanceOfType(this) ? this
                : null;

            public void Dispose()
            {
            }
        }
        """;

    private const string AppSettings = $$"""
        {
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning", "AgentTracing.PostHog": "Debug" } },
          "PostHog": {
            "ApiKey": "{{ApiKey}}",
            "Host": "http://127.0.0.1:9",
            "FlushAt": 1000,
            "FlushInterval": "01:00:00"
          }
        }
        """;

    [Fact]
    public async Task Each_setup_alone_reads_appsettings_lets_POSTHOG_HOST_override_it_and_delivers_when_the_host_stops()
    {
        using var app = new ConsumerProject("SettingsConsumer", feed, new Dictionary<string, string>
        {
            ["SettingsConsumer.csproj"] = Project(feed.Version),
            ["Program.cs"] = Program,
            ["appsettings.json"] = AppSettings,
        });
        var build = await Commands.DotnetAsync("build -c Release -o out", app.Directory, TimeSpan.FromMinutes(5));
        Assert.True(build.ExitCode == 0, build.ToString());

        foreach (var (setup, expectedEvent) in new[] { ("exporter", "$ai_trace"), ("genai", "$ai_generation"), ("otel", "$ai_generation") })
        {
            await using var server = await FakePostHogServer.StartAsync();
            var log = await RunOnce(app, setup, server.BaseUrl);

            Assert.True(server.Requests.Count == 1, $"{setup}: {server.Requests.Count} requests\n{log}");
            var request = server.Requests[0];
            Assert.True(ApiKey == (string?)request.Json["api_key"], $"{setup}: wrong key\n{log}");
            var events = request.Batch.Select(e => (string?)e!["event"]).ToList();
            Assert.True(events.Contains(expectedEvent), $"{setup}: {string.Join(", ", events)}\n{log}");
            Assert.Contains($"PostHog exporter initialized (host={server.BaseUrl}, flushAt=1000, flushInterval=01:00:00", log, StringComparison.Ordinal);
            Assert.Contains("AgentTracing.PostHog.PosthogExporter", log, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, log, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs the app with <c>--Setup=<paramref name="setup"/></c> and <c>POSTHOG_HOST</c> until it exits; returns its output.</summary>
    private static async Task<string> RunOnce(ConsumerProject app, string setup, string host)
    {
        var result = await Commands.RunAsync(
            Commands.Dotnet,
            $"\"{Path.Combine(app.Directory, "out", "SettingsConsumer.dll")}\" --urls http://127.0.0.1:0 --Setup={setup}",
            app.Directory,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["POSTHOG_HOST"] = host, ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        Assert.True(result.ExitCode == 0, $"{setup}: {result}");
        Assert.Contains("exported", result.ToString(), StringComparison.Ordinal);
        return result.ToString();
    }
}
