using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// The one place where the exporter's settings are resolved, whatever the setup (constructor, <c>AddPosthogExporter</c>,
/// <c>AddPosthogGenAITracing</c>, the OpenTelemetry <c>AddPosthogExporter</c>): code, then the <c>POSTHOG_API_KEY</c> /
/// <c>POSTHOG_HOST</c> environment variables, then the <c>PostHog</c> configuration section, then the defaults. Every
/// rule is checked here once, with one message per bad value: with dependency injection the messages stop the host,
/// without it each one is a warning and the default is used. No message contains the API key.
/// </summary>
internal sealed class ExporterSettings
{
    public const string ApiKeyVariable = "POSTHOG_API_KEY";
    public const string HostVariable = "POSTHOG_HOST";
    public const string StorageDirectoryVariable = "POSTHOG_STORAGE_DIRECTORY";
    public static readonly TimeSpan DefaultMaxStorageAge = TimeSpan.FromDays(7);
    public const string DefaultHost = PostHogClientOptions.DefaultHost;
    public const int DefaultMaxPendingCleanupTraces = 100;
    public const int DefaultMaxTotalTraces = 500;
    public static readonly TimeSpan DefaultTraceCleanupDelay = TimeSpan.FromSeconds(30);

    private const string Prefix = "PostHog exporter: ";

    private readonly List<(string Message, string Consequence)> _problems = [];

    private ExporterSettings()
    {
    }

    /// <summary>The API key, or <see langword="null"/> when none of the sources has one.</summary>
    public string? ApiKey { get; private set; }

    /// <summary>Where the API key came from (<c>ApiKey</c>, <c>POSTHOG_API_KEY</c>, <c>PostHog:ApiKey</c>), or <see langword="null"/>.</summary>
    public string? ApiKeySource { get; private set; }

    /// <summary>The host without a trailing <c>/</c>.</summary>
    public string Host { get; private set; } = DefaultHost;

    /// <summary>Where the host came from, or <see langword="null"/> for the default.</summary>
    public string? HostSource { get; private set; }

    public int FlushAt { get; private set; }

    /// <summary>The storage directory, or <see langword="null"/> when storage is off.</summary>
    public string? StorageDirectory { get; private set; }

    /// <summary>Where the storage directory came from, or <see langword="null"/>.</summary>
    public string? StorageDirectorySource { get; private set; }

    public long MaxStorageBytes { get; private set; }

    public TimeSpan MaxStorageAge { get; private set; }

    public TimeSpan FlushInterval { get; private set; }

    public TimeSpan TraceCleanupDelay { get; private set; }

    public int MaxPendingCleanupTraces { get; private set; }

    public int MaxTotalTraces { get; private set; }

    public bool Serverless { get; private set; }

    public bool EnablePrivacyMode { get; private set; }

    /// <summary>Whether the host is unusable; the exporter is then disabled.</summary>
    public bool HasInvalidHost { get; private set; }

    /// <summary><see langword="true"/> when there is no API key or no usable host.</summary>
    public bool IsDisabled => ApiKey is null || HasInvalidHost;

    /// <summary>One message per bad value, as a host start reports them.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            var errors = new List<string>(_problems.Count);
            foreach (var problem in _problems)
            {
                errors.Add(problem.Message);
            }

