using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentTracing;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;

// Load program: N synthetic traces (14 tracing events, 9 PostHog events each) through the real PosthogExporter and
// PostHogClient with default options, as fast as possible, into a local sink (or POSTHOG_HOST). Prints one JSON line.
// Usage: dotnet run -c Release --project tests/AgentTracing.LoadTest -- [traces=5000] [warmupTraces=1000]
var traces = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var externalHost = Environment.GetEnvironmentVariable("POSTHOG_HOST");
await using var sink = string.IsNullOrEmpty(externalHost) ? await CaptureSink.StartAsync() : null;

var warmupTraces = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var start = DateTimeOffset.UtcNow;

// Warm-up (not measured): a separate exporter sends warmupTraces traces, so the measured run sees jitted, steady-state
// code rather than the first-call costs of a process that lives a few seconds.
if (warmupTraces > 0)
{
    var warmup = new PosthogExporter(new PosthogExporterOptions
    {
        ApiKey = "phc_load_test_warmup",
        Host = sink?.Url ?? externalHost,
    });
    for (var i = 0; i < warmupTraces; i++)
    {
        foreach (var e in SyntheticTraces.Create(-1 - i, start))
        {
            _ = warmup.ExportTracingEventAsync(e);
        }
    }

    await warmup.ShutdownAsync();
    sink?.Reset();
}

GC.Collect();
GC.WaitForPendingFinalizers();
var process = Process.GetCurrentProcess();
var exporter = new PosthogExporter(new PosthogExporterOptions
{
    ApiKey = Environment.GetEnvironmentVariable("POSTHOG_API_KEY") ?? "phc_load_test",
    Host = sink?.Url ?? externalHost,
});

process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var wall = Stopwatch.StartNew();
var callerTicks = 0L;
var tracingEvents = 0L;
for (var i = 0; i < traces; i++)
{
    // Each trace is generated just before it is exported (not timed), as an agent produces it.
    foreach (var e in SyntheticTraces.Create(i, start))
    {
        var t0 = Stopwatch.GetTimestamp();
        _ = exporter.ExportTracingEventAsync(e);
        callerTicks += Stopwatch.GetTimestamp() - t0;
        tracingEvents++;
    }
}

var exportSeconds = wall.Elapsed.TotalSeconds;
await exporter.ShutdownAsync();
wall.Stop();
process.Refresh();
var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
var diagnostics = exporter.GetDiagnostics();
var expected = (long)traces * SyntheticTraces.PostHogEventsPerTrace;
var delivered = sink?.UniqueEvents ?? diagnostics.EventsSent;

var result = new Dictionary<string, object>
{
    ["traces"] = traces,
    ["warmup_traces"] = warmupTraces,
    ["tracing_events_in"] = tracingEvents,
    ["posthog_events_expected"] = expected,
    ["posthog_events_delivered"] = delivered,
    ["duplicates"] = (sink?.Events ?? delivered) - delivered,
    ["lost"] = expected - delivered,
    ["requests"] = sink?.Requests ?? diagnostics.Requests,
    ["wire_bytes"] = sink?.WireBytes ?? 0,
    ["caller_us_per_tracing_event"] = Math.Round(callerTicks * 1_000_000.0 / Stopwatch.Frequency / tracingEvents, 3),
    ["export_loop_seconds"] = Math.Round(exportSeconds, 3),
    ["wall_seconds"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
    ["process_cpu_seconds"] = Math.Round(cpuSeconds, 3),
    ["delivered_per_cpu_second"] = Math.Round(delivered / cpuSeconds),
    ["peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
    ["client_rejected"] = diagnostics.EventsDroppedQueueFull + diagnostics.EventsRejectedInvalid + diagnostics.EventsDroppedTooLarge,
    ["client_failed"] = diagnostics.EventsFailed,
};
Console.WriteLine(JsonSerializer.Serialize(result));
return delivered == expected ? 0 : 1;
