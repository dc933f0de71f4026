using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;
using BenchmarkDotNet.Attributes;

namespace AgentTracing.Benchmarks;

/// <summary>
/// The caller-side cost per tracing event of the load program's trace (14 tracing events, 9 PostHog events) on the
/// input paths that deliver tracing events: built in code, and read from JSON lines with <see cref="TracingJson.Options"/>
/// (recorded traces, other runtimes), through the real exporter and client with default options.
/// </summary>
/// <remarks>
/// Every call exports a whole trace under a trace id the exporter has not seen, so that no call takes the duplicate path
/// and the exporter keeps its usual number of finished traces. The JSON lines are written once, in the setup.
/// </remarks>
[MemoryDiagnoser]
public class InputPathBenchmarks
{
    private const int EventsPerTrace = SyntheticTraces.TracingEventsPerTrace;
    private PosthogExporter _exporter = null!;
    private List<TracingEvent> _trace = null!;
    private List<byte[]> _lines = null!;
    private int _traces;

    [GlobalSetup]
    public void Setup()
    {
        _exporter = FreshSpans.CreateExporter();
        _trace = SyntheticTraces.Create(1, DateTimeOffset.UtcNow);
        _lines = JsonTraceSource.Lines(1, DateTimeOffset.UtcNow);
    }

    [GlobalCleanup]
    public void Cleanup() => _exporter.Dispose();

    [Benchmark(Description = "trace built in code → exporter (per tracing event)", OperationsPerInvoke = EventsPerTrace)]
    public void BuiltInCode()
    {
        var traceId = NextTraceId();
        foreach (var e in _trace)
        {
            e.ExportedSpan.TraceId = traceId;
            _ = _exporter.ExportTracingEventAsync(e);
        }
    }

    [Benchmark(Description = "JSON line → TracingEvent (per tracing event)", OperationsPerInvoke = EventsPerTrace)]
    public TracingEvent? ReadJson()
    {
        TracingEvent? last = null;
        foreach (var line in _lines)
        {
            last = JsonSerializer.Deserialize<TracingEvent>(line, TracingJson.Options);
        }

        return last;
    }

    [Benchmark(Description = "JSON line → TracingEvent → exporter (per tracing event)", OperationsPerInvoke = EventsPerTrace)]
    public void ReadJsonAndExport()
    {
        var traceId = NextTraceId();
        foreach (var line in _lines)
        {
            var e = JsonSerializer.Deserialize<TracingEvent>(line, TracingJson.Options)!;
            e.ExportedSpan.TraceId = traceId;
            _ = _exporter.ExportTracingEventAsync(e);
        }
    }

    private string NextTraceId() => (++_traces).ToString("x32", CultureInfo.InvariantCulture);
}
