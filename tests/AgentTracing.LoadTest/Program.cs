using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;

// Load program: N synthetic traces through the real PosthogExporter and PostHogClient with default options, as fast as
// possible, into a local sink (or POSTHOG_HOST). Prints one JSON line.
// Usage: dotnet run -c Release --project tests/AgentTracing.LoadTest -- [--path code|json|genai] [--model-ms N] [--compression 0-9] [--storage DIR [--outage]] [traces=5000] [warmupTraces=1000]
//   code:  tracing events built in code (14 per trace, 9 PostHog events);
//   json:  the same events as JSON lines, each read with TracingJson.Options and exported;
//   genai: a Microsoft.Extensions.AI pipeline over a scripted chat model, traced by GenAIActivityBridge (4 activities).
//   --model-ms N:  genai only: the scripted model answers after N ms, as a real one would (default 0: at once, so the
//                  application produces activities as fast as it can).
// The sink runs in a child process (this program with --sink), so the figures are the exporter's own.
//   --storage DIR: the client keeps a storage directory (DIR/warmup and DIR/run, emptied first); PostHog answers, so
//                  this measures what storage costs while nothing goes wrong.
//   --outage:      with --storage, nothing answers (a closed port, no retries): every batch is written to DIR/run,
//                  which measures the cost of storing; the run succeeds when every event was stored.
if (args.Length > 0 && args[0] == "--sink")
{
    await RemoteSink.RunChildAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var path = InputPath.Code;
var compression = PostHogClientOptions.DefaultCompressionLevel;
string? storage = null;
var outage = false;
var modelLatency = TimeSpan.Zero;
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--path" && i + 1 < args.Length)
    {
        if (!Enum.TryParse(args[++i], ignoreCase: true, out path) || !Enum.IsDefined(path))
        {
            Console.Error.WriteLine($"Unknown input path '{args[i]}': use code, json or genai.");
            return 2;
        }
    }
    else if (args[i] == "--compression" && i + 1 < args.Length)
    {
        if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out compression) || compression > 9)
        {
            Console.Error.WriteLine($"Unknown compression level '{args[i]}': use a gzip level from 0 to 9.");
            return 2;
        }
    }
    else if (args[i] == "--storage" && i + 1 < args.Length)
    {
        storage = System.IO.Path.GetFullPath(args[++i]);
    }
    else if (args[i] == "--model-ms" && i + 1 < args.Length)
    {
        if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            Console.Error.WriteLine($"Unknown model latency '{args[i]}': use a whole number of milliseconds.");
            return 2;
        }

        modelLatency = TimeSpan.FromMilliseconds(ms);
    }
    else if (args[i] == "--outage")
    {
        outage = true;
    }
    else
    {
        positional.Add(args[i]);
    }
}

var traces = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 5000;
var warmupTraces = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 1000;

// The PostHog events one trace of this path becomes: known for the synthetic traces; for the bridge, what it makes of
// one request, counted through an exporter over a counting client before anything is measured.
var postHogEventsPerTrace = path == InputPath.GenAI ? await CountPostHogEventsOfOneTraceAsync(path) : SyntheticTraces.PostHogEventsPerTrace;

if (outage && storage is null)
{
    Console.Error.WriteLine("--outage needs --storage DIR.");
    return 2;
}

var externalHost = outage ? "http://127.0.0.1:1" : Environment.GetEnvironmentVariable("POSTHOG_HOST");
await using var sink = string.IsNullOrEmpty(externalHost)
    ? await RemoteSink.StartAsync(Math.Max(traces, warmupTraces) * postHogEventsPerTrace)
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
    StorageDirectory = StorageFor("run"),
    ConfigureClient = ConfigureClient,
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
        StorageDirectory = StorageFor("warmup"),
        ConfigureClient = ConfigureClient,
    });
    using var warmupSource = CreateSource(path, warmup, TimeSpan.Zero);
    var sent = 0;
    for (var round = 0; round < 20 && !jitSettled; round++)
    {
        var count = round == 0 ? warmupTraces : Math.Max(1, warmupTraces / 2);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        await warmupSource.ExportAsync(-sent - count, count, start);
        sent += count;

        await warmup.FlushAsync();
        await Task.Delay(250);

        // Settled: a whole round of traffic, and the tiering delay after it, compiled nothing new.
        jitSettled = round > 0 && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled;
    }

    warmupSource.Dispose();
    await warmup.ShutdownAsync();
}

using var source = CreateSource(path, exporter, modelLatency);

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
var exceptions = 0L;
AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
var wall = Stopwatch.StartNew();
var bridgeAllocatedBefore = (source as GenAITraceSource)?.BridgeAllocatedBytes ?? 0;
var bridgeThreadBefore = ThreadCpu.Of(GenAITraceSource.BridgeThreadName);
var (callerTicks, units) = await source.ExportAsync(0, traces, start);
var bridgeAllocated = ((source as GenAITraceSource)?.BridgeAllocatedBytes ?? 0) - bridgeAllocatedBefore;
var bridgeThread = ThreadCpu.Of(GenAITraceSource.BridgeThreadName) - bridgeThreadBefore;

