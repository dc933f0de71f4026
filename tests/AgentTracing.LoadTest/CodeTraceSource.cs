using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentTracing.LoadTest;

/// <summary>The synthetic traces built in code and exported event by event; the caller's cost is the export call.</summary>
internal sealed class CodeTraceSource : ITraceSource
{
    private readonly PosthogExporter _exporter;

    public CodeTraceSource(PosthogExporter exporter) => _exporter = exporter;

    public Task<(long CallerTicks, long Units)> ExportAsync(int firstTrace, int traces, DateTimeOffset start) =>
        Task.FromResult(Export(_exporter, firstTrace, traces, start));

    public void Dispose()
    {
    }

    // Compiled optimised at once: as tier-0 code the loop would be recompiled (on-stack replacement) mid-run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long CallerTicks, long Units) Export(PosthogExporter exporter, int firstTrace, int traces, DateTimeOffset start)
    {
        var callerTicks = 0L;
        var tracingEvents = 0L;
        for (var i = 0; i < traces; i++)
        {
            // Each trace is generated just before it is exported (not timed), as an agent produces it.
            foreach (var e in SyntheticTraces.Create(firstTrace + i, start))
            {
                var t0 = Stopwatch.GetTimestamp();
                _ = exporter.ExportTracingEventAsync(e);
                callerTicks += Stopwatch.GetTimestamp() - t0;
                tracingEvents++;
            }
        }

        return (callerTicks, tracingEvents);
    }
}
