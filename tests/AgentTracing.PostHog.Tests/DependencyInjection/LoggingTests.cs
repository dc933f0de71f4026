using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.GenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>
/// The package's lines are filtered by the application's <c>Logging</c> section alone, under one category scheme
/// (<c>AgentTracing.PostHog.&lt;type&gt;</c>), whichever setup created the exporter.
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class LoggingTests
{
    private static async Task<IReadOnlyList<FakeLogRecord>> Run(string setup, string packageLevel)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:AgentTracing.PostHog"] = packageLevel,
            ["PostHog:ApiKey"] = TestHosts.ApiKey,
            // Plain http to a remote host: one warning at start, next to the debug line that says what was configured.
            ["PostHog:Host"] = "http://posthog.internal.example",
            ["PostHog:FlushAt"] = "1000",
            ["PostHog:FlushInterval"] = "01:00:00",
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddFakeLogging();
        if (setup == "AddPosthogExporter")
        {
            builder.Services.AddPosthogExporter(o => o.GetEnvironmentVariable = _ => null);
        }
        else
        {
            builder.Services.AddPosthogGenAITracing(configureExporter: o => o.GetEnvironmentVariable = _ => null);
        }

        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        return host.Services.GetFakeLogCollector().GetSnapshot();
    }

    [Theory]
    [InlineData("AddPosthogExporter")]
    [InlineData("AddPosthogGenAITracing")]
    public async Task Debug_for_AgentTracing_PostHog_in_the_Logging_section_shows_the_debug_lines_under_the_exporters_type_name(string setup)
    {
        var logs = await Run(setup, "Debug");

        var initialized = Assert.Single(logs, l => l.Message.StartsWith("PostHog exporter initialized (", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, initialized.Level);
        Assert.Equal("AgentTracing.PostHog.PosthogExporter", initialized.Category);
        Assert.All(logs, l => Assert.Contains(l.Category, new[] { "AgentTracing.PostHog.PosthogExporter", "AgentTracing.PostHog.GenAIActivityBridge" }));
    }

    [Theory]
    [InlineData("AddPosthogExporter")]
    [InlineData("AddPosthogGenAITracing")]
    public async Task Warning_for_AgentTracing_PostHog_keeps_the_warnings_and_nothing_below(string setup)
    {
        var logs = await Run(setup, "Warning");

        var warning = Assert.Single(logs);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("posthog: Host 'http://posthog.internal.example' uses plain http", warning.Message, StringComparison.Ordinal);
    }
}
