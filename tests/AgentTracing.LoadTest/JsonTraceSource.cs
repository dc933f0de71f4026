using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AgentTracing.PostHog;

namespace AgentTracing.LoadTest;

/// <summary>
/// The synthetic traces as JSON lines, as a recorded trace or another runtime delivers them: each line is read with
/// <see cref="TracingJson.Options"/> and exported. The caller's cost is reading the line plus the export call.
/// </summary>
/// <remarks>
/// The lines arrive as bytes, written by someone else: the JSON of the 97 users' traces is written once, and each trace
/// is a copy of one of them with its own trace id, so that writing JSON is not counted as this process's work.
/// </remarks>
internal sealed class JsonTraceSource : ITraceSource
{
    private const int Templates = 97;
    private static readonly byte[] TraceIdKey = Encoding.UTF8.GetBytes("\"traceId\":\"");
    private readonly List<byte[]>?[] _templates = new List<byte[]>?[Templates];
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
        Task.FromResult(Export(this, firstTrace, traces, start));

    /// <summary>The JSON lines of trace <paramref name="traceIndex"/>: its user's template with the trace's own id.</summary>
    private List<byte[]> Received(int traceIndex, DateTimeOffset start)
    {
        var user = ((traceIndex % Templates) + Templates) % Templates;
        var template = _templates[user] ??= Lines(user, start);
        var traceId = Encoding.UTF8.GetBytes(traceIndex.ToString("x32", CultureInfo.InvariantCulture));
        var lines = new List<byte[]>(template.Count);
        foreach (var line in template)
        {
            var copy = (byte[])line.Clone();
            var at = copy.AsSpan().IndexOf(TraceIdKey) + TraceIdKey.Length;
            traceId.CopyTo(copy.AsSpan(at));
            lines.Add(copy);
        }

        return lines;
    }

    public void Dispose()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long CallerTicks, long Units) Export(JsonTraceSource source, int firstTrace, int traces, DateTimeOffset start)
    {
        var exporter = source._exporter;
        var callerTicks = 0L;
        var tracingEvents = 0L;
        for (var i = 0; i < traces; i++)
        {
            // Each trace's lines arrive just before they are read (not timed).
            foreach (var line in source.Received(firstTrace + i, start))
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
