using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>The <c>PostHog</c> configuration section (appsettings.json) read without the reflection-based binder.</summary>
public sealed class ConfigurationSectionTests
{
    private static PosthogExporterOptions Options(Dictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddPosthogExporter(o => o.GetEnvironmentVariable = _ => null);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PosthogExporterOptions>>().Value;
    }

    [Fact]
    public void Every_key_of_the_section_sets_its_option()
    {
        var options = Options(new()
        {
            ["PostHog:ApiKey"] = "phc_cfg",
            ["PostHog:Host"] = "https://eu.i.posthog.com",
            ["PostHog:FlushAt"] = "7",
            ["PostHog:FlushInterval"] = "00:00:03",
            ["PostHog:Serverless"] = "true",
            ["PostHog:DefaultDistinctId"] = "svc-user",
            ["PostHog:EnablePrivacyMode"] = "True",
            ["PostHog:TraceCleanupDelay"] = "45",
            ["PostHog:MaxPendingCleanupTraces"] = "12",
            ["PostHog:MaxTotalTraces"] = "34",
        });

        var settings = ExporterSettings.Resolve(options);
        Assert.Equal("phc_cfg", settings.ApiKey);
        Assert.Equal("PostHog:ApiKey", settings.ApiKeySource);
        Assert.Equal("https://eu.i.posthog.com", settings.Host);
        Assert.Equal("PostHog:Host", settings.HostSource);
        Assert.Equal(7, options.FlushAt);
        Assert.Equal(TimeSpan.FromSeconds(3), options.FlushInterval);
        Assert.True(options.Serverless);
        Assert.Equal("svc-user", options.DefaultDistinctId);
        Assert.True(options.EnablePrivacyMode);
        Assert.Equal(TimeSpan.FromSeconds(45), options.TraceCleanupDelay);
        Assert.Equal(12, options.MaxPendingCleanupTraces);
        Assert.Equal(34, options.MaxTotalTraces);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_absent_or_blank_keys_keep_the_defaults()
    {
        var options = Options(new() { ["posthog:flushat"] = "9", ["PostHog:Host"] = "  ", ["PostHog:DefaultDistinctId"] = "" });

        Assert.Equal(9, options.FlushAt);
        var settings = ExporterSettings.Resolve(options);
        Assert.Equal("https://us.i.posthog.com", settings.Host);
        Assert.Null(settings.HostSource);
        Assert.Null(settings.ApiKey);
        Assert.Null(options.DefaultDistinctId);
        Assert.Null(options.FlushInterval);
        Assert.False(options.Serverless);
        Assert.Equal(LogLevel.Trace, options.LogLevel);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TraceCleanupDelay);
        Assert.Equal(100, options.MaxPendingCleanupTraces);
        Assert.Equal(500, options.MaxTotalTraces);
    }

    [Fact]
    public void The_PostHog_SDKs_names_ProjectApiKey_and_HostUrl_are_read_from_the_same_section()
    {
        var settings = ExporterSettings.Resolve(Options(new()
        {
            ["PostHog:ProjectApiKey"] = "phc_shared_with_the_sdk",
            ["PostHog:HostUrl"] = "https://eu.i.posthog.com/",
        }));

        Assert.Equal("phc_shared_with_the_sdk", settings.ApiKey);
        Assert.Equal("PostHog:ProjectApiKey", settings.ApiKeySource);
        Assert.Equal("https://eu.i.posthog.com", settings.Host);
        Assert.Equal("PostHog:HostUrl", settings.HostSource);
    }

    [Fact]
    public void ApiKey_and_Host_win_over_the_SDKs_names_in_the_same_section()
    {
        var settings = ExporterSettings.Resolve(Options(new()
        {
            ["PostHog:ProjectApiKey"] = "phc_sdk",
            ["PostHog:ApiKey"] = "phc_exporter",
            ["PostHog:HostUrl"] = "https://us.i.posthog.com",
            ["PostHog:Host"] = "https://eu.i.posthog.com",
        }));

        Assert.Equal("phc_exporter", settings.ApiKey);
        Assert.Equal("https://eu.i.posthog.com", settings.Host);
    }

    [Fact]
    public async Task The_aliases_rank_as_the_section_below_the_environment_and_a_bad_HostUrl_is_named_as_such()
    {
        using var overridden = TestHosts.Build(
            new() { ["PostHog:ProjectApiKey"] = "phc_sdk", ["PostHog:HostUrl"] = "https://us.i.posthog.com" },
            s => s.AddPosthogExporter(),
            environment: new() { ["POSTHOG_HOST"] = "https://eu.i.posthog.com" });
        var options = overridden.Services.GetRequiredService<IOptions<PosthogExporterOptions>>().Value;
        var settings = ExporterSettings.Resolve(options);
        Assert.Equal("phc_sdk", settings.ApiKey);
        Assert.Equal("https://eu.i.posthog.com", settings.Host);

        using var bad = TestHosts.Build(new() { ["PostHog:ProjectApiKey"] = "phc_sdk", ["PostHog:HostUrl"] = "eu.i.posthog.com" }, s => s.AddPosthogExporter());
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync());
        Assert.Equal(
            "PostHog exporter: the host 'eu.i.posthog.com' (PostHog:HostUrl) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL.",
            Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("00:00:05", 5_000)]
    [InlineData("00:01:30", 90_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    [InlineData("5", 5_000)]
    [InlineData("0.25", 250)]
    [InlineData("2.5", 2_500)]
    public void Durations_are_a_TimeSpan_or_a_number_of_seconds(string value, int expectedMilliseconds)
    {
        var options = Options(new() { ["PostHog:FlushInterval"] = value, ["PostHog:TraceCleanupDelay"] = value });

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), options.FlushInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), options.TraceCleanupDelay);
    }

    [Fact]
    public void Without_an_IConfiguration_service_the_options_keep_their_defaults()
    {
        var services = new ServiceCollection();
        services.AddPosthogExporter(o => o.GetEnvironmentVariable = _ => null);
        using var provider = services.BuildServiceProvider();

        var exporter = provider.GetRequiredService<PosthogExporter>();

        Assert.True(exporter.IsDisabled);
        Assert.Null(provider.GetRequiredService<IOptions<PosthogExporterOptions>>().Value.ApiKey);
    }
}
