using System;
using System.Threading;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// An immutable, normalised copy of <see cref="PostHogClientOptions"/>, taken once by the constructor.
/// Out-of-range values are corrected rather than thrown on, because the constructor throws only for the key and
/// the host: <c>FlushAt</c> below 1 becomes 1, negative retries and delays become 0, and other non-positive
/// sizes, limits and intervals take their defaults.
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
        MaxBatchSize = options.MaxBatchSize > 0 ? options.MaxBatchSize : 100;
        MaxBatchBytes = options.MaxBatchBytes > 0 ? options.MaxBatchBytes : 5 * 1024 * 1024;
        MaxQueueSize = options.MaxQueueSize > 0 ? options.MaxQueueSize : 100_000;
        MaxQueueBytes = options.MaxQueueBytes > 0 ? options.MaxQueueBytes : 64L * 1024 * 1024;
        MaxConcurrentRequests = options.MaxConcurrentRequests > 0 ? options.MaxConcurrentRequests : PostHogClientOptions.DefaultMaxConcurrentRequests;
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
        CompressionLevel = options.CompressionLevel is >= 0 and <= 9 ? options.CompressionLevel : PostHogClientOptions.DefaultCompressionLevel;
        DisableGeoIp = options.DisableGeoIp;
        HistoricalMigration = options.HistoricalMigration;
        LibName = string.IsNullOrEmpty(options.LibName) ? "agent-tracing-posthog-dotnet" : options.LibName;
        LibVersion = string.IsNullOrEmpty(options.LibVersion) ? LibraryInfo.Version : options.LibVersion;
        MaxAiEventBytes = options.MaxAiEventBytes > 0 ? options.MaxAiEventBytes : 8 * 1024 * 1024;
        MaxBatchRouteEventBytes = options.MaxBatchRouteEventBytes > 0 ? options.MaxBatchRouteEventBytes : 983_040;
        StorageDirectory = string.IsNullOrWhiteSpace(options.StorageDirectory) ? null : options.StorageDirectory!.Trim();
        MaxStorageBytes = options.MaxStorageBytes > 0 ? options.MaxStorageBytes : PostHogClientOptions.DefaultMaxStorageBytes;
        MaxStorageAge = options.MaxStorageAge > TimeSpan.Zero ? options.MaxStorageAge : TimeSpan.FromDays(7);
    }

    public string ApiKey { get; }

    /// <summary>The base URL without a trailing <c>/</c>.</summary>
    public string Host { get; }

    public int FlushAt { get; }

    public TimeSpan FlushInterval { get; }

    public int MaxBatchSize { get; }

    public int MaxBatchBytes { get; }

    /// <summary>
    /// Whether an event of <paramref name="nextSize"/> bytes joins a batch of <paramref name="count"/> events and
    /// <paramref name="bytes"/> bytes (commas between them included): a batch holds at most <see cref="MaxBatchSize"/>
    /// events within <see cref="MaxBatchBytes"/>, and a single larger event goes alone.
    /// </summary>
    public bool FitsInBatch(int count, long bytes, int nextSize) =>
        count == 0 || (count < MaxBatchSize && bytes + nextSize + 1 <= MaxBatchBytes);

    public int MaxQueueSize { get; }

    public long MaxQueueBytes { get; }

    public int MaxConcurrentRequests { get; }

    public int MaxRetries { get; }

    public TimeSpan InitialRetryDelay { get; }

    public TimeSpan MaxRetryDelay { get; }

    public TimeSpan RequestTimeout { get; }

    public TimeSpan ShutdownTimeout { get; }

    public bool EnableCompression { get; }

    public int CompressionLevel { get; }

    public bool DisableGeoIp { get; }

    public bool HistoricalMigration { get; }

    public string LibName { get; }

    public string LibVersion { get; }

    public int MaxAiEventBytes { get; }

    public int MaxBatchRouteEventBytes { get; }

    /// <summary>The storage directory, or <see langword="null"/> when storage is off.</summary>
    public string? StorageDirectory { get; }

    public long MaxStorageBytes { get; }

    public TimeSpan MaxStorageAge { get; }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
