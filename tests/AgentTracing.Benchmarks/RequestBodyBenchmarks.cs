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
    }

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
        using (var gzip = new GZipStream(_floorGzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_floorBuffer.WrittenSpan);
        }

        return _floorGzip.Length;
    }

    [Benchmark(Description = "client: PostHog events → gzip body")]
    public int ClientBody() => _builder.Compress(_builder.BuildPlain(Serialize(_posthogEvents), _now)).Count;

    [Benchmark(Description = "end to end: tracing events → exporter → gzip body")]
    public int EndToEnd() => _builder.Compress(_builder.BuildPlain(Serialize(RunExporter().Events), _now)).Count;

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

    private List<QueuedEvent> Serialize(List<PostHogEvent> events)
    {
        var queued = new List<QueuedEvent>(events.Count);
        foreach (var e in events)
        {
            var uuid = Guid.NewGuid().ToString("D");
            _serializer.TrySerialize(e, e.Timestamp ?? _now, uuid, int.MaxValue, out var json, out _);
            queued.Add(new QueuedEvent(json!, uuid, e.EventName));
        }

        return queued;
    }
}
