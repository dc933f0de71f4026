using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using AgentTracing;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;

// Load program: N synthetic traces (14 tracing events, 9 PostHog events each) through the real PosthogExporter and
// PostHogClient with default options, as fast as possible, into a local sink (or POSTHOG_HOST). Prints one JSON line.
// Usage: dotnet run -c Release --project tests/AgentTracing.LoadTest -- [traces=5000] [warmupTraces=1000]
// The sink runs in a child process (this program with --sink), so the figures are the exporter's own.
if (args.Length > 0 && args[0] == "--sink")
{
    await RemoteSink.RunChildAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var traces = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var warmupTraces = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var externalHost = Environment.GetEnvironmentVariable("POSTHOG_HOST");
await using var sink = string.IsNullOrEmpty(externalHost)
    ? await RemoteSink.StartAsync(Math.Max(traces, warmupTraces) * SyntheticTraces.PostHogEventsPerTrace)
    : null;

var start = DateTimeOffset.UtcNow;

// Sampled from the start, so that the sampler's own code is compiled and warm before the measured run.
using var workingSet = new WorkingSetSampler(TimeSpan.FromMilliseconds(5));

// The measured exporter is built before the warm-up, so that the code its construction runs is compiled and tiered
// up by then, not in the background during the measured run.
var exporter = new PosthogExporter(new PosthogExporterOptions
{
    ApiKey = Environment.GetEnvironmentVariable("POSTHOG_API_KEY") ?? "phc_load_test",
    Host = sink?.Url ?? externalHost,
});

// Warm-up (not measured): a separate exporter sends warmupTraces traces, then more rounds until the JIT has settled
// (a whole round of traffic compiled no new method), so the measured run sees steady-state tier-1 code. Without it, a process that
// lives a few seconds measures mostly tier-0 code and the background JIT.
var jitSettled = false;
if (warmupTraces > 0)
{
    var warmup = new PosthogExporter(new PosthogExporterOptions
    {
        ApiKey = "phc_load_test_warmup",
        Host = sink?.Url ?? externalHost,
    });
    var sent = 0;
    for (var round = 0; round < 20 && !jitSettled; round++)
    {
        var count = round == 0 ? warmupTraces : Math.Max(1, warmupTraces / 2);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        ExportTraces(warmup, -sent - count, count, start);
        sent += count;

        await warmup.FlushAsync();
        await Task.Delay(250);

        // Settled: a whole round of traffic, and the tiering delay after it, compiled nothing new.
        jitSettled = round > 0 && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled;
    }

    await warmup.ShutdownAsync();
}

// The sink forgets the warm-up; its counters before the run give its CPU time during the run. Then a pause lets the
// background JIT finish what these last steps queued.
if (sink is not null)
{
    await sink.ResetAsync();
}

var sinkBefore = sink is null ? null : await sink.GetStatsAsync();
await Task.Delay(250);

// Start the measured run from a compacted heap with memory returned to the OS, and sample the working set during it.
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
GC.WaitForPendingFinalizers();
workingSet.Reset();
var startWorkingSet = workingSet.PeakBytes;
var process = Process.GetCurrentProcess();
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var gcPauseBefore = GC.GetTotalPauseDuration();
var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
var wall = Stopwatch.StartNew();
var (callerTicks, tracingEvents) = ExportTraces(exporter, 0, traces, start);

var exportSeconds = wall.Elapsed.TotalSeconds;
await exporter.ShutdownAsync();
wall.Stop();
workingSet.Stop();
process.Refresh();
var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
var sinkAfter = sink is null ? null : await sink.GetStatsAsync();
var diagnostics = exporter.GetDiagnostics();
var expected = (long)traces * SyntheticTraces.PostHogEventsPerTrace;
var delivered = sinkAfter?.UniqueEvents ?? diagnostics.EventsSent;

var result = new Dictionary<string, object?>
{
    ["traces"] = traces,
    ["warmup_traces"] = warmupTraces,
    ["jit_settled"] = jitSettled,
    ["tracing_events_in"] = tracingEvents,
    ["posthog_events_expected"] = expected,
    ["posthog_events_delivered"] = delivered,
    ["duplicates"] = (sinkAfter?.Events ?? delivered) - delivered,
    ["lost"] = expected - delivered,
    ["requests"] = sinkAfter?.Requests ?? diagnostics.Requests,
    ["wire_bytes"] = sinkAfter?.WireBytes ?? 0,
    ["caller_us_per_tracing_event"] = Math.Round(callerTicks * 1_000_000.0 / Stopwatch.Frequency / tracingEvents, 3),
    ["export_loop_seconds"] = Math.Round(exportSeconds, 3),
    ["wall_seconds"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
    ["process_cpu_seconds"] = Math.Round(cpuSeconds, 3),
    ["delivered_per_cpu_second"] = Math.Round(delivered / cpuSeconds),
    ["sink_process_cpu_seconds"] = sinkAfter is null ? null : Math.Round(sinkAfter.CpuSeconds - sinkBefore!.CpuSeconds, 3),
    ["start_working_set_mb"] = Math.Round(startWorkingSet / 1048576.0, 1),
    ["peak_working_set_mb"] = Math.Round(workingSet.PeakBytes / 1048576.0, 1),
    ["process_lifetime_peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
    ["allocated_bytes_per_tracing_event"] = allocated / tracingEvents,
    ["gc_collections"] = $"{GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}",
    ["gc_pause_ms"] = Math.Round(gcPause.TotalMilliseconds, 1),
    ["jit_methods_during_run"] = jitMethods,
    ["jit_ms_during_run"] = Math.Round(jitTime.TotalMilliseconds, 1),
    ["client_rejected"] = diagnostics.EventsDroppedQueueFull + diagnostics.EventsRejectedInvalid + diagnostics.EventsDroppedTooLarge,
    ["client_failed"] = diagnostics.EventsFailed + diagnostics.EventsDroppedAfterQueue,
};
Console.WriteLine(JsonSerializer.Serialize(result));
return delivered == expected ? 0 : 1;

// The export loop, for the warm-up and the measured run alike. Compiled optimised at once: as a loop in Main it would
// run as tier-0 code, then be recompiled (on-stack replacement) in the middle of the measured run.
[MethodImpl(MethodImplOptions.AggressiveOptimization)]
static (long CallerTicks, long TracingEvents) ExportTraces(PosthogExporter exporter, int firstTrace, int traces, DateTimeOffset start)
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
