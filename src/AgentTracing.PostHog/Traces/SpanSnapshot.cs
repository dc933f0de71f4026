using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// A span as the exporter caches it: the start snapshot merged with every update and, once ended, with the end
/// snapshot. The cached instance is merged into in place, under the trace's lock; an event span, never cached,
/// borrows a per-thread instance for the time it takes to build its event (<see cref="RentForEvent"/>).
/// </summary>
internal sealed class SpanSnapshot
{
    /// <summary>What a returned event snapshot is filled with, so that it holds none of the producer's objects.</summary>
    private static readonly ExportedSpan Empty = new();

    [ThreadStatic]
    private static SpanSnapshot? t_eventSnapshot;

    public string Id { get; private set; } = "";

    public string TraceId { get; private set; } = "";

    public string? ParentSpanId { get; private set; }

    public string Name { get; private set; } = "";

    public SpanType Type { get; private set; }

    public DateTimeOffset StartTime { get; private set; }

    public DateTimeOffset? EndTime { get; private set; }

    public AttributeSet Attributes { get; private set; }

    public IDictionary<string, object?>? Metadata { get; private set; }

    public IReadOnlyList<string>? Tags { get; private set; }

    public object? Input { get; private set; }

    public object? Output { get; private set; }

    public SpanErrorInfo? ErrorInfo { get; private set; }

    public bool IsEvent { get; private set; }

    public bool IsRootSpan { get; private set; }

    /// <summary>The span type's JSON string; <c>default</c> counts as <c>"generic"</c>.</summary>
    public string TypeName => Type.Value ?? "generic";

    public static SpanSnapshot From(ExportedSpan span)
    {
        var snapshot = new SpanSnapshot();
        snapshot.Fill(span);
        return snapshot;
    }

    /// <summary>
    /// The snapshot of an event span, which is built into an event at once and never cached: this thread's instance,
    /// or a new one when it is in use (a nested call). Give it back with <see cref="ReturnForEvent"/>.
    /// </summary>
    public static SpanSnapshot RentForEvent(ExportedSpan span)
    {
        var snapshot = t_eventSnapshot ?? new SpanSnapshot();
        t_eventSnapshot = null;
        snapshot.Fill(span);
        return snapshot;
    }

    /// <summary>Gives back a snapshot from <see cref="RentForEvent"/>, without keeping the producer's objects alive.</summary>
    public static void ReturnForEvent(SpanSnapshot snapshot)
    {
        snapshot.Fill(Empty);
        t_eventSnapshot = snapshot;
    }

    /// <summary>
    /// In place: ids, type and flags from <paramref name="incoming"/>; attributes and metadata merged per key
    /// (non-null incoming values win); every other field from <paramref name="incoming"/> when non-empty, else kept.
    /// </summary>
    public void MergeFrom(ExportedSpan incoming)
    {
        Id = incoming.Id;
        TraceId = incoming.TraceId;
        Type = incoming.Type;
        IsEvent = incoming.IsEvent;
        IsRootSpan = incoming.IsRootSpan;
        Attributes = AttributeSet.Merge(Attributes, incoming.Attributes);
        Metadata = MergeMetadata(Metadata, incoming.Metadata);
        ParentSpanId = string.IsNullOrEmpty(incoming.ParentSpanId) ? ParentSpanId : incoming.ParentSpanId;
        Name = string.IsNullOrEmpty(incoming.Name) ? Name : incoming.Name!;
        StartTime = incoming.StartTime == default ? StartTime : incoming.StartTime;
        EndTime = incoming.EndTime ?? EndTime;
        Tags = incoming.Tags ?? Tags;
        Input = JsonTruthiness.IsEmpty(incoming.Input) ? Input : incoming.Input;
        Output = JsonTruthiness.IsEmpty(incoming.Output) ? Output : incoming.Output;
        ErrorInfo = incoming.ErrorInfo ?? ErrorInfo;
    }

    /// <summary>Lets go of the caller's objects: input, output, metadata, tags and, except on a generation, attributes.</summary>
    public void Compact()
    {
        Input = null;
        Output = null;
        Metadata = null;
        Tags = null;
        if (Type != SpanType.ModelGeneration)
        {
            Attributes = default;
        }
    }

    /// <summary>Replaces the span's error (an abort ends it as failed).</summary>
    public void SetError(SpanErrorInfo error) => ErrorInfo = error;

    private void Fill(ExportedSpan span)
    {
        Id = span.Id;
        TraceId = span.TraceId;
        ParentSpanId = span.ParentSpanId;
        Name = span.Name ?? "";
        Type = span.Type;
        StartTime = span.StartTime;
        EndTime = span.EndTime;
        Attributes = AttributeSet.From(span.Attributes);
        Metadata = span.Metadata;
        Tags = span.Tags;
        Input = span.Input;
        Output = span.Output;
        ErrorInfo = span.ErrorInfo;
        IsEvent = span.IsEvent;
        IsRootSpan = span.IsRootSpan;
    }

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

        // An end read from JSON repeats its start's metadata in a dictionary of its own: taken as it is, no copy.
        if (SameKeysInOrder(cached, incoming))
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

    /// <summary>
    /// Whether <paramref name="incoming"/> has exactly the keys of <paramref name="cached"/>, in the same order, each with
    /// a value: merging would then give a copy of it. Only plain ordinal dictionaries are compared (their struct enumerators
    /// allocate nothing); any other kind is merged.
    /// </summary>
    private static bool SameKeysInOrder(IDictionary<string, object?> cached, IDictionary<string, object?> incoming)
    {
        if (cached is not Dictionary<string, object?> left || incoming is not Dictionary<string, object?> right || left.Count != right.Count
            || !IsOrdinal(right.Comparer))
        {
            return false;
        }

        var other = right.GetEnumerator();
        foreach (var pair in left)
        {
            if (!other.MoveNext() || !string.Equals(pair.Key, other.Current.Key, StringComparison.Ordinal) || other.Current.Value is null)
            {
                return false;
            }
        }

        return true;
    }

    // A merged copy looks keys up ordinally; a dictionary that ignores case would find other keys.
    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, EqualityComparer<string>.Default) || ReferenceEquals(comparer, StringComparer.Ordinal);
}
