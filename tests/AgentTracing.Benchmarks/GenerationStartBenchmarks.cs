using System;
using System.Collections.Generic;
using System.Globalization;
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
    private const int CallsPerTrace = 100;
    private readonly string[] _ids = Enumerable.Range(0, CallsPerTrace).Select(i => i.ToString("x16", CultureInfo.InvariantCulture)).ToArray();
    private readonly List<(string TraceId, string Id)> _started = new(20_000);
    private PosthogExporter _exporter = null!;
    private TracingEvent _start = null!;
    private TracingEvent _end = null!;
    private int _call;
    private string _traceId = "";

    [GlobalSetup]
    public void Setup()
    {
        _exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_benchmark",
            Host = "http://127.0.0.1:9",
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o => o.HttpMessageHandler = new InstantHandler(),
        });
        var trace = SyntheticTraces.Create(1, DateTimeOffset.UtcNow);
        _start = ExportBenchmarks.Detached(trace.First(e => e.Type == TracingEventType.SpanStarted && e.ExportedSpan.Type == SpanType.ModelGeneration));
        _end = ExportBenchmarks.Detached(trace.Last(e => e.ExportedSpan.Type == SpanType.ModelGeneration));
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
        var n = _call++;
        if (n % CallsPerTrace == 0)
        {
            _traceId = (n / CallsPerTrace).ToString("x32", CultureInfo.InvariantCulture);
        }

        var span = _start.ExportedSpan;
        span.TraceId = _traceId;
        span.Id = _ids[n % CallsPerTrace];
        _started.Add((_traceId, span.Id));
        return _exporter.ExportTracingEventAsync(_start);
    }
}
