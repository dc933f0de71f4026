using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// R9: the one place where the exporter's settings are resolved from options and environment variables. It logs
/// what it decided (never the key) and says whether the exporter is disabled.
/// </summary>
internal sealed class ExporterSettings
{
    public const string ApiKeyVariable = "POSTHOG_API_KEY";
    public const string HostVariable = "POSTHOG_HOST";
    public const string DefaultHost = PostHogClientOptions.DefaultHost;

    private ExporterSettings(string? apiKey, string host, int flushAt, TimeSpan flushInterval, bool disabled)
    {
        ApiKey = apiKey;
        Host = host;
        FlushAt = flushAt;
        FlushInterval = flushInterval;
        IsDisabled = disabled;
    }

    public string? ApiKey { get; }

    public string Host { get; }

    public int FlushAt { get; }

    public TimeSpan FlushInterval { get; }

    public bool IsDisabled { get; }

    public static ExporterSettings Resolve(PosthogExporterOptions options, ILogger logger)
    {
        var env = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var apiKey = FirstPresent(options.ApiKey, env(ApiKeyVariable));

        var configuredHost = FirstPresent(options.Host, env(HostVariable));
        var host = (configuredHost ?? DefaultHost).Trim().TrimEnd('/');

        var defaultFlushAt = options.Serverless ? 10 : 20;
        var flushAt = options.FlushAt ?? defaultFlushAt;
        var defaultInterval = TimeSpan.FromSeconds(options.Serverless ? 2 : 10);
        var flushInterval = options.FlushInterval ?? defaultInterval;

        if (apiKey is null)
        {
            ExporterLog.DisabledMissingApiKey(logger);
            return new ExporterSettings(null, host, defaultFlushAt, defaultInterval, disabled: true);
        }

        if (!IsHttpUrl(host))
        {
            ExporterLog.DisabledInvalidHost(logger, host);
            return new ExporterSettings(null, host, defaultFlushAt, defaultInterval, disabled: true);
        }

        if (configuredHost is null)
        {
            ExporterLog.UsingDefaultHost(logger);
        }
        else if (IsPlainHttpToRemoteHost(host))
        {
            ExporterLog.PlainHttpHost(logger, host);
        }

        if (flushAt < 1)
        {
            flushAt = defaultFlushAt;
            ExporterLog.InvalidFlushAt(logger, flushAt);
        }

        if (flushInterval <= TimeSpan.Zero)
        {
            flushInterval = defaultInterval;
            ExporterLog.InvalidFlushInterval(logger, flushInterval);
        }

        if (options.Serverless)
        {
            ExporterLog.InitializedServerless(logger, host, flushAt, flushInterval, options.EnablePrivacyMode);
        }
        else
        {
            ExporterLog.Initialized(logger, host, flushAt, flushInterval, options.EnablePrivacyMode);
        }

        return new ExporterSettings(apiKey, host, flushAt, flushInterval, disabled: false);
    }

    /// <summary>Whether <paramref name="host"/> is an absolute http or https URL.</summary>
    public static bool IsHttpUrl(string host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Whether <paramref name="host"/> is <c>http://</c> to anything but the loopback interface.</summary>
    public static bool IsPlainHttpToRemoteHost(string host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback;

    /// <inheritdoc />
    public override string ToString() => $"host={Host}, flushAt={FlushAt}, flushInterval={FlushInterval}, disabled={IsDisabled}";

    private static string? FirstPresent(string? configured, string? fromEnvironment) =>
        !string.IsNullOrWhiteSpace(configured) ? configured!.Trim()
        : !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment!.Trim()
        : null;
}
