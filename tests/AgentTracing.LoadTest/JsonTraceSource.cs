using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentTracing.LoadTest;

/// <summary>
/// The synthetic traces as JSON lines, as a recorded trace or another runtime delivers them: each line is read with
/// <see cref="TracingJson.Options"/> and exported. The caller's cost is reading the line plus the export call.
/// </summary>
internal sealed class JsonTraceSource : ITraceSource
{
    private readonly PosthogExporter _exporter;

    public JsonTraceSource(PosthogExporter exporter) => _exporter = exporter;

    /// <summary>The JSON lines of one synthetic trace, written with <see cref="TracingJson.Options"/>.</summary>
    public static List<byte[]> Lines(int traceIndex, DateTimeOffset start)
    {
        var events = SyntheticTraces.Create(traceIndex, start);
        var lines = new List<byte[]>(events.Count);
        foreach (var e in events)
        {
            lines.Add(JsonSerializer.SerializeToUtf8Bytes(e, TracingJson.Options));
        }

        return lines;
    }

    public Task<(long CallerTicks, long Units)> ExportAsync(int firstTrace, int traces, DateTimeOffset start) =>
        Task.FromResult(Export(_exporter, firstTrace, traces, start));

    public void Dispose()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long CallerTicks, long Units) Export(PosthogExporter exporter, int firstTrace, int traces, DateTimeOffset start)
    {
        var callerTicks = 0L;
        var tracingEvents = 0L;
        for (var i = 0; i < traces; i++)
        {
            // Each trace is generated and written as JSON just before it is read back (not timed).
            foreach (var line in Lines(firstTrace + i, start))
            {
                var t0 = Stopwatch.GetTimestamp();
                var e = JsonSerializer.Deserialize<TracingEvent>(line, TracingJson.Options)!;
                _ = exporter.ExportTracingEventAsync(e);
                callerTicks += Stopwatch.GetTimestamp() - t0;
                tracingEvents++;
            }
        }

        return (callerTicks, tracingEvents);
    }
}
