using System;
using System.Threading.Tasks;

namespace AgentTracing.LoadTest;

/// <summary>One input path, bound to one exporter: produces traces and hands them to it, timing the caller's side.</summary>
internal interface ITraceSource : IDisposable
{
    /// <summary>
    /// Produces and exports <paramref name="traces"/> traces numbered from <paramref name="firstTrace"/>. Returns the
    /// Stopwatch ticks the caller spent in the exporter (or the bridge) and the number of units those ticks are
    /// spread over: tracing events, or activities for the GenAI path.
    /// </summary>
    Task<(long CallerTicks, long Units)> ExportAsync(int firstTrace, int traces, DateTimeOffset start);
}
