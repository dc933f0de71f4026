using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>The lifecycle moment a <see cref="TracingEvent"/> reports. JSON: <c>"span_started"</c>, <c>"span_updated"</c>, <c>"span_ended"</c>.</summary>
[JsonConverter(typeof(TracingEventTypeConverter))]
public enum TracingEventType
{
    /// <summary>The span began. The snapshot has no <c>endTime</c>.</summary>
    SpanStarted,

    /// <summary>The span changed while running; the snapshot is its full current state.</summary>
    SpanUpdated,

    /// <summary>The span finished. The snapshot carries <c>endTime</c> (event spans excepted) and <c>output</c>.</summary>
    SpanEnded,
}
