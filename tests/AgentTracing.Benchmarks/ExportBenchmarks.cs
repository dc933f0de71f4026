using System;
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
/// <remarks>
/// Every call exports a span the exporter has not seen: the spans of the synthetic trace are re-addressed before each
/// call (a new span id, and a new trace every 100 calls, so a trace never holds many active spans), without a parent,
/// so that no call takes the duplicate or unknown-parent paths. The exporter copies what it keeps, so changing a span
/// after the call is safe, and the benchmark keeps no large live set that would make every collection dear.
/// A start alone is measured by <see cref="GenerationStartBenchmarks"/>, which ends its spans outside the measurement.
/// </remarks>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private readonly FreshSpans _spans = new();
    private PosthogExporter _exporter = null!;
    private TracingEvent _generationStart = null!;
    private TracingEvent _generationEnd = null!;
    private TracingEvent _toolStart = null!;
    private TracingEvent _toolEnd = null!;
    private TracingEvent _chunk = null!;
    private TracingEvent _largeToolEnd = null!;

    [GlobalSetup]
    public void Setup()
    {
        _exporter = FreshSpans.CreateExporter();
        var trace = SyntheticTraces.Create(1, DateTimeOffset.UtcNow);
        _generationStart = FreshSpans.FirstOf(trace, SpanType.ModelGeneration);
        _generationEnd = FreshSpans.LastOf(trace, SpanType.ModelGeneration);
        _toolStart = FreshSpans.FirstOf(trace, SpanType.ToolCall);
        _toolEnd = FreshSpans.LastOf(trace, SpanType.ToolCall);
        _chunk = FreshSpans.FirstOf(trace, SpanType.ModelChunk);

        // A span with 10,000 metadata keys: linear in its size, and cut to the event's 1,000 custom properties.
        _largeToolEnd = FreshSpans.LastOf(trace, SpanType.ToolCall);
        _largeToolEnd.ExportedSpan.Metadata = Enumerable.Range(0, 10_000).ToDictionary(i => "key-" + i, i => (object?)i);
    }

    [GlobalCleanup]
    public Task Cleanup() => _exporter.ShutdownAsync();

    [Benchmark(Description = "generation start + end → $ai_generation", OperationsPerInvoke = 2)]
    public async Task GenerationStartAndEnd()
    {
        var id = NextId();
        await Export(_generationStart, id);
        await Export(_generationEnd, id);
    }

    [Benchmark(Description = "tool call start + end → $ai_span", OperationsPerInvoke = 2)]
    public async Task ToolCall()
    {
        var id = NextId();
        await Export(_toolStart, id);
        await Export(_toolEnd, id);
    }

    [Benchmark(Description = "tool call end with 10,000 metadata keys → $ai_span")]
    public Task ToolEndWithTenThousandMetadataKeys() => Export(_largeToolEnd, NextId());

    [Benchmark(Description = "chunk event span → $ai_span")]
    public Task ChunkEventSpan() => Export(_chunk, NextId());

    private Task Export(TracingEvent e, string id) => _exporter.ExportTracingEventAsync(_spans.Address(e, id));

    private string NextId() => _spans.NextId();
}
