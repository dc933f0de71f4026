using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Diagnostics;

/// <summary>
/// The <c>AgentTracing.PostHog</c> meter, read as <c>dotnet-counters</c> or an OpenTelemetry metrics pipeline reads it
/// (a <see cref="MeterListener"/>), against a real HTTP server. Each exporter has its own meter: the listener here only
/// takes the instruments of the exporter under test.
/// </summary>
public sealed class MetricsTests
{
    private static async Task ExportTraces(PosthogExporter exporter, params string[] ids)
    {
        foreach (var id in ids)
        {
            foreach (var e in Life(Span(id, root: true, traceId: "trace-" + id)))
            {
                await exporter.ExportTracingEventAsync(e);
            }
        }
    }

    private static PosthogExporterOptions Options(FakePostHogServer server, Action<PostHogClientOptions>? client = null) => new()
    {
        ApiKey = "phc_metrics",
        Host = server.BaseUrl,
        FlushAt = 1000,
        FlushInterval = TimeSpan.FromHours(1),
        GetEnvironmentVariable = _ => null,
        ConfigureClient = client,
    };

    [Fact]
    public async Task The_meter_publishes_every_documented_instrument_with_its_unit()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using var exporter = new PosthogExporter(Options(server));
        using var listener = new Listener(exporter);

        Assert.Equal("AgentTracing.PostHog", exporter.Metrics!.Meter.Name);
        Assert.Equal(
            [
                ("posthog.client.events.dropped", "{event}", "ObservableCounter`1"),
                ("posthog.client.events.enqueued", "{event}", "ObservableCounter`1"),
                ("posthog.client.events.failed", "{event}", "ObservableCounter`1"),
                ("posthog.client.events.resent", "{event}", "ObservableCounter`1"),
                ("posthog.client.events.sent", "{event}", "ObservableCounter`1"),
                ("posthog.client.events.stored", "{event}", "ObservableCounter`1"),
                ("posthog.client.queue.length", "{event}", "ObservableUpDownCounter`1"),
                ("posthog.client.request.duration", "s", "Histogram`1"),
                ("posthog.client.storage.size", "By", "ObservableUpDownCounter`1"),
            ],
            listener.Instruments.Select(i => (Name: i.Name, i.Unit, Kind: i.GetType().Name)).OrderBy(i => i.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sent_events_the_queue_and_each_requests_duration_and_status_are_measured()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using var exporter = new PosthogExporter(Options(server));
        using var listener = new Listener(exporter);

        await ExportTraces(exporter, "a", "b", "c");
        listener.Observe();
        Assert.Equal(3, listener.Last("posthog.client.events.enqueued"));
        Assert.Equal(3, listener.Last("posthog.client.queue.length"));
        Assert.Equal(0, listener.Last("posthog.client.events.sent"));

        await exporter.FlushAsync();
        listener.Observe();

        Assert.Equal(3, listener.Last("posthog.client.events.sent"));
        Assert.Equal(0, listener.Last("posthog.client.queue.length"));
        Assert.Equal(0, listener.Last("posthog.client.events.failed"));
        var request = Assert.Single(listener.Measurements("posthog.client.request.duration"));
        Assert.True(request.Value > 0);
        Assert.Equal(200, request.Tags["http.response.status_code"]);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Failed_and_dropped_events_are_counted_by_reason()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.WithStatus(400);
        await using var exporter = new PosthogExporter(Options(server, c =>
        {
            c.MaxQueueSize = 2;
            c.MaxRetries = 0;
        }));
        using var listener = new Listener(exporter);

        await ExportTraces(exporter, "a", "b", "c", "d", "e");
        await exporter.FlushAsync();
        listener.Observe();

        Assert.Equal(2, listener.Last("posthog.client.events.enqueued"));
        Assert.Equal(0, listener.Last("posthog.client.events.sent"));
        Assert.Equal(2, listener.Last("posthog.client.events.failed"));
        var dropped = listener.Measurements("posthog.client.events.dropped")
            .ToDictionary(m => (string)m.Tags[ExporterMetrics.DropReasonAttribute]!, m => m.Value);
        Assert.Equal(
            new Dictionary<string, double> { ["queue_full"] = 3, ["too_large"] = 0, ["too_large_for_server"] = 0, ["invalid"] = 0, ["shut_down"] = 0, ["shutdown_timeout"] = 0, ["storage_full"] = 0, ["storage_expired"] = 0 },
            dropped);

        // The 400 splits the batch of two until each refused event is alone: three requests, each timed.
        var durations = listener.Measurements("posthog.client.request.duration");
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.Equal(400, d.Tags["http.response.status_code"]));
    }

    [Fact]
    public async Task Stored_resent_and_storage_full_events_and_the_directory_size_are_measured()
    {
        using var dir = new AgentTracing.PostHog.Tests.Client.Storage.StorageDirectory();
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.WithStatus(503);
        var options = Options(server, c => c.MaxRetries = 0);
        options.StorageDirectory = dir.Path;
        options.MaxStorageBytes = 3_000;
        await using var exporter = new PosthogExporter(options);
        var client = (PostHogClient)exporter.Client!;
        await client.StoragePass;
        using var listener = new Listener(exporter);

        await ExportTraces(exporter, "a", "b");
        await exporter.FlushAsync();
        await ExportTraces(exporter, "c", "d", "e", "f", "g", "h", "i", "j");
        await exporter.FlushAsync();
        listener.Observe();
        Assert.Equal(2, listener.Last("posthog.client.events.stored"));
        Assert.Equal(0, listener.Last("posthog.client.events.failed"));
        Assert.Equal(new FileInfo(Assert.Single(dir.BatchFiles)).Length, listener.Last("posthog.client.storage.size"));
        var dropped = listener.Measurements("posthog.client.events.dropped")
            .ToDictionary(m => (string)m.Tags[ExporterMetrics.DropReasonAttribute]!, m => m.Value);
        Assert.Equal((8d, 0d), (dropped["storage_full"], dropped["storage_expired"]));

        server.Responder = null;
        await ExportTraces(exporter, "k");
        await exporter.FlushAsync();
        await client.StoragePass;
        listener.Observe();
        Assert.Equal(2, listener.Last("posthog.client.events.resent"));
        Assert.Equal(0, listener.Last("posthog.client.storage.size"));
    }

    [Fact]
    public async Task Shutting_the_exporter_down_removes_its_instruments()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var exporter = new PosthogExporter(Options(server));
        using var listener = new Listener(exporter);
        Assert.Equal(9, listener.Instruments.Count);

        await exporter.ShutdownAsync();

        Assert.Equal(9, listener.Completed.Count);
    }

    /// <summary>Listens to the instruments of one exporter's meter and records what they measure.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = new();

        public Listener(PosthogExporter exporter)
        {
            var meter = exporter.Metrics!.Meter;
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    Instruments.Add(instrument);
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.MeasurementsCompleted = (instrument, _) => Completed.Add(instrument);
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
            _listener.Start();
        }

        public List<Instrument> Instruments { get; } = [];

        public ConcurrentBag<Instrument> Completed { get; } = [];

        /// <summary>Asks the observable instruments for their values now, as a collector does.</summary>
        public void Observe() => _listener.RecordObservableInstruments();

        public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Measurements(string name) =>
            _measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags)).ToList();

        public double Last(string name) => Measurements(name)[^1].Value;

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        }
    }
}
