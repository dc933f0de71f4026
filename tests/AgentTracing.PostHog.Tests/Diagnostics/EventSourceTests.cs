using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Diagnostics;

/// <summary>The <c>AgentTracing-PostHog</c> event source: what an app with no logger can still learn, with <c>dotnet-trace</c> or an <see cref="EventListener"/>.</summary>
[Collection(DiagnosticsCollection.Name)]
public sealed class EventSourceTests
{
    private static PosthogExporterOptions NoLogger(Action<PosthogExporterOptions>? configure = null)
    {
        var options = new PosthogExporterOptions { GetEnvironmentVariable = _ => null };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task A_disabled_exporter_with_no_logger_says_why_through_the_event_source()
    {
        using var listener = new Listener();

        await using var exporter = new PosthogExporter(NoLogger());

        Assert.True(exporter.IsDisabled);
        var disabled = Assert.Single(listener.Events, e => e.EventName == "ExporterDisabled");
        Assert.Equal("AgentTracing-PostHog", disabled.EventSource.Name);
        Assert.Equal(EventLevel.Warning, disabled.Level);
        Assert.Equal(
            "no API key (set the POSTHOG_API_KEY environment variable, PostHog:ApiKey in configuration, or ApiKey in options)",
            Assert.Single(disabled.Payload!));
    }

    [Fact]
    public async Task An_invalid_setting_is_reported_with_the_text_of_its_log_line()
    {
        using var listener = new Listener();

        await using var exporter = new PosthogExporter(NoLogger(o => { o.ApiKey = "phc_key"; o.FlushAt = 0; o.ConfigureClient = c => c.MaxRetries = -2; }));

        Assert.False(exporter.IsDisabled);
        Assert.Equal(
            [
                "PostHog exporter: FlushAt must be at least 1, got 0 (FlushAt). Using the default 20.",
                "PostHog exporter: MaxRetries must not be negative, got -2 (ConfigureClient). Using the default 6.",
            ],
            listener.Events.Where(e => e.EventName == "InvalidSetting").Select(e => (string?)e.Payload![0]));
    }

    [Fact]
    public async Task Events_refused_by_the_server_are_error_events_one_per_isolated_event_and_the_apps_OnError_still_runs()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => ScriptedResponse.WithStatus(400, "{\"type\":\"validation_error\"}");
        var reported = new List<PostHogDeliveryError>();
        using var listener = new Listener();
        await using var exporter = new PosthogExporter(NoLogger(o =>
        {
            o.ApiKey = "phc_key";
            o.Host = server.BaseUrl;
            o.FlushAt = 1000;
            o.ConfigureClient = c => c.OnError = reported.Add;
        }));

        foreach (var e in Life(Span("a", root: true, traceId: "t1")).Concat(Life(Span("b", root: true, traceId: "t2"))))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.FlushAsync();

        // A 400 splits its batch until each refused event is alone: two events, two failures of one event each.
        var failed = listener.Events.Where(e => e.EventName == "DeliveryFailed").ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, f =>
        {
            Assert.Equal(EventLevel.Error, f.Level);
            Assert.Equal(["HttpError", 1, 400], f.Payload!);
        });
        Assert.Equal(2, reported.Count(r => r.Reason == PostHogDeliveryErrorReason.HttpError));
    }

    [Fact]
    public async Task Events_dropped_because_the_queue_is_full_are_warning_events_with_the_reason()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var listener = new Listener();
        await using var exporter = new PosthogExporter(NoLogger(o =>
        {
            o.ApiKey = "phc_key";
            o.Host = server.BaseUrl;
            o.FlushAt = 1000;
            o.ConfigureClient = c => c.MaxQueueSize = 1;
        }));

        foreach (var id in new[] { "a", "b", "c" })
        {
            foreach (var e in Life(Span(id, root: true, traceId: "trace-" + id)))
            {
                await exporter.ExportTracingEventAsync(e);
            }
        }

        var dropped = listener.Events.Where(e => e.EventName == "EventsDropped").ToList();
        Assert.Equal(2, dropped.Count);
        Assert.All(dropped, d =>
        {
            Assert.Equal(EventLevel.Warning, d.Level);
            Assert.Equal(["QueueFull", 1], d.Payload!);
        });
    }

    /// <summary>Collects the events of the <c>AgentTracing-PostHog</c> source, at every level.</summary>
    private sealed class Listener : EventListener
    {
        // Initialised before the base constructor, which announces the sources that already exist.
        private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();

        public IReadOnlyList<EventWrittenEventArgs> Events => _events.ToArray();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "AgentTracing-PostHog")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => _events.Enqueue(eventData);
    }
}
