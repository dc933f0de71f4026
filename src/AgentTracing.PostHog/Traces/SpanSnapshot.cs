using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// A span as the exporter caches it: the start snapshot merged with every update and, once ended, with the end
/// snapshot (R4). Built fresh for each event; never mutated after it is cached.
/// </summary>
internal sealed class SpanSnapshot
{
    public string Id { get; private init; } = "";

    public string TraceId { get; private init; } = "";

    public string? ParentSpanId { get; private init; }

    public string Name { get; private init; } = "";

    public SpanType Type { get; private init; }

    public DateTimeOffset StartTime { get; private init; }

    public DateTimeOffset? EndTime { get; private init; }

    public AttributeSet Attributes { get; private init; }

    public IDictionary<string, object?>? Metadata { get; private init; }

    public IReadOnlyList<string>? Tags { get; private init; }

    public object? Input { get; private init; }

    public object? Output { get; private init; }

    public SpanErrorInfo? ErrorInfo { get; private init; }

    public bool IsEvent { get; private init; }

    public bool IsRootSpan { get; private init; }

    /// <summary>The span type's JSON string; <c>default</c> counts as <c>"generic"</c>.</summary>
    public string TypeName => Type.Value ?? "generic";

    public static SpanSnapshot From(ExportedSpan span) => new()
    {
        Id = span.Id,
        TraceId = span.TraceId,
        ParentSpanId = span.ParentSpanId,
        Name = span.Name ?? "",
        Type = span.Type,
        StartTime = span.StartTime,
        EndTime = span.EndTime,
        Attributes = AttributeSet.From(span.Attributes),
        Metadata = span.Metadata,
        Tags = span.Tags,
        Input = span.Input,
        Output = span.Output,
        ErrorInfo = span.ErrorInfo,
        IsEvent = span.IsEvent,
        IsRootSpan = span.IsRootSpan,
    };

    /// <summary>
    /// R4: ids, type and flags from <paramref name="incoming"/>; attributes and metadata merged per key (non-null
    /// incoming values win); every other field from <paramref name="incoming"/> when non-empty, else kept.
    /// </summary>
    public static SpanSnapshot Merge(SpanSnapshot cached, ExportedSpan incoming) => new()
    {
        Id = incoming.Id,
        TraceId = incoming.TraceId,
        Type = incoming.Type,
        IsEvent = incoming.IsEvent,
        IsRootSpan = incoming.IsRootSpan,
        Attributes = AttributeSet.Merge(cached.Attributes, incoming.Attributes),
        Metadata = MergeMetadata(cached.Metadata, incoming.Metadata),
        ParentSpanId = string.IsNullOrEmpty(incoming.ParentSpanId) ? cached.ParentSpanId : incoming.ParentSpanId,
        Name = string.IsNullOrEmpty(incoming.Name) ? cached.Name : incoming.Name,
        StartTime = incoming.StartTime == default ? cached.StartTime : incoming.StartTime,
        EndTime = incoming.EndTime ?? cached.EndTime,
        Tags = incoming.Tags ?? cached.Tags,
        Input = JsonTruthiness.IsEmpty(incoming.Input) ? cached.Input : incoming.Input,
        Output = JsonTruthiness.IsEmpty(incoming.Output) ? cached.Output : incoming.Output,
        ErrorInfo = incoming.ErrorInfo ?? cached.ErrorInfo,
    };

    /// <summary>The same snapshot with <paramref name="error"/> in place of its error (aborts).</summary>
    public SpanSnapshot WithError(SpanErrorInfo error) => new()
    {
        Id = Id,
        TraceId = TraceId,
        ParentSpanId = ParentSpanId,
        Name = Name,
        Type = Type,
        StartTime = StartTime,
        EndTime = EndTime,
        Attributes = Attributes,
        Metadata = Metadata,
        Tags = Tags,
        Input = Input,
        Output = Output,
        ErrorInfo = error,
        IsEvent = IsEvent,
        IsRootSpan = IsRootSpan,
    };

    private static IDictionary<string, object?>? MergeMetadata(IDictionary<string, object?>? cached, IDictionary<string, object?>? incoming)
    {
        if (incoming is null || incoming.Count == 0)
        {
            return cached;
        }

        // Producers share one metadata dictionary across a span's snapshots; merging it with itself changes nothing.
        if (cached is null || cached.Count == 0 || ReferenceEquals(cached, incoming))
        {
            return incoming;
        }

        var merged = new Dictionary<string, object?>(cached);
        foreach (var pair in incoming)
        {
            if (pair.Value is not null)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        return merged;
    }
}
