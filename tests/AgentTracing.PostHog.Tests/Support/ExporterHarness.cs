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
/// A <see cref="PosthogExporter"/> with a fake clock at T0 and a logger that records every line. By default it sends
/// through a real <see cref="PostHogClient"/> whose requests are decoded back into <see cref="Events"/> (the bytes
/// production sends); with <c>substitute: true</c> it uses a substitute <see cref="IPostHogClient"/> that records every
/// event handed to <c>CaptureAi</c>, for tests of the public client seam.
/// </summary>
internal sealed class ExporterHarness : IAsyncDisposable
{
    private readonly List<PostHogEvent> _captured = [];
    private readonly WireCapture? _wire;
    private readonly PostHogClient? _wireClient;

    public ExporterHarness(Action<PosthogExporterOptions>? configure = null, Dictionary<string, string?>? environment = null, bool substitute = false)
    {
        if (substitute)
        {
            Client = Substitute.For<IPostHogClient>();
            Client.CaptureAi(Arg.Do<PostHogEvent>(_captured.Add)).Returns(call => new PostHogCaptureResult(true, Guid.NewGuid().ToString(), null));
            Client.FlushAsync(default).ReturnsForAnyArgs(Task.FromResult(new PostHogFlushResult(0, 0, 0)));
        }
        else
        {
            _wire = new WireCapture();
            _wireClient = _wire.CreateClient();
            Client = _wireClient;
        }

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

    /// <summary>The client the exporter sends through: a substitute, or the real client over <see cref="WireCapture"/>.</summary>
    public IPostHogClient Client { get; }

    /// <summary>
    /// The events sent so far: decoded from the wire (after sending what is queued, for tests that call the exporter
    /// directly), or as handed to the substitute.
    /// </summary>
    public List<PostHogEvent> Events
    {
        get
        {
            if (_wire is null)
            {
                return _captured;
            }

            Exporter.FlushAsync().GetAwaiter().GetResult();
            return _wire.Events;
        }
    }

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

        await SettleAsync();
    }

    /// <summary>
    /// On the wire path, flushes the exporter, so <see cref="Events"/> holds everything sent so far, spans held for
    /// their parent included.
    /// </summary>
    public async Task SettleAsync()
    {
        if (_wireClient is not null)
        {
            await Exporter.FlushAsync();
        }
    }

    /// <summary>Sends without flushing the exporter: spans that wait for their parent stay held.</summary>
    public async Task SendUnflushed(params TracingEvent[] events)
    {
        foreach (var e in events)
        {
            await Exporter.ExportTracingEventAsync(e);
        }
    }

    /// <summary>The events on the wire now, without releasing the spans the exporter holds for their parent.</summary>
    public List<PostHogEvent> OnTheWire()
    {
        _wireClient!.FlushAsync().GetAwaiter().GetResult();
        return _wire!.Events;
    }

    public Task Send(IEnumerable<TracingEvent> events) => Send(events.ToArray());

    public Task Life(ExportedSpan span) => Send(Spans.Life(span));

    public async ValueTask DisposeAsync()
    {
        await Exporter.DisposeAsync();
        if (_wireClient is not null)
        {
            await _wireClient.ShutdownAsync();
            _wireClient.Dispose();
        }
    }
}
