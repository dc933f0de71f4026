using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>Settings of <see cref="PostHogClient"/>. <see cref="ToString"/> never shows the API key.</summary>
public sealed class PostHogClientOptions
{
    /// <summary>The default of <see cref="MaxConcurrentRequests"/>.</summary>
    public const int DefaultMaxConcurrentRequests = 4;

    /// <summary>The default of <see cref="MaxStorageBytes"/>: 50 MiB.</summary>
    public const long DefaultMaxStorageBytes = 50L * 1024 * 1024;

    /// <summary>The default PostHog host (US cloud).</summary>
    public const string DefaultHost = "https://us.i.posthog.com";

    /// <summary>The project API key (<c>phc_…</c>), sent as <c>api_key</c> in every request body. Required.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The base URL. A trailing <c>/</c> is removed. EU: <c>https://eu.i.posthog.com</c>.</summary>
    public string Host { get; set; } = DefaultHost;

    /// <summary>A lane queue of this many events triggers a send while no request is running; while one is, a whole <see cref="MaxBatchSize"/> batch does. Minimum 1. Default 20.</summary>
    public int FlushAt { get; set; } = 20;

    /// <summary>Queued events are sent at least this often. Must be positive. Default 10 s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum events per request. Default 100.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Target maximum of summed uncompressed event bytes per request. Default 5 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Maximum queued events per lane. Default 100,000.</summary>
    public int MaxQueueSize { get; set; } = 100_000;

    /// <summary>Maximum summed serialised bytes queued per lane. Default 64 MiB. This bounds memory whatever the event sizes.</summary>
    public long MaxQueueBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Requests in flight at most. A batch waiting for its retry gives its slot to the others; while a <c>Retry-After</c>
    /// (or a 429) is in force, one request at a time is sent. 1 sends strictly one batch after the other, retries
    /// included. Default 4.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>
    /// Retries after the first attempt of a request that failed for a reason worth retrying (a 5xx, a 429, a timeout, a
    /// broken connection). Default 6, so 7 attempts over about a minute with the default backoff: a server refusing one
    /// request in six then loses a batch about four times in a million (0.17⁷), where 3 retries lose one in 1,200.
    /// During a shutdown the waits shrink so that the retries left fit its timeout. 0 disables retries.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The default <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 6;

    /// <summary>The first backoff delay. Default 1 s.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap for the backoff and for <c>Retry-After</c>. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per attempt: connect, send and read the response. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default timeout of <see cref="IPostHogClient.ShutdownAsync"/> and bound of <c>Dispose</c>. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="CompressionLevel"/>.</summary>
    public const int DefaultCompressionLevel = 2;

    /// <summary>Gzip request bodies. Default <see langword="true"/>.</summary>
    public bool EnableCompression { get; set; } = true;

    /// <summary>
    /// The gzip level of request bodies when <see cref="EnableCompression"/> is on, as in <c>gzip -1</c> … <c>gzip -9</c>:
    /// 1 is the fastest, 9 the smallest, 0 still sends a gzip body but stores it uncompressed. Default
    /// <see cref="DefaultCompressionLevel"/>, the fewest bytes that keeps the load program at its CPU target (the README's
    /// performance section gives bytes per event and CPU per level). On .NET 8 and .NET Standard 2.0, which cannot set a
    /// zlib level, 1–3 use <see cref="System.IO.Compression.CompressionLevel.Fastest"/>, 4–8
    /// <see cref="System.IO.Compression.CompressionLevel.Optimal"/> and 9 <c>SmallestSize</c> (<c>Optimal</c> on .NET Standard).
    /// </summary>
    public int CompressionLevel { get; set; } = DefaultCompressionLevel;

    /// <summary>Add <c>$geoip_disable: true</c> to every event, so PostHog does not geolocate the server. Default <see langword="true"/>.</summary>
    public bool DisableGeoIp { get; set; } = true;

    /// <summary>Add <c>"historical_migration": true</c> to every request. Default <see langword="false"/>.</summary>
    public bool HistoricalMigration { get; set; }

    /// <summary>The <c>$lib</c> property and the User-Agent product.</summary>
    public string LibName { get; set; } = "agent-tracing-posthog-dotnet";

    /// <summary>The <c>$lib_version</c> property and the User-Agent version. Defaults to this assembly's version.</summary>
    public string LibVersion { get; set; } = LibraryInfo.Version;

    /// <summary>Supplies the <see cref="HttpClient"/>; called once. The client does not dispose a supplied instance.</summary>
    public Func<HttpClient>? HttpClientFactory { get; set; }

    /// <summary>When set (and no factory is set), the client builds its own <see cref="HttpClient"/> around this handler (proxies, tests).</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>Where the client logs. Default: nowhere.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Clock, timer and backoff delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Called once per failure (rejection or delivery failure). Exceptions it throws are logged and ignored.</summary>
    public Action<PostHogDeliveryError>? OnError { get; set; }

    /// <summary>Per-event limit on the AI route. Default 8 MiB.</summary>
    public int MaxAiEventBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Per-event limit on <c>/batch/</c>. Default 960 KiB.</summary>
    public int MaxBatchRouteEventBytes { get; set; } = 983_040;

    /// <summary>
    /// A directory where batches that could not be delivered are kept across outages and restarts: batches whose
    /// retries ran out and events still queued at a shutdown timeout are written there instead of being dropped, and
    /// are sent again, oldest first, when the client starts and while PostHog answers. Files hold the events as they
    /// would be sent (never the API key). Several processes may share one directory. Default: none (no storage).
    /// A directory that cannot be created or written is logged once and the client runs without storage.
    /// </summary>
    public string? StorageDirectory { get; set; }

    /// <summary>
    /// The most bytes kept in <see cref="StorageDirectory"/>; a batch that does not fit is dropped and reported as
    /// <see cref="PostHogDeliveryErrorReason.StorageFull"/>. Default 50 MiB (<see cref="DefaultMaxStorageBytes"/>).
    /// </summary>
    public long MaxStorageBytes { get; set; } = DefaultMaxStorageBytes;

    /// <summary>
    /// How long a stored batch is kept; older batches are removed unsent and reported as
    /// <see cref="PostHogDeliveryErrorReason.StorageExpired"/>. Default 7 days.
    /// </summary>
    public TimeSpan MaxStorageAge { get; set; } = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public override string ToString() =>
        $"PostHogClientOptions {{ ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "phc_***")}, Host = {Host}, FlushAt = {FlushAt}, " +
        $"FlushInterval = {FlushInterval}, MaxBatchSize = {MaxBatchSize}, MaxQueueSize = {MaxQueueSize}, MaxQueueBytes = {MaxQueueBytes}, " +
        $"MaxConcurrentRequests = {MaxConcurrentRequests}, MaxRetries = {MaxRetries}, RequestTimeout = {RequestTimeout}, ShutdownTimeout = {ShutdownTimeout}, EnableCompression = {EnableCompression}, CompressionLevel = {CompressionLevel}, " +
        $"StorageDirectory = {StorageDirectory ?? "(none)"}, MaxStorageBytes = {MaxStorageBytes}, MaxStorageAge = {MaxStorageAge} }}";

    /// <summary>Called after each HTTP attempt with its duration and status code (none without a response); feeds the request-duration metric.</summary>
    internal Action<TimeSpan, int?>? RequestCompleted { get; set; }
}
