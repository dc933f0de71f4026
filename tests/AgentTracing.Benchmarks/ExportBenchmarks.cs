using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;
using BenchmarkDotNet.Attributes;

namespace AgentTracing.Benchmarks;

/// <summary>
/// The caller-side cost of <see cref="PosthogExporter.ExportTracingEventAsync"/> through the real exporter and the real
/// <see cref="PostHogClient"/> (default options; the HTTP handler answers at once). A start is cached; an end builds the
/// PostHog event, serialises it and queues it.
/// </summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private PosthogExporter _exporter = null!;
    private TracingEvent _generationStart = null!;
    private TracingEvent _generationEnd = null!;
    private TracingEvent _toolStart = null!;
    private TracingEvent _toolEnd = null!;
    private readonly string[] _chunkIds = Enumerable.Range(0, 1000).Select(i => i.ToString("x16", CultureInfo.InvariantCulture)).ToArray();
    private TracingEvent _chunkEvent = null!;
    private int _chunk;

    [GlobalSetup]
    public async Task Setup()
    {
        _exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_benchmark",
            Host = "http://127.0.0.1:9",
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o => o.HttpMessageHandler = new InstantHandler(),
        });
        var trace = SyntheticTraces.Create(1, DateTimeOffset.UtcNow);
        await _exporter.ExportTracingEventAsync(trace[0]);
        _generationStart = trace.First(e => e.Type == TracingEventType.SpanStarted && e.ExportedSpan.Type == SpanType.ModelGeneration);
        _generationEnd = trace.Last(e => e.ExportedSpan.Type == SpanType.ModelGeneration);
        _toolStart = trace.First(e => e.ExportedSpan.Type == SpanType.ToolCall);
        _toolEnd = trace.Last(e => e.ExportedSpan.Type == SpanType.ToolCall);
        await _exporter.ExportTracingEventAsync(_generationStart);

        // One chunk event, re-addressed before each call: a new id each time, a new trace every 1,000 (event spans are
        // emitted once per id and trace). The exporter copies what it keeps, so changing the span afterwards is safe,
        // and the benchmark keeps no large live set that would make every collection dear.
        var template = trace.First(e => e.ExportedSpan.Type == SpanType.ModelChunk).ExportedSpan.Clone();
        _chunkEvent = new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = template };
    }

    [GlobalCleanup]
    public Task Cleanup() => _exporter.ShutdownAsync();

    [Benchmark(Description = "generation start (2 KB system prompt)")]
    public Task GenerationStart() => _exporter.ExportTracingEventAsync(_generationStart);

    [Benchmark(Description = "generation end → $ai_generation")]
    public Task GenerationEnd() => _exporter.ExportTracingEventAsync(_generationEnd);

    [Benchmark(Description = "tool call start + end → $ai_span", OperationsPerInvoke = 2)]
    public async Task ToolCall()
    {
        await _exporter.ExportTracingEventAsync(_toolStart);
        await _exporter.ExportTracingEventAsync(_toolEnd);
    }

    [Benchmark(Description = "chunk event span → $ai_span")]
    public Task ChunkEventSpan()
    {
        var n = _chunk++;
        var span = _chunkEvent.ExportedSpan;
        span.Id = _chunkIds[n % 1000];
        if (n % 1000 == 0)
        {
            span.TraceId = (n / 1000).ToString("x32", CultureInfo.InvariantCulture);
        }

        return _exporter.ExportTracingEventAsync(_chunkEvent);
    }
}
