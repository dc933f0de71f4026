using System;
using System.Threading;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// An immutable, normalised copy of <see cref="PostHogClientOptions"/>, taken once by the constructor.
/// Out-of-range numbers are clamped rather than thrown on: the constructor throws only for the key and the host.
/// </summary>
internal sealed class ClientSettings
{
    private static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    public ClientSettings(PostHogClientOptions options, string host)
    {
        ApiKey = options.ApiKey;
        Host = host;
        FlushAt = Math.Max(1, options.FlushAt);
        FlushInterval = options.FlushInterval > TimeSpan.Zero ? options.FlushInterval : DefaultFlushInterval;
        MaxBatchSize = Math.Max(1, options.MaxBatchSize);
        MaxBatchBytes = Math.Max(1, options.MaxBatchBytes);
        MaxQueueSize = Math.Max(1, options.MaxQueueSize);
        MaxQueueBytes = Math.Max(1, options.MaxQueueBytes);
        MaxRetries = Math.Max(0, options.MaxRetries);
        InitialRetryDelay = NonNegative(options.InitialRetryDelay);
        MaxRetryDelay = NonNegative(options.MaxRetryDelay);
        RequestTimeout = options.RequestTimeout > TimeSpan.Zero || options.RequestTimeout == Timeout.InfiniteTimeSpan
            ? options.RequestTimeout
            : DefaultRequestTimeout;
        ShutdownTimeout = options.ShutdownTimeout >= TimeSpan.Zero || options.ShutdownTimeout == Timeout.InfiniteTimeSpan
            ? options.ShutdownTimeout
            : TimeSpan.Zero;
        EnableCompression = options.EnableCompression;
        DisableGeoIp = options.DisableGeoIp;
        HistoricalMigration = options.HistoricalMigration;
        LibName = string.IsNullOrEmpty(options.LibName) ? "agent-tracing-posthog-dotnet" : options.LibName;
        LibVersion = string.IsNullOrEmpty(options.LibVersion) ? LibraryInfo.Version : options.LibVersion;
        MaxAiEventBytes = Math.Max(1, options.MaxAiEventBytes);
        MaxBatchRouteEventBytes = Math.Max(1, options.MaxBatchRouteEventBytes);
    }

    public string ApiKey { get; }

    /// <summary>The base URL without a trailing <c>/</c>.</summary>
    public string Host { get; }

    public int FlushAt { get; }

    public TimeSpan FlushInterval { get; }

    public int MaxBatchSize { get; }

    public int MaxBatchBytes { get; }

    public int MaxQueueSize { get; }

    public long MaxQueueBytes { get; }

    public int MaxRetries { get; }

    public TimeSpan InitialRetryDelay { get; }

    public TimeSpan MaxRetryDelay { get; }

    public TimeSpan RequestTimeout { get; }

    public TimeSpan ShutdownTimeout { get; }

    public bool EnableCompression { get; }

    public bool DisableGeoIp { get; }

    public bool HistoricalMigration { get; }

    public string LibName { get; }

    public string LibVersion { get; }

    public int MaxAiEventBytes { get; }

    public int MaxBatchRouteEventBytes { get; }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
