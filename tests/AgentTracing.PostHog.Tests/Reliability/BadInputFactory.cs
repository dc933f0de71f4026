using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// Generates malformed tracing input, each piece under the root of a well-formed trace that is still open. Every
/// piece causes exactly one occurrence of one kind of log line (<see cref="LogEventId"/>), so the counts in the
/// rate-limited lines can be checked exactly.
/// </summary>
internal sealed class BadInputFactory
{
    /// <summary>10 MB of text: one instance, shared by every event that carries it.</summary>
    public static readonly string TenMegabytes = new('x', 10 * 1024 * 1024);

    private static readonly JsonNode DeepNode = Deep(10_000);
    private static readonly Dictionary<string, object?> DeepDictionaryValue = DeepDictionary(10_000);
    private static readonly Dictionary<string, object?> AtDepthLimit = DeepDictionary(65);
    private int _next;

    /// <summary>The log line (event id) each kind is reported with.</summary>
    public static int LogEventId(BadInputKind kind) => kind switch
    {
        BadInputKind.NullEvent or BadInputKind.NullSpan or BadInputKind.NullSpanId or BadInputKind.EmptySpanId
            or BadInputKind.NullTraceId or BadInputKind.EmptyTraceId => 8,
        BadInputKind.CyclicDictionary or BadInputKind.CyclicList or BadInputKind.CyclicObjectGraph
            or BadInputKind.DeepJsonNode or BadInputKind.DeepDictionary or BadInputKind.GenerationInputAtDepthLimit => 18,
        BadInputKind.EndWithoutStart => 24,
        BadInputKind.EndBeforeStart => 25,
        BadInputKind.DuplicateStart or BadInputKind.DuplicateEnd or BadInputKind.DuplicateEventSpan => 26,
        BadInputKind.ParentNeverArrives => 27,
        BadInputKind.NaNAndInfinity => 28,
        BadInputKind.TenMegabyteString => 29,
        BadInputKind.LoneSurrogate or BadInputKind.LoneSurrogateInParsedJson => 30,
        BadInputKind.WrongAttributeTypes => 31,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One malformed input of <paramref name="kind"/> under the root <paramref name="rootId"/> of trace <paramref name="traceId"/>.</summary>
    public BadInput Create(BadInputKind kind, string traceId, string rootId)
    {
        var id = $"bad-{kind}-{_next++}";
        ExportedSpan Child(string type = "generic", object? input = null, object? output = null, string? attr = null, string? parent = null, int startMs = 100, int endMs = 200) =>
            Spans.Span(id, type, parent: parent ?? rootId, traceId: traceId, input: input, output: output, attr: attr, startMs: startMs, endMs: endMs);
        BadInput Life(ExportedSpan span, bool arrives = true) => new(kind, [Spans.Start(span), Spans.End(span, keepInput: true)], id, arrives);
        TracingEvent Ended(ExportedSpan span) => new() { Type = TracingEventType.SpanEnded, ExportedSpan = span };

        switch (kind)
        {
            case BadInputKind.NullEvent:
                return new(kind, [null], null, false);
            case BadInputKind.NullSpan:
                return new(kind, [new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = null! }], null, false);
            case BadInputKind.NullSpanId:
                return new(kind, [Ended(WithIds(Child(), null!, traceId))], null, false);
            case BadInputKind.EmptySpanId:
                return new(kind, [Ended(WithIds(Child(), "", traceId))], null, false);
            case BadInputKind.NullTraceId:
                return new(kind, [Ended(WithIds(Child(), id, null!))], null, false);
            case BadInputKind.EmptyTraceId:
                return new(kind, [Ended(WithIds(Child(), id, ""))], null, false);
            case BadInputKind.EndWithoutStart:
                return new(kind, [Spans.End(Child())], id, true);
            case BadInputKind.EndBeforeStart:
                return Life(Child(startMs: 5_000, endMs: 1_000));
            case BadInputKind.DuplicateStart:
            {
                var span = Child();
                return new(kind, [Spans.Start(span), Spans.Start(span), Spans.End(span)], id, true);
            }

            case BadInputKind.DuplicateEnd:
            {
                var span = Child();
                return new(kind, [Spans.Start(span), Spans.End(span), Spans.End(span)], id, true);
            }

            case BadInputKind.DuplicateEventSpan:
            {
                var span = Child("model_chunk");
                return new(kind, [Spans.EventSpan(span), Spans.EventSpan(span)], id, true);
            }

            case BadInputKind.ParentNeverArrives:
                return Life(Child(parent: "ghost-of-" + id));
            case BadInputKind.CyclicDictionary:
            {
                var cycle = new Dictionary<string, object?> { ["name"] = "loop" };
                cycle["self"] = cycle;
                return Life(Child(input: cycle));
            }

            case BadInputKind.CyclicList:
            {
                var cycle = new List<object?> { 1 };
                cycle.Add(cycle);
                return Life(Child(output: cycle));
            }

            case BadInputKind.CyclicObjectGraph:
            {
                // A span whose input is the span itself: the serializer walks the cycle until the depth limit.
                var span = Child();
                span.Input = span;
                return Life(span);
            }

            case BadInputKind.TenMegabyteString:
                return Life(Child(input: TenMegabytes));
            case BadInputKind.NaNAndInfinity:
                return Life(Child(output: new Dictionary<string, object?> { ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity, ["ninf"] = float.NegativeInfinity }));
            case BadInputKind.LoneSurrogate:
                return Life(Child(input: "cut emoji \uD83D", output: new Dictionary<string, object?> { ["reversed"] = "\uDE00\uD83D" }));
            case BadInputKind.LoneSurrogateInParsedJson:
            {
                // As a JavaScript producer writes a string cut inside an emoji: valid JSON, invalid UTF-16.
                var json = $$$$"""
                    {"type":"span_ended","exportedSpan":{"id":"{{{{id}}}}","traceId":"{{{{traceId}}}}","parentSpanId":"{{{{rootId}}}}","name":"parsed",
                     "type":"generic","startTime":"2025-01-01T00:00:00.100Z","endTime":"2025-01-01T00:00:00.200Z",
                     "input":{"text":"cut \ud83d","list":["\udc00"]},"metadata":{"note":"lone \ud83d"},"attributes":{"note":"\udc00 low"}}}
                    """;
                var span = JsonSerializer.Deserialize<TracingEvent>(json, TracingJson.Options)!.ExportedSpan;
                return Life(span);
            }

            case BadInputKind.DeepJsonNode:
                return Life(Child(input: DeepNode));
            case BadInputKind.DeepDictionary:
                return Life(Child(output: DeepDictionaryValue));
            case BadInputKind.GenerationInputAtDepthLimit:
                // 65 nested objects convert (the limit is 64 levels below the top) and must still be sent.
                return Life(Child("model_generation", input: new Dictionary<string, object?> { ["deep"] = DeepNode }, output: AtDepthLimit));
            case BadInputKind.WrongAttributeTypes:
                return Life(Child("model_generation", attr: """{"model":42,"provider":["openai"],"usage":"many","parameters":[0.5],"streaming":"yes","tools":"none"}"""));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static ExportedSpan WithIds(ExportedSpan span, string id, string traceId)
    {
        span.Id = id;
        span.TraceId = traceId;
        return span;
    }

    private static JsonNode Deep(int depth)
    {
        var root = new JsonObject();
        var current = root;
        for (var i = 1; i < depth; i++)
        {
            var next = new JsonObject();
            current["next"] = next;
            current = next;
        }

        return root;
    }

    private static Dictionary<string, object?> DeepDictionary(int depth)
    {
        var root = new Dictionary<string, object?>();
        var current = root;
        for (var i = 1; i < depth; i++)
        {
            var next = new Dictionary<string, object?>();
            current["next"] = next;
            current = next;
        }

        return root;
    }
}
