using System;
using System.Collections.Generic;
using System.Linq;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;
using BenchmarkDotNet.Attributes;

namespace AgentTracing.Benchmarks;

/// <summary>
/// The caller-side cost of the start of a generation with a 2 KB system prompt: a new span each call (a new trace
/// every 100), through the real exporter and client. The spans started in an iteration are ended after it, outside
/// the measurement, so that traces never pile up active spans.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(20_000)]
public class GenerationStartBenchmarks
{
    private readonly FreshSpans _spans = new();
    private readonly List<(string TraceId, string Id)> _started = new(20_000);
    private PosthogExporter _exporter = null!;
    private TracingEvent _start = null!;
    private TracingEvent _end = null!;

    [GlobalSetup]
    public void Setup()
    {
        _exporter = FreshSpans.CreateExporter();
        var trace = SyntheticTraces.Create(1, DateTimeOffset.UtcNow);
        _start = FreshSpans.FirstOf(trace, SpanType.ModelGeneration);
        _end = FreshSpans.LastOf(trace, SpanType.ModelGeneration);
    }

    [GlobalCleanup]
    public void Cleanup() => _exporter.Dispose();

    [IterationCleanup]
    public void EndStartedSpans()
    {
        foreach (var (traceId, id) in _started)
        {
            _end.ExportedSpan.TraceId = traceId;
            _end.ExportedSpan.Id = id;
            _ = _exporter.ExportTracingEventAsync(_end);
        }

        _started.Clear();
    }

    [Benchmark(Description = "generation start (2 KB system prompt)")]
    public System.Threading.Tasks.Task GenerationStart()
    {
        var id = _spans.NextId();
        _started.Add((_spans.TraceId, id));
        return _exporter.ExportTracingEventAsync(_spans.Address(_start, id));
    }
}