            return errors;
        }
    }

    /// <summary>Resolves <paramref name="options"/>, the environment and the configuration section they carry. Logs nothing.</summary>
    public static ExporterSettings Resolve(PosthogExporterOptions options)
    {
        var settings = new ExporterSettings();
        var layer = options.Configuration;
        var env = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        if (layer is not null)
        {
            foreach (var error in layer.Errors)
            {
                settings._problems.Add((error, "It is ignored."));
            }
        }

        (settings.ApiKey, settings.ApiKeySource) = FirstPresent(
            options.ApiKey, "ApiKey",
            env(ApiKeyVariable), ApiKeyVariable,
            layer?.ApiKey, layer is { ApiKeyKey: { } keyKey } ? layer.PathOf(keyKey) : null);

        var (host, hostSource) = FirstPresent(
            options.Host, "Host",
            env(HostVariable), HostVariable,
            layer?.Host, layer is { HostKey: { } hostKey } ? layer.PathOf(hostKey) : null);
        settings.HostSource = hostSource;
        settings.Host = (host ?? DefaultHost).TrimEnd('/');
        if (!IsHttpUrl(settings.Host))
        {
            settings.HasInvalidHost = true;
            var source = hostSource == HostVariable ? "the environment variable " + HostVariable : hostSource;
            settings._problems.Add((
                Prefix + $"the host '{host}' ({source}) is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL.",
                "The exporter is disabled."));
        }

        (settings.StorageDirectory, settings.StorageDirectorySource) = FirstPresent(
            options.StorageDirectory, "StorageDirectory",
            env(StorageDirectoryVariable), StorageDirectoryVariable,
            layer?.StorageDirectory, layer?.StorageDirectory is null ? null : layer.PathOf("StorageDirectory"));

        settings.MaxStorageBytes = options.MaxStorageBytes ?? PostHogClientOptions.DefaultMaxStorageBytes;
        if (settings.MaxStorageBytes < 1)
        {
            settings.Add($"MaxStorageBytes must be at least 1, got {settings.MaxStorageBytes.ToString(CultureInfo.InvariantCulture)}", Label(layer, "MaxStorageBytes", settings.MaxStorageBytes),
                PostHogClientOptions.DefaultMaxStorageBytes.ToString(CultureInfo.InvariantCulture));
            settings.MaxStorageBytes = PostHogClientOptions.DefaultMaxStorageBytes;
        }

        settings.MaxStorageAge = options.MaxStorageAge ?? DefaultMaxStorageAge;
        if (settings.MaxStorageAge <= TimeSpan.Zero)
        {
            settings.Add($"MaxStorageAge must be positive, got {Format(settings.MaxStorageAge)}", Label(layer, "MaxStorageAge", settings.MaxStorageAge), Format(DefaultMaxStorageAge));
            settings.MaxStorageAge = DefaultMaxStorageAge;
        }

        settings.Serverless = options.Serverless;
        settings.EnablePrivacyMode = options.EnablePrivacyMode;
        var defaultFlushAt = options.Serverless ? 10 : 20;
        var defaultInterval = TimeSpan.FromSeconds(options.Serverless ? 2 : 10);

        settings.FlushAt = options.FlushAt ?? defaultFlushAt;
        if (settings.FlushAt < 1)
        {
            settings.Add($"FlushAt must be at least 1, got {Format(settings.FlushAt)}", Label(layer, "FlushAt", settings.FlushAt), Format(defaultFlushAt));
            settings.FlushAt = defaultFlushAt;
        }

        settings.FlushInterval = options.FlushInterval ?? defaultInterval;
        if (settings.FlushInterval <= TimeSpan.Zero)
        {
            settings.Add($"FlushInterval must be positive, got {Format(settings.FlushInterval)}", Label(layer, "FlushInterval", settings.FlushInterval), Format(defaultInterval));
            settings.FlushInterval = defaultInterval;
        }

        settings.TraceCleanupDelay = options.TraceCleanupDelay;
        if (settings.TraceCleanupDelay < TimeSpan.Zero)
        {
            settings.Add($"TraceCleanupDelay must not be negative, got {Format(settings.TraceCleanupDelay)}", Label(layer, "TraceCleanupDelay", settings.TraceCleanupDelay), Format(DefaultTraceCleanupDelay));
            settings.TraceCleanupDelay = DefaultTraceCleanupDelay;
        }

        settings.MaxPendingCleanupTraces = options.MaxPendingCleanupTraces;
        if (settings.MaxPendingCleanupTraces < 0)
        {
            settings.Add($"MaxPendingCleanupTraces must not be negative, got {Format(settings.MaxPendingCleanupTraces)}", Label(layer, "MaxPendingCleanupTraces", settings.MaxPendingCleanupTraces), Format(DefaultMaxPendingCleanupTraces));
            settings.MaxPendingCleanupTraces = DefaultMaxPendingCleanupTraces;
        }

        settings.MaxTotalTraces = options.MaxTotalTraces;
        if (settings.MaxTotalTraces < 1)
        {
            settings.Add($"MaxTotalTraces must be at least 1, got {Format(settings.MaxTotalTraces)}", Label(layer, "MaxTotalTraces", settings.MaxTotalTraces), Format(DefaultMaxTotalTraces));
            settings.MaxTotalTraces = DefaultMaxTotalTraces;
        }

        return settings;
    }

    /// <summary>
    /// Checks the client options after <see cref="PosthogExporterOptions.ConfigureClient"/> ran, replacing each bad
    /// value by its default, and returns one message per bad value (with what was used instead when
    /// <paramref name="withConsequence"/>).
    /// </summary>
    public static List<string> CorrectClientOptions(PostHogClientOptions client, bool withConsequence)
    {
        var defaults = new PostHogClientOptions();
        var messages = new List<string>();
        var check = new ClientOptionCheck(messages, Prefix, withConsequence);
        client.FlushAt = check.AtLeast("FlushAt", client.FlushAt, 1, defaults.FlushAt);
        client.FlushInterval = check.Duration("FlushInterval", client.FlushInterval, defaults.FlushInterval, zero: false, infinite: false);
        client.MaxBatchSize = check.AtLeast("MaxBatchSize", client.MaxBatchSize, 1, defaults.MaxBatchSize);
        client.MaxBatchBytes = check.AtLeast("MaxBatchBytes", client.MaxBatchBytes, 1, defaults.MaxBatchBytes);
        client.MaxQueueSize = check.AtLeast("MaxQueueSize", client.MaxQueueSize, 1, defaults.MaxQueueSize);
        client.MaxQueueBytes = check.AtLeast("MaxQueueBytes", client.MaxQueueBytes, 1, defaults.MaxQueueBytes);
        client.MaxRetries = check.AtLeast("MaxRetries", client.MaxRetries, 0, defaults.MaxRetries);
        client.InitialRetryDelay = check.Duration("InitialRetryDelay", client.InitialRetryDelay, defaults.InitialRetryDelay, zero: true, infinite: false);
        client.MaxRetryDelay = check.Duration("MaxRetryDelay", client.MaxRetryDelay, defaults.MaxRetryDelay, zero: true, infinite: false);
        client.RequestTimeout = check.Duration("RequestTimeout", client.RequestTimeout, defaults.RequestTimeout, zero: false, infinite: true);
        client.CompressionLevel = check.InRange("CompressionLevel", client.CompressionLevel, 0, 9, "a gzip level", defaults.CompressionLevel);
        client.MaxStorageBytes = check.AtLeast("MaxStorageBytes", client.MaxStorageBytes, 1, defaults.MaxStorageBytes);
        client.MaxStorageAge = check.Duration("MaxStorageAge", client.MaxStorageAge, defaults.MaxStorageAge, zero: false, infinite: false);
        client.ShutdownTimeout = check.Duration("ShutdownTimeout", client.ShutdownTimeout, defaults.ShutdownTimeout, zero: true, infinite: true);
        return messages;
    }

    /// <summary>
    /// Writes what an exporter reports once its settings stand: one warning per bad value, then what it decided, to the
    /// logger and, for the warnings, to the event source.
    /// </summary>
    public void Report(ILogger logger)
    {
        foreach (var (message, consequence) in _problems)
        {
            ExporterLog.InvalidSetting(logger, message + " " + consequence);
            PosthogEventSource.Log.InvalidSetting(message + " " + consequence);
        }

        if (ApiKey is null)
        {
            ExporterLog.DisabledMissingApiKey(logger);
            PosthogEventSource.Log.ExporterDisabled("no API key (set the POSTHOG_API_KEY environment variable, PostHog:ApiKey in configuration, or ApiKey in options)");
            return;
        }

        if (HasInvalidHost)
        {
            PosthogEventSource.Log.ExporterDisabled("the host '" + Host + "' is not an absolute http or https URL");
            return;
        }

        if (HostSource is null)
        {
            ExporterLog.UsingDefaultHost(logger);
        }
        else if (IsPlainHttpToRemoteHost(Host))
        {
            ExporterLog.PlainHttpHost(logger, Host);
        }

        if (Serverless)
        {
            ExporterLog.InitializedServerless(logger, Host, FlushAt, FlushInterval, EnablePrivacyMode);
        }
        else
        {
            ExporterLog.Initialized(logger, Host, FlushAt, FlushInterval, EnablePrivacyMode);
        }
    }

    /// <summary>Whether <paramref name="host"/> is an absolute http or https URL.</summary>
    public static bool IsHttpUrl(string host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Whether <paramref name="host"/> is <c>http://</c> to anything but the loopback interface.</summary>
    public static bool IsPlainHttpToRemoteHost(string host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback;

    /// <inheritdoc />
    public override string ToString() =>
        $"host={Host}, flushAt={Format(FlushAt)}, flushInterval={Format(FlushInterval)}, disabled={IsDisabled}";

    private static (string? Value, string? Source) FirstPresent(
        string? code, string codeSource, string? environment, string environmentSource, string? section, string? sectionSource) =>
        !string.IsNullOrWhiteSpace(code) ? (code!.Trim(), codeSource)
        : !string.IsNullOrWhiteSpace(environment) ? (environment!.Trim(), environmentSource)
        : !string.IsNullOrWhiteSpace(section) ? (section!.Trim(), sectionSource)
        : (null, null);

    /// <summary>The configuration path of the option when the section set the value it has, else the option's name (set in code).</summary>
    private static string Label(ConfigurationLayer? layer, string option, object value) =>
        layer is not null && layer.Values.TryGetValue(option, out var configured) && Equals(configured, value) ? layer.PathOf(option) : option;

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private void Add(string problem, string source, string fallback) =>
        _problems.Add((Prefix + problem + " (" + source + ").", "Using the default " + fallback + "."));
}