var exportSeconds = wall.Elapsed.TotalSeconds;
source.Dispose();
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
var expected = (long)traces * postHogEventsPerTrace;
var (unit, unitPlural) = path == InputPath.GenAI ? ("activity", "activities") : ("tracing_event", "tracing_events");
var delivered = outage ? 0 : sinkAfter?.UniqueEvents ?? diagnostics.EventsSent;

var result = new Dictionary<string, object?>
{
    ["path"] = path.ToString().ToLowerInvariant(),
    ["model_ms"] = path == InputPath.GenAI ? (int)modelLatency.TotalMilliseconds : null,
    ["compression"] = compression,
    ["traces"] = traces,
    ["warmup_traces"] = warmupTraces,
    ["jit_settled"] = jitSettled,
    [unitPlural + "_in"] = units,
    ["posthog_events_expected"] = expected,
    ["posthog_events_delivered"] = delivered,
    ["duplicates"] = (sinkAfter?.Events ?? delivered) - delivered,
    ["lost"] = expected - delivered,
    ["requests"] = sinkAfter?.Requests ?? diagnostics.Requests,
    ["wire_bytes"] = sinkAfter?.WireBytes ?? 0,
    ["wire_bytes_per_event"] = delivered == 0 ? 0 : Math.Round((sinkAfter?.WireBytes ?? 0) / (double)delivered, 1),
    ["caller_us_per_" + unit] = Math.Round(callerTicks * 1_000_000.0 / Stopwatch.Frequency / units, 3),
    ["export_loop_seconds"] = Math.Round(exportSeconds, 3),
    ["wall_seconds"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
    ["process_cpu_seconds"] = Math.Round(cpuSeconds, 3),
    ["delivered_per_cpu_second"] = Math.Round(delivered / cpuSeconds),
    ["sink_priority"] = sink is null ? null : sink.LowPriority ? "lowest (nice 19)" : "normal",
    ["sink_process_cpu_seconds"] = sinkAfter is null ? null : Math.Round(sinkAfter.CpuSeconds - sinkBefore!.CpuSeconds, 3),
    ["start_working_set_mb"] = Math.Round(startWorkingSet / 1048576.0, 1),
    ["peak_working_set_mb"] = Math.Round(workingSet.PeakBytes / 1048576.0, 1),
    ["process_lifetime_peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
    ["allocated_bytes_per_" + unit] = allocated / units,
    ["bridge_allocated_bytes_per_activity"] = path == InputPath.GenAI ? bridgeAllocated / units : null,
    ["bridge_thread_cpu_us_per_activity"] = path == InputPath.GenAI && bridgeThread is { } bridgeCpu ? Math.Round(bridgeCpu.TotalMilliseconds * 1000 / units, 1) : null,
    ["gc_collections"] = $"{GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}",
    ["gc_pause_ms"] = Math.Round(gcPause.TotalMilliseconds, 1),
    ["jit_methods_during_run"] = jitMethods,
    ["jit_ms_during_run"] = Math.Round(jitTime.TotalMilliseconds, 1),
    ["exceptions_during_run"] = Interlocked.Read(ref exceptions),
    ["client_rejected"] = diagnostics.EventsDroppedQueueFull + diagnostics.EventsRejectedInvalid + diagnostics.EventsDroppedTooLarge,
    ["client_failed"] = diagnostics.EventsFailed + diagnostics.EventsDroppedAfterQueue,
    ["storage"] = storage is null ? "off" : outage ? "outage" : "on",
    ["events_stored"] = diagnostics.EventsStored,
    ["storage_dropped"] = diagnostics.EventsDroppedStorageFull,
    ["storage_bytes_per_event"] = diagnostics.EventsStored == 0 ? 0 : Math.Round(diagnostics.StorageBytes / (double)diagnostics.EventsStored, 1),
};
Console.WriteLine(JsonSerializer.Serialize(result));
return outage ? (diagnostics.EventsStored == expected ? 0 : 1) : delivered == expected ? 0 : 1;

// A fresh subdirectory of --storage for one exporter, or none.
string? StorageFor(string name)
{
    if (storage is null)
    {
        return null;
    }

    var directory = System.IO.Path.Combine(storage, name);
    if (System.IO.Directory.Exists(directory))
    {
        System.IO.Directory.Delete(directory, recursive: true);
    }

    return directory;
}

// In an outage every batch goes to the directory at its first failure, and the directory holds the whole run.
void ConfigureClient(PostHogClientOptions client)
{
    client.CompressionLevel = compression;
    if (outage)
    {
        client.MaxRetries = 0;
        client.MaxStorageBytes = 8L << 30;
    }
}

static ITraceSource CreateSource(InputPath path, PosthogExporter exporter, TimeSpan modelLatency) => path switch
{
    InputPath.Json => new JsonTraceSource(exporter),
    InputPath.GenAI => new GenAITraceSource(exporter, modelLatency),
    _ => new CodeTraceSource(exporter),
};

static async Task<int> CountPostHogEventsOfOneTraceAsync(InputPath path)
{
    var client = new CountingClient();
    var exporter = new PosthogExporter(new PosthogExporterOptions { ApiKey = "phc_load_test_count" }, client);
    using (var source = CreateSource(path, exporter, TimeSpan.Zero))
    {
        await source.ExportAsync(int.MinValue, 1, DateTimeOffset.UtcNow);
    }

    await exporter.ShutdownAsync();
    return client.Events;
}
