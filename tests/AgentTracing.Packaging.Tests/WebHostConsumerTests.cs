using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.Packaging.Tests;

/// <summary>
/// A new ASP.NET Core app takes AgentTracing.PostHog from the packed folder with <c>dotnet add package</c>, registers it
/// with <c>builder.Services.AddPosthogExporter()</c>, reads its API key from appsettings.json and its host from
/// <c>POSTHOG_HOST</c>, exports a trace from a request through <c>ITracingExporter</c> and stops itself: the trace, held
/// back by <c>FlushAt</c>/<c>FlushInterval</c>, reaches the local PostHog server when the host stops, and the exporter's
/// lines appear in the app's console log.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class WebHostConsumerTests(PackageFeed feed)
{
    private const string ApiKey = "phc_web_consumer_key";

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    private const string Program = """
        using AgentTracing;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPosthogExporter();
        var app = builder.Build();

        app.MapGet("/run", async (ITracingExporter exporter, IHostApplicationLifetime lifetime) =>
        {
            var start = DateTimeOffset.UtcNow;
            var root = new ExportedSpan
            {
                Id = "web-root",
                TraceId = "web-trace",
                Name = "web run",
                Type = SpanType.AgentRun,
                IsRootSpan = true,
                StartTime = start,
                Input = "hello",
            };
            await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = root });
            root.EndTime = start.AddMilliseconds(5);
            await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = root });
            lifetime.StopApplication();
            return "exported";
        });

        app.Run();
        """;

    private const string AppSettings = $$"""
        {
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
          "PostHog": {
            "ApiKey": "{{ApiKey}}",
            "FlushAt": 1000,
            "FlushInterval": "01:00:00"
          }
        }
        """;

    [Fact]
    public async Task An_ASP_NET_Core_app_configured_from_appsettings_sends_its_trace_when_the_host_stops()
    {
        using var app = new ConsumerProject("WebConsumer", feed, new Dictionary<string, string>
        {
            ["WebConsumer.csproj"] = Project,
            ["Program.cs"] = Program,
            ["appsettings.json"] = AppSettings,
        });

        var add = await Commands.DotnetAsync($"add \"{app.ProjectFile}\" package AgentTracing.PostHog --version {feed.Version}", app.Directory, TimeSpan.FromMinutes(4));
        Assert.True(add.ExitCode == 0, add.ToString());
        var build = await Commands.DotnetAsync("build -c Release -o out", app.Directory, TimeSpan.FromMinutes(4));
        Assert.True(build.ExitCode == 0, build.ToString());

        await using var server = await FakePostHogServer.StartAsync();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Commands.Start(Commands.Dotnet, $"\"{Path.Combine(app.Directory, "out", "WebConsumer.dll")}\" --urls http://127.0.0.1:0", app.Directory,
            new Dictionary<string, string> { ["POSTHOG_HOST"] = server.BaseUrl, ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            line =>
            {
                if (Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)") is { Success: true } match)
                {
                    listening.TrySetResult(match.Groups[1].Value);
                }
            },
            out var output);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited before listening:\n" + Commands.Text(output)));
        if (process.HasExited)
        {
            listening.TrySetException(new InvalidOperationException("The app exited before listening:\n" + Commands.Text(output)));
        }

        using var exited = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            string url;
            try
            {
                url = await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("The app did not say where it listens within a minute:\n" + Commands.Text(output));
            }

            Assert.Equal(0, server.RequestCount);

            using var http = new HttpClient();
            Assert.Equal("exported", await http.GetStringAsync(url + "/run"));
            await process.WaitForExitAsync(exited.Token);
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var log = Commands.Text(output);
        Assert.True(process.ExitCode == 0, log);
        var request = Assert.Single(server.Requests);
        Assert.Equal(ApiKey, (string?)request.Json["api_key"]);
        var trace = Assert.Single(request.Batch)!;
        Assert.Equal("$ai_trace", (string?)trace["event"]);
        Assert.Equal("web run", (string?)trace["properties"]!["$ai_span_name"]);
        Assert.Contains("AgentTracing.PostHog.PosthogExporter", log, StringComparison.Ordinal);
        Assert.Contains("posthog shutdown complete", log, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, log, StringComparison.Ordinal);
    }
}
