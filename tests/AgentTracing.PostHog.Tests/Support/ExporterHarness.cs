using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace AgentTracing.PostHog.Tests.Support;

/// <summary>
/// A <see cref="PosthogExporter"/> over a substitute <see cref="IPostHogClient"/> that records every event handed to
/// <c>CaptureAi</c>, with a fake clock at T0 and a logger that records every line.
/// </summary>
internal sealed class ExporterHarness : IAsyncDisposable
{
    public ExporterHarness(Action<PosthogExporterOptions>? configure = null, Dictionary<string, string?>? environment = null)
    {
        Client.CaptureAi(Arg.Do<PostHogEvent>(Events.Add)).Returns(call => new PostHogCaptureResult(true, Guid.NewGuid().ToString(), null));
        Client.FlushAsync(default).ReturnsForAnyArgs(Task.FromResult(new PostHogFlushResult(0, 0, 0)));
        Options = new PosthogExporterOptions
        {
            ApiKey = "test-key",
            Logger = Logger,
            LogLevel = LogLevel.Trace,
            TimeProvider = Time,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
        configure?.Invoke(Options);
        Exporter = new PosthogExporter(Options, Client);
    }

    public FakeTimeProvider Time { get; } = new(Spans.T0);

    public IPostHogClient Client { get; } = Substitute.For<IPostHogClient>();

    public List<PostHogEvent> Events { get; } = [];

    public FakeLogger Logger { get; } = new();

    public PosthogExporterOptions Options { get; }

    public PosthogExporter Exporter { get; }

    public IReadOnlyList<FakeLogRecord> Logs => Logger.Collector.GetSnapshot();

    public PostHogEvent Single() => Assert.Single(Events);

    public PostHogEvent EventFor(string spanId) => Events.Single(e =>
        (string?)e.Properties!["$ai_span_id"] == spanId || (string?)e.Properties!["$ai_generation_id"] == spanId);

    public JsonObject PropsFor(string spanId) => EventFor(spanId).Properties!;

    public async Task Send(params TracingEvent[] events)
    {
        foreach (var e in events)
        {
            await Exporter.ExportTracingEventAsync(e);
        }
    }

    public Task Send(IEnumerable<TracingEvent> events) => Send(events.ToArray());

    public Task Life(ExportedSpan span) => Send(Spans.Life(span));

    public ValueTask DisposeAsync() => Exporter.DisposeAsync();
}
