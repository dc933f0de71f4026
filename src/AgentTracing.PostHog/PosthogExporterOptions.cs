using System;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Settings of <see cref="PosthogExporter"/>. Everything is optional: a missing API key or host is read from the
/// <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment variables. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class PosthogExporterOptions
{
    /// <summary>The project API key (<c>phc_…</c>). Default: the <c>POSTHOG_API_KEY</c> environment variable. Without a key the exporter is disabled.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The PostHog host. Default: <c>POSTHOG_HOST</c>, else <c>https://us.i.posthog.com</c>. EU: <c>https://eu.i.posthog.com</c>.</summary>
    public string? Host { get; set; }

    /// <summary>The queue length that triggers a send. Default 20 (serverless: 10).</summary>
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

    /// <summary>The minimum level of the exporter's own log lines. Default <see cref="LogLevel.Information"/>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>How long a finished trace's state is kept for late events. Default 30 s.</summary>
    public TimeSpan TraceCleanupDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many finished traces may wait for cleanup; the longest-waiting are removed beyond it. Default 100.</summary>
    public int MaxPendingCleanupTraces { get; set; } = 100;

    /// <summary>How many traces the exporter tracks; the oldest are ended (as errors) beyond it. Default 500.</summary>
    public int MaxTotalTraces { get; set; } = 500;

    /// <summary>Applied to every span before anything else. If it throws, the error is logged and the original span is used.</summary>
    public Func<ExportedSpan, ExportedSpan>? SpanFormatter { get; set; }

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

    /// <inheritdoc />
    public override string ToString() =>
        $"PosthogExporterOptions {{ ApiKey = {(string.IsNullOrWhiteSpace(ApiKey) ? "(from environment)" : "phc_***")}, Host = {Host ?? "(from environment)"}, " +
        $"FlushAt = {FlushAt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(default)"}, FlushInterval = {FlushInterval?.ToString() ?? "(default)"}, " +
        $"Serverless = {Serverless}, EnablePrivacyMode = {EnablePrivacyMode}, LogLevel = {LogLevel} }}";
}
