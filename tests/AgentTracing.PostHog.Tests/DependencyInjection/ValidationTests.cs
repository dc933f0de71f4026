using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>Invalid options stop the host at start with a message naming the setting, instead of a silent default.</summary>
public sealed class ValidationTests
{
    private static async Task<OptionsValidationException> StartFails(
        Dictionary<string, string?> configuration,
        Action<PosthogExporterOptions>? configure = null,
        Dictionary<string, string?>? environment = null)
    {
        configuration.TryAdd("PostHog:ApiKey", TestHosts.ApiKey);
        using var host = TestHosts.Build(configuration, s =>
        {
            if (configure is null)
            {
                s.AddPosthogExporter();
            }
            else
            {
                s.AddPosthogExporter(configure);
            }
        }, environment);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.DoesNotContain(TestHosts.ApiKey, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [InlineData("PostHog:Host", "not a url", "PostHog exporter: the host 'not a url' (PostHog:Host) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL.")]
    [InlineData("PostHog:Host", "ftp://files.example.com", "'ftp://files.example.com' (PostHog:Host) is not an absolute http or https URL")]
    [InlineData("PostHog:FlushAt", "0", "PostHog exporter: FlushAt must be at least 1, got 0 (PostHog:FlushAt).")]
    [InlineData("PostHog:FlushAt", "-5", "FlushAt must be at least 1, got -5")]
    [InlineData("PostHog:FlushInterval", "0", "PostHog exporter: FlushInterval must be positive, got 00:00:00 (PostHog:FlushInterval).")]
    [InlineData("PostHog:FlushInterval", "-00:00:01", "FlushInterval must be positive, got -00:00:01")]
    [InlineData("PostHog:TraceCleanupDelay", "-1", "TraceCleanupDelay must not be negative, got -00:00:01")]
    [InlineData("PostHog:MaxPendingCleanupTraces", "-1", "MaxPendingCleanupTraces must not be negative, got -1")]
    [InlineData("PostHog:MaxTotalTraces", "0", "MaxTotalTraces must be at least 1, got 0")]
    [InlineData("PostHog:FlushAt", "twenty", "the configuration value PostHog:FlushAt = 'twenty' is not a whole number.")]
    [InlineData("PostHog:FlushInterval", "soon", "the configuration value PostHog:FlushInterval = 'soon' is not a duration")]
    [InlineData("PostHog:Serverless", "yes", "the configuration value PostHog:Serverless = 'yes' is not true or false.")]
    [InlineData("PostHog:EnablePrivacyMode", "1", "the configuration value PostHog:EnablePrivacyMode = '1' is not true or false.")]
    [InlineData("PostHog:MaxTotalTraces", "1e3", "the configuration value PostHog:MaxTotalTraces = '1e3' is not a whole number.")]
    public async Task A_bad_configuration_value_stops_the_host_with_a_message_naming_it(string key, string value, string expected)
    {
        var error = await StartFails(new() { [key] = value });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(PosthogExporterOptions), error.OptionsType);
    }

    [Fact]
    public async Task Values_set_in_code_are_validated_too()
    {
        var error = await StartFails(new(), o => o.FlushInterval = TimeSpan.Zero);

        Assert.Contains("FlushInterval must be positive, got 00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_POSTHOG_HOST_is_reported_as_the_environment_variable()
    {
        var error = await StartFails(new(), environment: new() { ["POSTHOG_HOST"] = "eu.i.posthog.com" });

        Assert.Contains("PostHog exporter: the host 'eu.i.posthog.com' (the environment variable POSTHOG_HOST) is not an absolute http or https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var error = await StartFails(new() { ["PostHog:FlushAt"] = "0", ["PostHog:Host"] = "nope", ["PostHog:Serverless"] = "sometimes" });

        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public async Task A_missing_api_key_is_not_an_error_the_exporter_is_disabled()
    {
        using var host = TestHosts.Build(new() { ["PostHog:Host"] = "https://eu.i.posthog.com" }, s => s.AddPosthogExporter());

        await host.StartAsync();

        Assert.True(host.Services.GetRequiredService<PosthogExporter>().IsDisabled);
        await host.StopAsync();
    }

    [Fact]
    public async Task Valid_options_start_the_host_with_a_working_exporter()
    {
        using var host = TestHosts.Build(TestHosts.Sending("https://eu.i.posthog.com/"), s => s.AddPosthogExporter());

        await host.StartAsync();

        Assert.False(host.Services.GetRequiredService<PosthogExporter>().IsDisabled);
        await host.StopAsync();
    }

    [Fact]
    public void Without_a_host_resolving_the_exporter_validates_the_options()
    {
        var services = new ServiceCollection();
        services.AddPosthogExporter(o =>
        {
            o.ApiKey = TestHosts.ApiKey;
            o.FlushAt = 0;
            o.GetEnvironmentVariable = _ => null;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITracingExporter>());

        Assert.Contains("FlushAt must be at least 1, got 0", error.Message, StringComparison.Ordinal);
    }
}
