using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Client.Storage;
using Microsoft.Extensions.Configuration;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>
/// The storage settings resolve like the others: code, then <c>POSTHOG_STORAGE_DIRECTORY</c>, then the <c>PostHog</c>
/// section, then the defaults (no storage, 50 MiB, 7 days); bad bounds are reported and replaced by the defaults.
/// </summary>
public sealed class StorageSettingsTests
{
    [Theory]
    [InlineData("/code", "/env", "/section", "/code", "StorageDirectory")]
    [InlineData(null, "/env", "/section", "/env", "POSTHOG_STORAGE_DIRECTORY")]
    [InlineData(null, null, "/section", "/section", "PostHog:StorageDirectory")]
    [InlineData(null, "  ", null, null, null)]
    public void The_storage_directory_comes_from_code_then_the_environment_then_the_section(string? code, string? env, string? section, string? expected, string? source)
    {
        var options = Options(code, env, section is null ? [] : new() { ["PostHog:StorageDirectory"] = section });

        var settings = ExporterSettings.Resolve(options);

        Assert.Equal((expected, source), (settings.StorageDirectory, settings.StorageDirectorySource));
        Assert.Empty(settings.Errors);
    }

    [Fact]
    public void The_bounds_are_read_from_the_section_and_default_to_50_MiB_and_7_days()
    {
        var defaults = ExporterSettings.Resolve(Options(null, null, []));
        Assert.Equal((52_428_800L, TimeSpan.FromDays(7)), (defaults.MaxStorageBytes, defaults.MaxStorageAge));

        var configured = ExporterSettings.Resolve(Options(null, null, new() { ["PostHog:MaxStorageBytes"] = "1048576", ["PostHog:MaxStorageAge"] = "01:00:00" }));
        Assert.Equal((1_048_576L, TimeSpan.FromHours(1)), (configured.MaxStorageBytes, configured.MaxStorageAge));

        var bad = ExporterSettings.Resolve(Options(null, null, new() { ["PostHog:MaxStorageBytes"] = "0", ["PostHog:MaxStorageAge"] = "-5" }));
        Assert.Equal((52_428_800L, TimeSpan.FromDays(7)), (bad.MaxStorageBytes, bad.MaxStorageAge));
        Assert.Equal(
            [
                "PostHog exporter: MaxStorageBytes must be at least 1, got 0 (PostHog:MaxStorageBytes).",
                "PostHog exporter: MaxStorageAge must be positive, got -00:00:05 (PostHog:MaxStorageAge).",
            ],
            bad.Errors);
    }

    [Fact]
    public async Task The_exporter_hands_the_storage_settings_to_its_client()
    {
        using var dir = new StorageDirectory();
        await using var server = await FakePostHogServer.StartAsync();
        await using var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_storage",
            Host = server.BaseUrl,
            GetEnvironmentVariable = name => name == "POSTHOG_STORAGE_DIRECTORY" ? dir.Path : null,
        });
        var client = (PostHogClient)exporter.Client!;
        await client.StoragePass.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(dir.Path, client.StorageDirectoryInUse);
    }

    private static PosthogExporterOptions Options(string? code, string? env, Dictionary<string, string?> section)
    {
        var options = new PosthogExporterOptions
        {
            StorageDirectory = code,
            GetEnvironmentVariable = name => name == "POSTHOG_STORAGE_DIRECTORY" ? env : null,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(section).Build();
        PosthogConfigurationReader.Apply(configuration, options);
        return options;
    }
}
