using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.Packaging.Tests;

/// <summary>
/// A new console app takes AgentTracing.PostHog from the packed folder with <c>dotnet add package</c>, is published as
/// NativeAOT with both libraries rooted whole (every type and member analysed, used or not), and runs against a local
/// PostHog server: the publish reports no trim (IL2xxx) or AOT (IL3xxx) warning, and the trace arrives with the app's own
/// type serialised through its JsonSerializerContext and an unknown type as a placeholder, reflection being disabled.
/// </summary>
/// <remarks>
/// NativeAOT needs a C toolchain to link: clang, else gcc. Without either, the app is published trimmed and
/// self-contained instead (ILLink's IL2xxx analysis, with the AOT analysis left to the libraries' Roslyn analyzers).
/// </remarks>
[Collection(PackagingCollection.Name)]
public sealed class NativeAotConsumerTests(PackageFeed feed)
{
    private const string ApiKey = "phc_console_consumer_key";

    private static string Project(bool nativeAot, string? linker) => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RuntimeIdentifier>{{RuntimeInformation.RuntimeIdentifier}}</RuntimeIdentifier>
            <InvariantGlobalization>true</InvariantGlobalization>
            {{(nativeAot ? "<PublishAot>true</PublishAot>" : "<PublishTrimmed>true</PublishTrimmed><SelfContained>true</SelfContained>")}}
            {{(linker is null ? "" : $"<CppCompilerAndLinker>{linker}</CppCompilerAndLinker>")}}
            <TrimmerSingleWarn>false</TrimmerSingleWarn>
          </PropertyGroup>
          <ItemGroup>
            <TrimmerRootAssembly Include="AgentTracing" />
            <TrimmerRootAssembly Include="AgentTracing.PostHog" />
          </ItemGroup>
        </Project>
        """;

    private const string Program = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using AgentTracing;
        using AgentTracing.PostHog;

        // POSTHOG_API_KEY and POSTHOG_HOST come from the environment.
        await using var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            FlushAt = 1000,
            JsonTypeInfoResolver = ConsumerJsonContext.Default,
        });

        var start = DateTimeOffset.UtcNow;
        var root = new ExportedSpan
        {
            Id = "console-root",
            TraceId = "console-trace",
            Name = "console run",
            Type = SpanType.AgentRun,
            IsRootSpan = true,
            StartTime = start,
            Input = "Weather in Paris?",
            Output = new WeatherReport { City = "Paris", TemperatureC = 21.5 },
            Metadata = new Dictionary<string, object?> { ["userId"] = "console-user", ["unknown"] = new NotInTheContext { Name = "x" } },
        };
        await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = root });
        root.EndTime = start.AddSeconds(1);
        await exporter.ExportTracingEventAsync(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = root });
        await exporter.ShutdownAsync();
        Console.WriteLine($"reflection={JsonSerializer.IsReflectionEnabledByDefault} disabled={exporter.IsDisabled}");

        public sealed class WeatherReport
        {
            public string City { get; set; } = "";
            public double TemperatureC { get; set; }
        }

        public sealed class NotInTheContext
        {
            public string Name { get; set; } = "";
        }

        [JsonSerializable(typeof(WeatherReport))]
        internal sealed partial class ConsumerJsonContext : JsonSerializerContext;
        """;

    [Fact]
    public async Task A_NativeAOT_console_app_publishes_without_trim_or_AOT_warnings_and_its_trace_arrives()
    {
        var linker = Linker();
        var nativeAot = linker is not null;
        using var app = new ConsumerProject("ConsoleConsumer", feed, new Dictionary<string, string>
        {
            ["ConsoleConsumer.csproj"] = Project(nativeAot, linker == "clang" ? null : linker),
            ["Program.cs"] = Program,
        });

        var add = await Commands.DotnetAsync($"add \"{app.ProjectFile}\" package AgentTracing.PostHog --version {feed.Version}", app.Directory, TimeSpan.FromMinutes(4));
        Assert.True(add.ExitCode == 0, add.ToString());

        var publish = await Commands.DotnetAsync("publish -c Release -o out", app.Directory, TimeSpan.FromMinutes(6));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var analysisWarnings = Regex.Matches(publish.Output, @"warning IL[23]\d{3}.*").Select(m => m.Value).Distinct().ToList();
        Assert.True(analysisWarnings.Count == 0, string.Join("\n", analysisWarnings));
        Assert.Contains($"agenttracing.posthog/{feed.Version}", File.ReadAllText(Path.Combine(app.Directory, "obj", "project.assets.json")), StringComparison.OrdinalIgnoreCase);

        await using var server = await FakePostHogServer.StartAsync();
        var run = await Commands.RunAsync(Path.Combine(app.Directory, "out", "ConsoleConsumer"), "", app.Directory, TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["POSTHOG_API_KEY"] = ApiKey, ["POSTHOG_HOST"] = server.BaseUrl });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("reflection=False disabled=False", run.Output, StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/i/v0/ai/batch/", request.Path);
        Assert.Equal(ApiKey, (string?)request.Json["api_key"]);
        var trace = Assert.Single(request.Batch)!;
        Assert.Equal("$ai_trace", (string?)trace["event"]);
        Assert.Equal("console-user", (string?)trace["distinct_id"]);
        var properties = trace["properties"]!;
        Assert.Equal("console run", (string?)properties["$ai_span_name"]);
        Assert.Equal("""{"city":"Paris","temperatureC":21.5}""", properties["$ai_output_state"]!.ToJsonString());
        Assert.Equal("[Non-serializable NotInTheContext]", (string?)properties["unknown"]);
    }

    /// <summary>clang or gcc when on the PATH (NativeAOT links with it), else <see langword="null"/>.</summary>
    private static string? Linker()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var candidate in new[] { "clang", "gcc" })
        {
            if (path.Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, candidate))))
            {
                return candidate;
            }
        }

        return null;
    }
}
