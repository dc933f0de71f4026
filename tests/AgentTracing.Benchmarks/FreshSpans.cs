using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentTracing.PostHog;

namespace AgentTracing.Benchmarks;

/// <summary>
/// Gives every benchmark call a span the exporter has not seen: a new span id, and a new trace every 100 calls, so a
/// trace never holds many spans. The exporter copies what it keeps, so re-addressing a span after a call is safe.
/// </summary>
internal sealed class FreshSpans
{
    private const int CallsPerTrace = 100;
    private readonly string[] _ids = Enumerable.Range(0, CallsPerTrace).Select(i => i.ToString("x16", CultureInfo.InvariantCulture)).ToArray();
    private int _call;

    /// <summary>The trace of the latest call.</summary>
    public string TraceId { get; private set; } = "";

    /// <summary>The real exporter and client with default options; the HTTP handler answers at once.</summary>
    public static PosthogExporter CreateExporter() => new(new PosthogExporterOptions
    {
        ApiKey = "phc_benchmark",
        Host = "http://127.0.0.1:9",
        GetEnvironmentVariable = _ => null,
        ConfigureClient = o => o.HttpMessageHandler = new InstantHandler(),
    });

    /// <summary>The first event of <paramref name="type"/> in a synthetic trace (its start, or a chunk), <see cref="Detached"/>.</summary>
    public static TracingEvent FirstOf(List<TracingEvent> trace, SpanType type) => Detached(trace.First(e => e.ExportedSpan.Type == type));

    /// <summary>The last event of <paramref name="type"/> in a synthetic trace (its end), <see cref="Detached"/>.</summary>
    public static TracingEvent LastOf(List<TracingEvent> trace, SpanType type) => Detached(trace.Last(e => e.ExportedSpan.Type == type));

    /// <summary>A copy of a synthetic trace's event whose span has no parent, so no call takes the unknown-parent path.</summary>
    public static TracingEvent Detached(TracingEvent e)
    {
        var span = e.ExportedSpan.Clone();
        span.ParentSpanId = null;
        return new TracingEvent { Type = e.Type, ExportedSpan = span };
    }

    /// <summary>The next span id (and, every 100 calls, a new <see cref="TraceId"/>).</summary>
    public string NextId()
    {
        var n = _call++;
        if (n % CallsPerTrace == 0)
        {
            TraceId = (n / CallsPerTrace).ToString("x32", CultureInfo.InvariantCulture);
        }

        return _ids[n % CallsPerTrace];
    }

    /// <summary>Re-addresses <paramref name="e"/> to <paramref name="id"/> in the current trace.</summary>
    public TracingEvent Address(TracingEvent e, string id)
    {
        e.ExportedSpan.Id = id;
        e.ExportedSpan.TraceId = TraceId;
        return e;
    }
}
