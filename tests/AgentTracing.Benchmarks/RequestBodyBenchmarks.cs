using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;
using AgentTracing.PostHog.Client.Internal;
using BenchmarkDotNet.Attributes;

namespace AgentTracing.Benchmarks;

/// <summary>
/// The cost of turning 99 events (11 synthetic traces) into one gzip request body, against the floor: serialising
/// and gzipping the same events' final JSON with nothing else. Every row is also a ratio to that floor.
/// The end-to-end row runs the real pipeline: the 154 tracing events through <see cref="PosthogExporter"/> into
/// <see cref="PostHogClient"/>, then a flush that builds, gzips and sends the one request (to a handler that answers
/// at once).
/// </summary>
[MemoryDiagnoser]
public class RequestBodyBenchmarks
{
    private const int Traces = 11;
    private readonly ArrayBufferWriter<byte> _floorBuffer = new(1 << 20);
    private readonly MemoryStream _floorGzip = new();
    private List<TracingEvent> _tracingEvents = null!;
    private List<PostHogEvent> _posthogEvents = null!;
    private JsonObject _finalBody = null!;
    private EventSerializer _serializer = null!;
    private RequestBodyBuilder _builder = null!;
    private DateTimeOffset _now;
    private PosthogExporter _pipeline = null!;
    private CountingHandler _pipelineHandler = null!;
    private List<ExportedSpan>[] _spansByTrace = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        _tracingEvents = Enumerable.Range(0, Traces).SelectMany(i => SyntheticTraces.Create(i, _now)).ToList();
        _posthogEvents = RunExporter().Events;
        _serializer = new EventSerializer("agent-tracing-posthog-dotnet", "1.0.0", disableGeoIp: true);
        _builder = new RequestBodyBuilder("phc_benchmark", historicalMigration: false);

        // The floor's input: the exact final request body as an in-memory JSON tree of CLR values. (A tree straight from
        // JsonNode.Parse would be written back as a raw copy of its source bytes, which is not serialising.)
        var plain = _builder.BuildPlain(Serialize(_posthogEvents), _now);
        _finalBody = Materialize(JsonNode.Parse(plain.AsSpan()))!.AsObject();

        // The real pipeline, with defaults but for a batch large enough for the 99 events and no timer flush.
        _pipelineHandler = new CountingHandler();
        _pipeline = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_benchmark",
            Host = "http://127.0.0.1:9",
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o =>
            {
                o.HttpMessageHandler = _pipelineHandler;
                o.FlushAt = 100;
                o.FlushInterval = TimeSpan.FromHours(1);
            },
        });
        _spansByTrace = _tracingEvents.GroupBy(e => e.ExportedSpan.TraceId).Select(g => g.Select(e => e.ExportedSpan).Distinct().ToList()).ToArray();
        EndToEnd().GetAwaiter().GetResult();
        if (_pipelineHandler.Requests != 1 || _pipelineHandler.LastEvents != _posthogEvents.Count)
        {
            throw new InvalidOperationException($"The pipeline sent {_pipelineHandler.Requests} requests, the last with {_pipelineHandler.LastEvents} events; expected 1 with {_posthogEvents.Count}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();

    private static JsonNode? Materialize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Materialize(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Materialize).ToArray()),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(node.GetValue<string>()),
            JsonValueKind.True => JsonValue.Create(true),
            JsonValueKind.False => JsonValue.Create(false),
            JsonValueKind.Number when node.AsValue().TryGetValue(out long l) => JsonValue.Create(l),
            _ => JsonValue.Create(node.GetValue<double>()),
        },
    };

    [Benchmark(Baseline = true, Description = "floor: serialise + gzip the final JSON")]
    public long Floor()
    {
        _floorBuffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_floorBuffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            _finalBody.WriteTo(writer);
        }

        _floorGzip.SetLength(0);
        using (var gzip = new GZipStream(_floorGzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(_floorBuffer.WrittenSpan);
        }

        return _floorGzip.Length;
    }

    [Benchmark(Description = "client: PostHog events → gzip body")]
    public int ClientBody()
    {
        var queued = Serialize(_posthogEvents);
        var size = _builder.Compress(_builder.BuildPlain(queued, _now)).Count;
        foreach (var e in queued)
        {
            // As the sending worker does once the request is done.
            e.ReturnBuffer();
        }

        return size;
    }

    [Benchmark(Description = "end to end: tracing events → exporter → client → gzip body")]
    public async System.Threading.Tasks.Task<int> EndToEnd()
    {
        // New trace ids each round, so every round maps new traces rather than duplicates of cached ones.
        var round = _round++;
        for (var i = 0; i < _spansByTrace.Length; i++)
        {
            var traceId = ((round * Traces) + i).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var span in _spansByTrace[i])
            {
                span.TraceId = traceId;
            }
        }

        foreach (var e in _tracingEvents)
        {
            _ = _pipeline.ExportTracingEventAsync(e);
        }

        await _pipeline.FlushAsync();
        return _pipelineHandler.LastBytes;
    }

    private RecordingClient RunExporter()
    {
        var client = new RecordingClient();
        var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = "phc_benchmark", GetEnvironmentVariable = _ => null }, client);
        foreach (var e in _tracingEvents)
        {
            _ = exporter.ExportTracingEventAsync(e);
        }

        return client;
    }

    /// <summary>What <see cref="PostHogClient"/> does at capture: a UUIDv7 per event, then the event serialised once.</summary>
    private List<QueuedEvent> Serialize(List<PostHogEvent> events)
    {
        var queued = new List<QueuedEvent>(events.Count);
        foreach (var e in events)
        {
            var uuid = UuidV7.New(_now);
            queued.Add(_serializer.TrySerialize(e, e.Timestamp ?? _now, uuid, int.MaxValue, out _)!);
        }

        return queued;
    }
}
