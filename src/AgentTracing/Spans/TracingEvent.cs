using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>One lifecycle notification about one span.</summary>
[JsonConverter(typeof(TracingEventConverter))]
public sealed class TracingEvent
{
    /// <summary>What happened to the span.</summary>
    public TracingEventType Type { get; set; }

    /// <summary>A full snapshot of the span at the moment of the event.</summary>
    public ExportedSpan ExportedSpan { get; set; } = null!;

    /// <summary>Unknown keys, kept and written back.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {ExportedSpan}";
}
