using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.GenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>
/// The precedence table, the same for every setup: code &gt; <c>POSTHOG_API_KEY</c> / <c>POSTHOG_HOST</c> &gt;
/// <c>PostHog__*</c> environment variables (through <see cref="IConfiguration"/>) &gt; appsettings' <c>PostHog</c>
/// section &gt; defaults; and the same rules with the same messages for invalid values.
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class SettingsPrecedenceTests
{
    public enum Setup
    {
        Constructor,
        AddPosthogExporter,
        AddPosthogGenAITracing,
    }

    /// <summary>Which sources carry an API key and a host; the winner's values are expected.</summary>
    [Flags]
    public enum Sources
    {
        None = 0,
        Code = 1,
        Environment = 2,
        EnvironmentConfiguration = 4,
        AppSettings = 8,
    }

    public static TheoryData<Setup, Sources, Sources> Table()
    {
        var data = new TheoryData<Setup, Sources, Sources>();
        var rows = new (Sources Present, Sources Winner)[]
        {
            (Sources.Code | Sources.Environment | Sources.EnvironmentConfiguration | Sources.AppSettings, Sources.Code),
            (Sources.Code | Sources.Environment, Sources.Code),
            (Sources.Code | Sources.AppSettings, Sources.Code),
            (Sources.Code | Sources.EnvironmentConfiguration, Sources.Code),
            (Sources.Environment | Sources.EnvironmentConfiguration | Sources.AppSettings, Sources.Environment),
            (Sources.Environment | Sources.AppSettings, Sources.Environment),
            (Sources.EnvironmentConfiguration | Sources.AppSettings, Sources.EnvironmentConfiguration),
            (Sources.AppSettings, Sources.AppSettings),
            (Sources.Environment, Sources.Environment),
            (Sources.None, Sources.None),
        };
        foreach (var setup in Enum.GetValues<Setup>())
        {
            foreach (var (present, winner) in rows)
            {
                // The constructor has no IConfiguration: only code, the environment and the defaults apply.
                var usesConfiguration = (present & (Sources.EnvironmentConfiguration | Sources.AppSettings)) != 0;
                if (setup != Setup.Constructor || !usesConfiguration)
                {
                    data.Add(setup, present, winner);
                }
            }
        }

        data.Add(Setup.Constructor, Sources.Environment | Sources.AppSettings | Sources.EnvironmentConfiguration, Sources.Environment);
        data.Add(Setup.Constructor, Sources.AppSettings, Sources.None);
        return data;
    }

    private static string Key(Sources source) => source switch
    {
        Sources.Code => "phc_code",
        Sources.Environment => "phc_env",
        Sources.EnvironmentConfiguration => "phc_env_configuration",
        Sources.AppSettings => "phc_appsettings",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    private static string HostOf(Sources source) => source switch
    {
        Sources.Code => "https://code.example",
        Sources.Environment => "https://env.example",
        Sources.EnvironmentConfiguration => "https://env-configuration.example",
        Sources.AppSettings => "https://appsettings.example",
        _ => "https://us.i.posthog.com",
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task The_api_key_and_host_come_from_the_first_source_that_has_them(Setup setup, Sources present, Sources winner)
    {
        var environment = new Dictionary<string, string?>();
        var appSettings = new Dictionary<string, string?>();
        var environmentConfiguration = new Dictionary<string, string?>();
        if (present.HasFlag(Sources.Environment))
        {
            environment["POSTHOG_API_KEY"] = Key(Sources.Environment);
            environment["POSTHOG_HOST"] = HostOf(Sources.Environment);
        }

        if (present.HasFlag(Sources.AppSettings))
        {
            appSettings["PostHog:ApiKey"] = Key(Sources.AppSettings);
            appSettings["PostHog:Host"] = HostOf(Sources.AppSettings);
        }

        if (present.HasFlag(Sources.EnvironmentConfiguration))
        {
            // What the environment variables PostHog__ApiKey and PostHog__Host become in a host's configuration.
            environmentConfiguration["PostHog:ApiKey"] = Key(Sources.EnvironmentConfiguration);
            environmentConfiguration["PostHog:Host"] = HostOf(Sources.EnvironmentConfiguration);
        }

        var built = await Build(setup, appSettings, environmentConfiguration, environment, o =>
        {
            if (present.HasFlag(Sources.Code))
            {
                o.ApiKey = Key(Sources.Code);
                o.Host = HostOf(Sources.Code);
            }
        });

        if (winner == Sources.None)
        {
            Assert.True(built.Exporter.IsDisabled);
            Assert.Null(built.Client);
            Assert.Contains(built.Logs, l => l.Level == LogLevel.Warning && l.Message.StartsWith("posthog disabled: Missing required API key", StringComparison.Ordinal));
        }
        else
        {
            Assert.False(built.Exporter.IsDisabled);
            Assert.Equal(Key(winner), built.Client!.ApiKey);
            Assert.Equal(HostOf(winner), built.Client.Host);
        }

        await built.DisposeAsync();
    }

    [Theory]
    [InlineData(Setup.AddPosthogExporter, true, true, 7)]
    [InlineData(Setup.AddPosthogExporter, false, true, 9)]
    [InlineData(Setup.AddPosthogExporter, false, false, 20)]
    [InlineData(Setup.AddPosthogGenAITracing, true, true, 7)]
    [InlineData(Setup.AddPosthogGenAITracing, false, true, 9)]
    [InlineData(Setup.AddPosthogGenAITracing, false, false, 20)]
    [InlineData(Setup.Constructor, true, false, 7)]
    [InlineData(Setup.Constructor, false, false, 20)]
    public async Task Other_settings_come_from_code_then_the_section_then_the_defaults(Setup setup, bool inCode, bool inAppSettings, int expectedFlushAt)
    {
        var appSettings = new Dictionary<string, string?> { ["PostHog:ApiKey"] = "phc_appsettings" };
        if (inAppSettings)
        {
            appSettings["PostHog:FlushAt"] = "9";
            appSettings["PostHog:MaxTotalTraces"] = "3";
        }

        var built = await Build(setup, appSettings, [], new() { ["POSTHOG_API_KEY"] = "phc_env" }, o =>
        {
            if (inCode)
            {
                o.FlushAt = 7;
            }
        });

        Assert.Equal(expectedFlushAt, built.Client!.FlushAt);
        await built.DisposeAsync();
    }

    /// <summary>One invalid value per row, set the way a user would set it; the setups must agree on the message.</summary>
    public static TheoryData<string, string> InvalidValues() => new()
    {
        { "code FlushAt", "PostHog exporter: FlushAt must be at least 1, got 0 (FlushAt)." },
        { "appsettings FlushAt", "PostHog exporter: FlushAt must be at least 1, got -3 (PostHog:FlushAt)." },
        { "appsettings Host", "PostHog exporter: the host 'eu.i.posthog.com' (PostHog:Host) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL." },
        { "environment Host", "PostHog exporter: the host 'ftp://env.example' (the environment variable POSTHOG_HOST) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL." },
        { "code MaxTotalTraces", "PostHog exporter: MaxTotalTraces must be at least 1, got 0 (MaxTotalTraces)." },
        { "appsettings MaxPendingCleanupTraces", "PostHog exporter: MaxPendingCleanupTraces must not be negative, got -1 (PostHog:MaxPendingCleanupTraces)." },
        { "code MaxRetries", "PostHog exporter: MaxRetries must not be negative, got -1 (ConfigureClient)." },
    };

    private static (Dictionary<string, string?> AppSettings, Dictionary<string, string?> Environment, Action<PosthogExporterOptions> Code) Invalid(string row)
    {
        var appSettings = new Dictionary<string, string?> { ["PostHog:ApiKey"] = "phc_appsettings" };
        var environment = new Dictionary<string, string?>();
        Action<PosthogExporterOptions> code = _ => { };
        switch (row)
        {
            case "code FlushAt": code = o => o.FlushAt = 0; break;
            case "appsettings FlushAt": appSettings["PostHog:FlushAt"] = "-3"; break;
            case "appsettings Host": appSettings["PostHog:Host"] = "eu.i.posthog.com"; break;
            case "environment Host": environment["POSTHOG_HOST"] = "ftp://env.example"; break;
            case "code MaxTotalTraces": code = o => o.MaxTotalTraces = 0; break;
            case "appsettings MaxPendingCleanupTraces": appSettings["PostHog:MaxPendingCleanupTraces"] = "-1"; break;
            case "code MaxRetries": code = o => o.ConfigureClient += c => c.MaxRetries = -1; break;
            default: throw new ArgumentOutOfRangeException(nameof(row));
        }

        return (appSettings, environment, code);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task An_invalid_value_stops_both_dependency_injection_setups_at_host_start_with_the_same_message(string row, string expected)
    {
        foreach (var setup in new[] { Setup.AddPosthogExporter, Setup.AddPosthogGenAITracing })
        {
            var (appSettings, environment, code) = Invalid(row);
            using var host = TestHosts.Build(appSettings, s =>
            {
                if (setup == Setup.AddPosthogExporter)
                {
                    s.AddPosthogExporter(o => { code(o); Seal(o, environment); });
                }
                else
                {
                    s.AddPosthogGenAITracing(configureExporter: o => { code(o); Seal(o, environment); });
                }
            });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.Equal(expected, Assert.Single(error.Failures));
            Assert.Equal(typeof(PosthogExporterOptions), error.OptionsType);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Without_dependency_injection_the_same_message_is_one_warning_that_says_what_is_used_instead(string row, string expected)
    {
        var (appSettings, environment, code) = Invalid(row);
        if (row.StartsWith("appsettings", StringComparison.Ordinal))
        {
            // The constructor reads no configuration: the same value set in code.
            code = row switch
            {
                "appsettings FlushAt" => o => o.FlushAt = -3,
                "appsettings Host" => o => o.Host = "eu.i.posthog.com",
                _ => o => o.MaxPendingCleanupTraces = -1,
            };
            expected = expected.Replace("PostHog:", "", StringComparison.Ordinal);
        }

        var logger = new FakeLogger();
        var options = new PosthogExporterOptions { ApiKey = "phc_code", Logger = logger };
        code(options);
        Seal(options, environment);
        await using var exporter = new PosthogExporter(options);

        var warning = Assert.Single(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.StartsWith(expected + " ", warning.Message, StringComparison.Ordinal);
        var consequence = warning.Message[(expected.Length + 1)..];
        Assert.Matches(@"^(Using the default [^ ]+\.|The exporter is disabled\.)$", consequence);
        Assert.Equal(consequence == "The exporter is disabled.", exporter.IsDisabled);
    }

    [Fact]
    public async Task A_value_that_does_not_parse_stops_the_AddPosthogGenAITracing_host_as_it_stops_the_AddPosthogExporter_host()
    {
        using var host = TestHosts.Build(
            new() { ["PostHog:ApiKey"] = "phc_appsettings", ["PostHog:FlushInterval"] = "soon" },
            s => s.AddPosthogGenAITracing());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "PostHog exporter: the configuration value PostHog:FlushInterval = 'soon' is not a duration (a TimeSpan such as 00:00:05, or a number of seconds such as 5).",
            Assert.Single(error.Failures));
    }

    /// <summary>Fixes the environment the exporter sees, and keeps its client off the network.</summary>
    private static void Seal(PosthogExporterOptions options, Dictionary<string, string?> environment)
    {
        options.GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : null;
        options.ConfigureClient += c => c.HttpMessageHandler = new AcceptingHandler();
    }

    private static async Task<Built> Build(
        Setup setup,
        Dictionary<string, string?> appSettings,
        Dictionary<string, string?> environmentConfiguration,
        Dictionary<string, string?> environment,
        Action<PosthogExporterOptions> code)
    {
        PostHogClientOptions? client = null;
        var logger = new FakeLogger();
        void Configure(PosthogExporterOptions o)
        {
            code(o);
            Seal(o, environment);
            o.ConfigureClient += c => client = c;
            o.Logger = logger;
        }

        if (setup == Setup.Constructor)
        {
            var options = new PosthogExporterOptions();
            Configure(options);
            return new Built(new PosthogExporter(options), () => client, logger, null);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings)
            .AddInMemoryCollection(environmentConfiguration)
            .Build());
        PosthogExporter exporter;
        if (setup == Setup.AddPosthogExporter)
        {
            services.AddPosthogExporter(Configure);
            var provider = services.BuildServiceProvider();
            exporter = provider.GetRequiredService<PosthogExporter>();
            return new Built(exporter, () => client, logger, provider);
        }

        services.AddPosthogGenAITracing(o => o.SourceNames.Clear(), Configure);
        var bridgeProvider = services.BuildServiceProvider();
        exporter = Assert.IsType<PosthogExporter>(bridgeProvider.GetRequiredService<GenAIActivityBridge>().Exporter);
        await Task.CompletedTask;
        return new Built(exporter, () => client, logger, bridgeProvider);
    }

    /// <summary>An exporter built by one setup, with the client options it filled (none when it is disabled) and its log.</summary>
    private sealed class Built(PosthogExporter exporter, Func<PostHogClientOptions?> client, FakeLogger logger, ServiceProvider? provider) : IAsyncDisposable
    {
        public PosthogExporter Exporter { get; } = exporter;

        public PostHogClientOptions? Client => client();

        public IReadOnlyList<FakeLogRecord> Logs => logger.Collector.GetSnapshot();

        public async ValueTask DisposeAsync()
        {
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }
            else
            {
                await Exporter.DisposeAsync();
            }
        }
    }

    /// <summary>Answers every request with 200 at once, so that no test here reaches the network.</summary>
    private sealed class AcceptingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
