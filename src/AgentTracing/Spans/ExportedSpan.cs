using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>A snapshot of one span. Immutable by convention: producers build a new snapshot for every event.</summary>
[JsonConverter(typeof(ExportedSpanConverter))]
public sealed class ExportedSpan
{
    /// <summary>The span id, unique within the trace (16 lowercase hex characters in practice).</summary>
    public string Id { get; set; } = "";

    /// <summary>The trace id (32 lowercase hex characters in practice).</summary>
    public string TraceId { get; set; } = "";

    /// <summary>The parent span's id; absent for a root span.</summary>
    public string? ParentSpanId { get; set; }

    /// <summary>The display name, for example <c>"llm: 'gpt-4o-mini'"</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the span represents.</summary>
    public SpanType Type { get; set; }

    /// <summary>For example <c>"agent"</c> or <c>"tool"</c>. Ignored by the exporter.</summary>
    public string? EntityType { get; set; }

    /// <summary>Ignored by the exporter.</summary>
    public string? EntityId { get; set; }

    /// <summary>Ignored by the exporter.</summary>
    public string? EntityName { get; set; }

    /// <summary>When the span started.</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>When the span ended; event spans often carry none.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Type-specific attributes; the class follows <see cref="Type"/> (see <see cref="SpanAttributes.Create"/>).</summary>
    public SpanAttributes? Attributes { get; set; }

    /// <summary>User and producer metadata: <c>userId</c>, <c>sessionId</c>, <c>$groups</c> and custom keys.</summary>
    public IDictionary<string, object?>? Metadata { get; set; }

    /// <summary>Tags; producers set them on root spans only.</summary>
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>Any JSON value, or any CLR value that serialises to one.</summary>
    public object? Input { get; set; }

    /// <summary>Any JSON value, or any CLR value that serialises to one.</summary>
    public object? Output { get; set; }

    /// <summary>Present when the span failed.</summary>
    public SpanErrorInfo? ErrorInfo { get; set; }

    /// <summary>Marks a point-in-time span with no duration.</summary>
    public bool IsEvent { get; set; }

    /// <summary>Marks the top span of a trace.</summary>
    public bool IsRootSpan { get; set; }

    /// <summary>Newer producers only. Ignored by the exporter.</summary>
    public object? RequestContext { get; set; }

    /// <summary>Newer producers only. Ignored by the exporter.</summary>
    public string? ExternalParentSpanId { get; set; }

    /// <summary>Newer producers only. Ignored by the exporter.</summary>
    public bool? IsInternal { get; set; }

    /// <summary>Unknown keys, kept and written back.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <summary>A shallow copy: the same attributes, metadata, input and output objects.</summary>
    /// <returns>The copy.</returns>
    public ExportedSpan Clone() => (ExportedSpan)MemberwiseClone();

    /// <inheritdoc />
    public override string ToString() => $"{Type} '{Name}' ({TraceId}/{Id})";
}
