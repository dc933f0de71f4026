using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace AgentTracing.PostHog;

/// <summary>
/// The exporter's metrics, on a <see cref="System.Diagnostics.Metrics.Meter"/> named <c>AgentTracing.PostHog</c> that
/// <c>dotnet-counters</c> and any OpenTelemetry metrics pipeline (<c>AddMeter("AgentTracing.PostHog")</c>) can read.
/// Names and units follow the OpenTelemetry semantic conventions' style. The counters are observed from the client's
/// own counters (<see cref="IPostHogClient.GetDiagnostics"/>) when a collector asks, so sending costs nothing extra;
/// only the request duration is recorded as each request ends. One meter per exporter, disposed with it.
/// </summary>
internal sealed class ExporterMetrics : IDisposable
{
    public const string MeterName = "AgentTracing.PostHog";
    public const string DropReasonAttribute = "posthog.drop.reason";

    private static readonly PostHogClientDiagnostics Empty = new();

    private readonly Histogram<double> _requestDuration;

    public ExporterMetrics()
    {
        Meter = new Meter(MeterName, LibraryInfo.Version);
        _requestDuration = Meter.CreateHistogram<double>(
            "posthog.client.request.duration", "s", "Duration of the HTTP requests that send batches of events to PostHog.");
    }

    public Meter Meter { get; }

    /// <summary>Starts observing <paramref name="client"/>'s counters.</summary>
    public void Observe(IPostHogClient client)
    {
        Meter.CreateObservableCounter(
            "posthog.client.events.enqueued", () => Read(client).EventsEnqueued, "{event}", "Events accepted into the client's queue.");
        Meter.CreateObservableCounter(
            "posthog.client.events.sent", () => Read(client).EventsSent, "{event}", "Events PostHog acknowledged.");
        Meter.CreateObservableCounter(
            "posthog.client.events.failed", () => Failed(Read(client)), "{event}", "Events lost to a final HTTP failure or exhausted retries (stored events refused when sent again included).");
        Meter.CreateObservableCounter(
            "posthog.client.events.stored", () => Read(client).EventsStored, "{event}", "Events written to the storage directory instead of being dropped.");
        Meter.CreateObservableCounter(
            "posthog.client.events.resent", () => Read(client).EventsResent, "{event}", "Stored events PostHog acknowledged when they were sent again.");
        Meter.CreateObservableUpDownCounter(
            "posthog.client.storage.size", () => Read(client).StorageBytes, "By", "Bytes in the storage directory.");
        Meter.CreateObservableCounter(
            "posthog.client.events.dropped", () => Dropped(Read(client)), "{event}", "Events not queued or not sent, by reason (posthog.drop.reason).");
        Meter.CreateObservableUpDownCounter(
            "posthog.client.queue.length", () => Read(client).QueueLength, "{event}", "Events waiting in the client's queue.");
    }

    /// <summary>Records one HTTP attempt: its duration and its status code, or <c>error.type</c> when there was no response.</summary>
    public void RecordRequest(TimeSpan duration, int? statusCode)
    {
        if (!_requestDuration.Enabled)
        {
            return;
        }

        if (statusCode is { } status)
        {
            _requestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("http.response.status_code", status));
        }
        else
        {
            _requestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("error.type", "_OTHER"));
        }
    }

    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<long>> Dropped(PostHogClientDiagnostics d) =>
    [
        new(d.EventsDroppedQueueFull, new KeyValuePair<string, object?>(DropReasonAttribute, "queue_full")),
        new(d.EventsDroppedTooLarge, new KeyValuePair<string, object?>(DropReasonAttribute, "too_large")),
        new(d.EventsDroppedAfterQueue, new KeyValuePair<string, object?>(DropReasonAttribute, "too_large_for_server")),
        new(d.EventsRejectedInvalid, new KeyValuePair<string, object?>(DropReasonAttribute, "invalid")),
        new(d.EventsRejectedShutDown, new KeyValuePair<string, object?>(DropReasonAttribute, "shut_down")),
        new(d.EventsUnsent, new KeyValuePair<string, object?>(DropReasonAttribute, "shutdown_timeout")),
        new(d.EventsDroppedStorageFull, new KeyValuePair<string, object?>(DropReasonAttribute, "storage_full")),
        new(d.EventsStorageExpired, new KeyValuePair<string, object?>(DropReasonAttribute, "storage_expired")),
    ];

    private static long Failed(PostHogClientDiagnostics d) => d.EventsFailed + d.EventsStorageFailed;

    /// <summary>The client's counters; all zero when it has none (a substitute) or fails, since a collector must never see an exception.</summary>
    private static PostHogClientDiagnostics Read(IPostHogClient client)
    {
        try
        {
            return client.GetDiagnostics() ?? Empty;
        }
#pragma warning disable CA1031 // A collector's callback never throws.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Empty;
        }
    }
}
