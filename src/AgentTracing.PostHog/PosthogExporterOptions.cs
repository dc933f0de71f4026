using System;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Settings of <see cref="PosthogExporter"/>. Everything is optional. Values set here (in code) win over the
/// <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment variables, which win over the application's <c>PostHog</c>
/// configuration section (read by the dependency-injection setups), which wins over the defaults.
/// <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class PosthogExporterOptions
{
    /// <summary>The project API key (<c>phc_…</c>). Default: the <c>POSTHOG_API_KEY</c> environment variable, else <c>PostHog:ApiKey</c> in configuration. Without a key the exporter is disabled.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The PostHog host. Default: <c>POSTHOG_HOST</c>, else <c>PostHog:Host</c> in configuration, else <c>https://us.i.posthog.com</c>. EU: <c>https://eu.i.posthog.com</c>.</summary>
    public string? Host { get; set; }

    /// <summary>The queue length that triggers a send while no request is running (while one is, a whole batch of 100 does). Default 20 (serverless: 10).</summary>
    public int? FlushAt { get; set; }

    /// <summary>The longest time an event waits before a send. Default 10 s (serverless: 2 s).</summary>
    public TimeSpan? FlushInterval { get; set; }

    /// <summary>Selects the serverless defaults of <see cref="FlushAt"/> and <see cref="FlushInterval"/>. Call <see cref="PosthogExporter.FlushAsync"/> before the function returns.</summary>
    public bool Serverless { get; set; }

    /// <summary>The <c>distinct_id</c> when no user is known. Default: <c>"anonymous"</c>.</summary>
    public string? DefaultDistinctId { get; set; }

    /// <summary>Leaves out inputs, outputs, error messages and prompt-bearing attributes; keeps ids, names, models, tokens and timings.</summary>
    public bool EnablePrivacyMode { get; set; }

    /// <summary>Where the exporter and its client log. Default: nowhere.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// A minimum level applied before <see cref="Logger"/>'s own filters, for a logger without any. Default
    /// <see cref="LogLevel.Trace"/>: every line reaches the logger, whose filters (the <c>Logging</c> configuration
    /// section in a host) decide.
    /// </summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Trace;

    /// <summary>How long a finished trace's state is kept for late events. Default 30 s.</summary>
    public TimeSpan TraceCleanupDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many finished traces may wait for cleanup; the longest-waiting are removed beyond it. Default 100.</summary>
    public int MaxPendingCleanupTraces { get; set; } = 100;

    /// <summary>How many traces the exporter tracks; the oldest are ended (as errors) beyond it. Default 500.</summary>
    public int MaxTotalTraces { get; set; } = 500;

    /// <summary>Applied to every span before anything else. If it throws, the error is logged and the original span is used.</summary>
    public Func<ExportedSpan, ExportedSpan>? SpanFormatter { get; set; }

    /// <summary>
    /// A directory that keeps undelivered batches across outages and restarts (see
    /// <see cref="PostHogClientOptions.StorageDirectory"/>). Default: the <c>POSTHOG_STORAGE_DIRECTORY</c> environment
    /// variable, else <c>PostHog:StorageDirectory</c> in configuration, else none (no storage).
    /// </summary>
    public string? StorageDirectory { get; set; }

    /// <summary>The most bytes kept in <see cref="StorageDirectory"/>. Default: <c>PostHog:MaxStorageBytes</c> in configuration, else 50 MiB.</summary>
    public long? MaxStorageBytes { get; set; }

    /// <summary>How long a stored batch is kept before it is removed unsent. Default: <c>PostHog:MaxStorageAge</c> in configuration, else 7 days.</summary>
    public TimeSpan? MaxStorageAge { get; set; }

    /// <summary>Runs after the exporter has filled the client options: HTTP handler, retries, timeouts, queue limits.</summary>
    public Action<PostHogClientOptions>? ConfigureClient { get; set; }

    /// <summary>
    /// Serialisation metadata for the application's own types that appear in inputs, outputs, attributes, metadata and
    /// feedback, typically a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>
    /// (several can be joined with <c>JsonTypeInfoResolver.Combine</c>).
    /// It is consulted after the tracing model's own metadata and before reflection. Reflection is used only where the
    /// runtime enables it: in trimmed and NativeAOT apps a type this resolver does not know is sent as
    /// <c>"[Non-serializable &lt;Type&gt;]"</c>. Dictionaries, lists, JSON nodes and primitives never need it. Default: none.
    /// </summary>
    public IJsonTypeInfoResolver? JsonTypeInfoResolver { get; set; }

    /// <summary>The clock and timers. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where environment variables are read from. A seam for tests.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>What the <c>PostHog</c> configuration section supplied, when a dependency-injection setup read one.</summary>
    internal ConfigurationLayer? Configuration { get; set; }

    /// <summary>The resolved API key's source and the resolved host with its source; never the key itself.</summary>
    /// <returns>A description of the options.</returns>
    public override string ToString()
    {
        var settings = ExporterSettings.Resolve(this);
        var apiKey = settings.ApiKeySource is { } keySource ? "*** (from " + keySource + ")" : "(none)";
        var host = settings.Host + (settings.HostSource is { } hostSource ? " (from " + hostSource + ")" : " (default)");
        return $"PosthogExporterOptions {{ ApiKey = {apiKey}, Host = {host}, " +
            $"FlushAt = {settings.FlushAt.ToString(System.Globalization.CultureInfo.InvariantCulture)}, FlushInterval = {settings.FlushInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture)}, " +
            $"Serverless = {Serverless}, EnablePrivacyMode = {EnablePrivacyMode}, LogLevel = {LogLevel}, " +
            $"StorageDirectory = {settings.StorageDirectory ?? "(none)"}{(settings.StorageDirectorySource is { } storageSource ? " (from " + storageSource + ")" : "")} }}";
    }
}
