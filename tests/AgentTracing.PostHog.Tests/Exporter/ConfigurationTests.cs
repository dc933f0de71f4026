using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Configuration without dependency injection, the disabled exporter and secrecy.</summary>
public sealed class ConfigurationTests
{
    private const string DefaultHostLog = "No PostHog host specified, using US default (https://us.i.posthog.com). For EU region, set Host to \"https://eu.i.posthog.com\" in options, PostHog:Host in configuration or the POSTHOG_HOST environment variable. For self-hosted, provide your instance URL.";

    /// <summary>Builds an exporter with its own client and returns the client options the exporter filled.</summary>
    private static (PosthogExporter Exporter, PostHogClientOptions? Client, FakeLogger Logger) Create(
        Action<PosthogExporterOptions> configure, Dictionary<string, string?>? environment = null)
    {
        PostHogClientOptions? captured = null;
        var logger = new FakeLogger();
        var options = new PosthogExporterOptions
        {
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            ConfigureClient = o => captured = o,
        };
        configure(options);
        return (new PosthogExporter(options), captured, logger);
    }

    [Fact]
    public async Task Without_an_api_key_the_exporter_is_a_silent_no_op_after_one_warning()
    {
        var (exporter, client, logger) = Create(_ => { });

        Assert.True(exporter.IsDisabled);
        Assert.Null(client);
        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("posthog disabled: Missing required API key. Set the POSTHOG_API_KEY environment variable, PostHog:ApiKey in configuration, or ApiKey in options.", warning.Message);

        await exporter.ExportTracingEventAsync(Start(Span("r", root: true)));
        await exporter.ExportTracingEventAsync(End(Span("r", root: true)));
        await exporter.ExportFeedbackAsync(new AgentTracing.FeedbackEvent { Feedback = new AgentTracing.ExportedFeedback { TraceId = "t1" } });
        await exporter.FlushAsync();
        Assert.Equal(new PostHogClientDiagnostics(), exporter.GetDiagnostics());
        await exporter.ShutdownAsync();
        await exporter.DisposeAsync();
        exporter.Dispose();
        Assert.Single(logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task An_empty_api_key_falls_back_to_the_environment()
    {
        var (exporter, client, _) = Create(o => o.ApiKey = "", new() { ["POSTHOG_API_KEY"] = "env-key" });
        await using var _ = exporter;

        Assert.False(exporter.IsDisabled);
        Assert.Equal("env-key", client!.ApiKey);
    }

    [Fact]
    public async Task Defaults_and_the_us_host_log()
    {
        var (exporter, client, logger) = Create(o => o.ApiKey = "k");
        await using var _ = exporter;

        Assert.Equal("https://us.i.posthog.com", client!.Host);
        Assert.Equal(20, client.FlushAt);
        Assert.Equal(TimeSpan.FromSeconds(10), client.FlushInterval);
        Assert.Contains(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Information && l.Message == DefaultHostLog);
        Assert.Contains(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Debug
            && l.Message == "PostHog exporter initialized (host=https://us.i.posthog.com, flushAt=20, flushInterval=00:00:10, privacyMode=False)");
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData(50, 50)]
    public async Task Serverless_defaults_and_explicit_values_win(int? flushAt, int expectedFlushAt)
    {
        var (exporter, client, logger) = Create(o => { o.ApiKey = "k"; o.Serverless = true; o.FlushAt = flushAt; });
        await using var _ = exporter;

        Assert.Equal(expectedFlushAt, client!.FlushAt);
        Assert.Equal(TimeSpan.FromSeconds(2), client.FlushInterval);
        Assert.Contains(logger.Collector.GetSnapshot(), l => l.Message.StartsWith("PostHog exporter initialized in serverless mode (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_host_falls_back_to_the_environment_without_the_default_host_log()
    {
        var (exporter, client, logger) = Create(o => { o.ApiKey = "k"; o.Host = ""; }, new() { ["POSTHOG_HOST"] = "https://self.hosted/" });
        await using var _ = exporter;

        Assert.Equal("https://self.hosted", client!.Host);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), l => l.Message == DefaultHostLog);
    }

    [Fact]
    public async Task Explicit_options_win_over_the_environment()
    {
        var (exporter, client, _) = Create(o => { o.ApiKey = "cfg-key"; o.Host = "https://cfg.host"; },
            new() { ["POSTHOG_API_KEY"] = "env-key", ["POSTHOG_HOST"] = "https://env.host" });
        await using var _ = exporter;

        Assert.Equal("cfg-key", client!.ApiKey);
        Assert.Equal("https://cfg.host", client.Host);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example")]
    [InlineData("/relative")]
    public void An_invalid_host_disables_the_exporter_with_one_warning(string host)
    {
        var (exporter, client, logger) = Create(o => { o.ApiKey = "k"; o.Host = host; });

        Assert.True(exporter.IsDisabled);
        Assert.Null(client);
        var line = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal($"PostHog exporter: the host '{host}' (Host) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL. The exporter is disabled.", line.Message);
    }

    [Fact]
    public async Task Invalid_flush_settings_are_replaced_by_the_defaults_with_a_warning()
    {
        var (exporter, client, logger) = Create(o => { o.ApiKey = "k"; o.FlushAt = 0; o.FlushInterval = TimeSpan.Zero; });
        await using var _ = exporter;

        Assert.Equal(20, client!.FlushAt);
        Assert.Equal(TimeSpan.FromSeconds(10), client.FlushInterval);
        var lines = logger.Collector.GetSnapshot().Select(l => l.Message).ToList();
        Assert.Contains("PostHog exporter: FlushAt must be at least 1, got 0 (FlushAt). Using the default 20.", lines);
        Assert.Contains("PostHog exporter: FlushInterval must be positive, got 00:00:00 (FlushInterval). Using the default 00:00:10.", lines);
    }

    [Theory]
    [InlineData("http://posthog.internal.example", true)]
    [InlineData("http://10.0.0.5:8000", true)]
    [InlineData("http://127.0.0.1:8000", false)]
    [InlineData("http://localhost:8000", false)]
    [InlineData("https://eu.i.posthog.com", false)]
    public async Task A_plain_http_host_that_is_not_loopback_logs_one_warning(string host, bool warns)
    {
        var (exporter, client, logger) = Create(o => { o.ApiKey = "k"; o.Host = host; });
        await using var _ = exporter;

        Assert.Equal(host, client!.Host);
        var warnings = logger.Collector.GetSnapshot().Where(l => l.Level == LogLevel.Warning).ToList();
        Assert.Equal(warns ? 1 : 0, warnings.Count);
        Assert.All(warnings, w => Assert.StartsWith($"posthog: Host '{host}' uses plain http", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_level_option_lets_every_line_through_by_default()
    {
        var logger = new FakeLogger();
        await using var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = "k", Logger = logger, GetEnvironmentVariable = _ => null });

        Assert.Equal(LogLevel.Trace, new PosthogExporterOptions().LogLevel);
        Assert.Contains(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Debug && l.Message.StartsWith("PostHog exporter initialized (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_level_option_filters_the_exporters_lines()
    {
        var (exporter, _, logger) = Create(o => { o.ApiKey = "k"; o.LogLevel = LogLevel.Warning; });
        await using var _ = exporter;

        Assert.DoesNotContain(logger.Collector.GetSnapshot(), l => l.Level < LogLevel.Warning);
    }

    [Fact]
    public async Task ConfigureClient_runs_after_the_exporter_filled_the_client_options()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        PostHogClientOptions? seen = null;
        var options = new PosthogExporterOptions
        {
            ApiKey = "k",
            FlushAt = 7,
            TimeProvider = time,
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o => { seen = o; Assert.Equal(7, o.FlushAt); o.MaxRetries = 0; },
        };
        await using var exporter = new PosthogExporter(options);

        Assert.Same(time, seen!.TimeProvider);
        Assert.NotNull(seen.Logger);
        Assert.Equal(0, seen.MaxRetries);
    }

    [Fact]
    public void The_api_key_never_appears_in_ToString()
    {
        var options = new PosthogExporterOptions { ApiKey = "phc_supersecret123", GetEnvironmentVariable = _ => null };
        var clientOptions = new PostHogClientOptions { ApiKey = "phc_supersecret123" };

        Assert.DoesNotContain("supersecret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("supersecret", clientOptions.ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiKey = *** (from ApiKey)", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_names_the_source_of_the_key_and_host_and_claims_no_environment_variable_that_is_absent()
    {
        var none = new PosthogExporterOptions { GetEnvironmentVariable = _ => null };
        var fromEnvironment = new PosthogExporterOptions
        {
            GetEnvironmentVariable = name => name switch { "POSTHOG_API_KEY" => "phc_env_secret", "POSTHOG_HOST" => "https://eu.i.posthog.com/", "POSTHOG_STORAGE_DIRECTORY" => "/var/lib/app/posthog", _ => null },
        };

        Assert.Equal(
            "PosthogExporterOptions { ApiKey = (none), Host = https://us.i.posthog.com (default), FlushAt = 20, FlushInterval = 00:00:10, Serverless = False, EnablePrivacyMode = False, LogLevel = Trace, StorageDirectory = (none) }",
            none.ToString());
        Assert.Equal(
            "PosthogExporterOptions { ApiKey = *** (from POSTHOG_API_KEY), Host = https://eu.i.posthog.com (from POSTHOG_HOST), FlushAt = 20, FlushInterval = 00:00:10, Serverless = False, EnablePrivacyMode = False, LogLevel = Trace, StorageDirectory = /var/lib/app/posthog (from POSTHOG_STORAGE_DIRECTORY) }",
            fromEnvironment.ToString());
    }

    [Theory]
    [InlineData("MaxTotalTraces", "PostHog exporter: MaxTotalTraces must be at least 1, got 0 (MaxTotalTraces). Using the default 500.")]
    [InlineData("MaxPendingCleanupTraces", "PostHog exporter: MaxPendingCleanupTraces must not be negative, got -1 (MaxPendingCleanupTraces). Using the default 100.")]
    [InlineData("TraceCleanupDelay", "PostHog exporter: TraceCleanupDelay must not be negative, got -00:00:01 (TraceCleanupDelay). Using the default 00:00:30.")]
    [InlineData("MaxRetries", "PostHog exporter: MaxRetries must not be negative, got -1 (ConfigureClient). Using the default 6.")]
    [InlineData("MaxQueueSize", "PostHog exporter: MaxQueueSize must be at least 1, got 0 (ConfigureClient). Using the default 100000.")]
    [InlineData("CompressionLevel", "PostHog exporter: CompressionLevel must be a gzip level from 0 to 9, got 42 (ConfigureClient). Using the default 2.")]
    public async Task Without_dependency_injection_an_invalid_value_is_one_warning_naming_it_and_the_default_used(string setting, string expected)
    {
        PostHogClientOptions? client = null;
        var logger = new FakeLogger();
        var options = new PosthogExporterOptions { ApiKey = "k", Logger = logger, GetEnvironmentVariable = _ => null };
        switch (setting)
        {
            case "MaxTotalTraces": options.MaxTotalTraces = 0; break;
            case "MaxPendingCleanupTraces": options.MaxPendingCleanupTraces = -1; break;
            case "TraceCleanupDelay": options.TraceCleanupDelay = TimeSpan.FromSeconds(-1); break;
        }

        options.ConfigureClient = c =>
        {
            client = c;
            if (setting == "MaxRetries")
            {
                c.MaxRetries = -1;
            }
            else if (setting == "MaxQueueSize")
            {
                c.MaxQueueSize = 0;
            }
            else if (setting == "CompressionLevel")
            {
                c.CompressionLevel = 42;
            }
        };
        await using var exporter = new PosthogExporter(options);

        Assert.False(exporter.IsDisabled);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.Equal(expected, warning.Message);
        Assert.Equal(PostHogClientOptions.DefaultMaxRetries, client!.MaxRetries);
        Assert.Equal(100_000, client.MaxQueueSize);
    }

    [Fact]
    public async Task A_throwing_span_formatter_is_logged_and_the_original_span_is_exported()
    {
        await using var h = new ExporterHarness(o => o.SpanFormatter = _ => throw new InvalidOperationException("formatter bug"));

        await h.Life(Span("c", parent: "p"));

        Assert.Equal("c", (string?)h.Single().Properties!["$ai_span_id"]);
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Error && l.Message == "posthog: Error in customSpanFormatter; 1 since the last report" && l.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_span_formatter_that_blanks_the_ids_gets_the_event_ignored_with_a_warning()
    {
        await using var h = new ExporterHarness(o => o.SpanFormatter = span =>
        {
            var copy = span.Clone();
            copy.TraceId = "";
            return copy;
        });

        await h.Life(Span("c", parent: "p"));

        Assert.Empty(h.Events);
        Assert.Equal(0, h.Exporter.TrackedTraceCount);
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Warning && l.Message.StartsWith("posthog: ignoring tracing event without span id or trace id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_span_formatter_can_rewrite_spans()
    {
        await using var h = new ExporterHarness(o => o.SpanFormatter = span =>
        {
            var copy = span.Clone();
            copy.Name = span.Name.ToUpperInvariant();
            return copy;
        });

        await h.Life(Span("c", parent: "p"));

        Assert.Equal("TEST-SPAN", (string?)h.Single().Properties!["$ai_span_name"]);
    }

    [Fact]
    public async Task The_exporter_is_named_posthog()
    {
        await using var h = new ExporterHarness();

        Assert.Equal("posthog", h.Exporter.Name);
        Assert.False(h.Exporter.IsDisabled);
    }
}
