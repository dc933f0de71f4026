using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AgentTracing;

namespace AgentTracing.PostHog.Tests.Support;

/// <summary>
/// Builds spans and events in a compact notation with these defaults:
/// trace <c>t1</c>, name <c>test-span</c>, type <c>generic</c>, start T0, end T0 + 1 s unless stated otherwise.
/// </summary>
internal static class Spans
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Parses a JSON value, as the deserialiser would hand it to the exporter.</summary>
    public static JsonNode? Json(string json) => JsonNode.Parse(json);

    public static ExportedSpan Span(
        string id,
        string type = "generic",
        string? parent = null,
        bool root = false,
        string? meta = null,
        string? attr = null,
        object? input = null,
        object? output = null,
        SpanErrorInfo? err = null,
        string[]? tags = null,
        int startMs = 0,
        int? endMs = 1000,
        bool isEvent = false,
        string traceId = "t1",
        string name = "test-span")
    {
        var spanType = new SpanType(type);
        return new ExportedSpan
        {
            Id = id,
            TraceId = traceId,
            ParentSpanId = parent,
            Name = name,
            Type = spanType,
            StartTime = T0.AddMilliseconds(startMs),
            EndTime = endMs is null ? null : T0.AddMilliseconds(endMs.Value),
            Attributes = attr is null ? null : SpanAttributes.Create(spanType, (JsonObject)JsonNode.Parse(attr)!),
            Metadata = meta is null ? null : Dictionary(meta),
            Tags = tags,
            Input = input,
            Output = output,
            ErrorInfo = err,
            IsEvent = isEvent,
            IsRootSpan = root,
        };
    }

    public static Dictionary<string, object?> Dictionary(string json) =>
        ((JsonObject)JsonNode.Parse(json)!).ToDictionary(pair => pair.Key, pair => (object?)pair.Value?.DeepClone());

    /// <summary><c>S(x)</c>: the snapshot without <c>output</c> and <c>endTime</c>.</summary>
    public static TracingEvent Start(ExportedSpan span)
    {
        var snapshot = span.Clone();
        snapshot.Output = null;
        snapshot.EndTime = null;
        return new TracingEvent { Type = TracingEventType.SpanStarted, ExportedSpan = snapshot };
    }

    /// <summary><c>U(x)</c>: the snapshot as given, without <c>endTime</c>.</summary>
    public static TracingEvent Update(ExportedSpan span)
    {
        var snapshot = span.Clone();
        snapshot.EndTime = null;
        return new TracingEvent { Type = TracingEventType.SpanUpdated, ExportedSpan = snapshot };
    }

    /// <summary><c>E(x)</c>: the snapshot without <c>input</c>, unless <paramref name="keepInput"/>.</summary>
    public static TracingEvent End(ExportedSpan span, bool keepInput = false)
    {
        var snapshot = span.Clone();
        if (!keepInput)
        {
            snapshot.Input = null;
        }

        return new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = snapshot };
    }

    /// <summary><c>V(x)</c>: an event span (no <c>endTime</c>) delivered once as <c>span_ended</c>.</summary>
    public static TracingEvent EventSpan(ExportedSpan span)
    {
        var snapshot = span.Clone();
        snapshot.IsEvent = true;
        snapshot.EndTime = null;
        return new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = snapshot };
    }

    public static SpanErrorInfo Error(string message, string? id = null, string? category = null, string? domain = null) =>
        new() { Message = message, Id = id, Category = category, Domain = domain };

    public static IEnumerable<TracingEvent> Life(ExportedSpan span) => [Start(span), End(span)];
}
