using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// Random trace trees whose inputs, outputs, error messages and prompt-bearing attributes (<c>instructions</c>,
/// <c>prompt</c>, <c>messageListMutations</c>) carry unique marker strings, in many shapes: plain strings, message
/// arrays, tool calls, nested dictionaries, lists, JSON nodes and CLR objects. Spans start, may be updated, and end
/// (or are left open, for shutdown to abort); some are event spans. Every marker is recorded with whether an exporter
/// without privacy mode sends it, so a control run proves that the markers are placed where content travels.
/// </summary>
internal sealed class PrivacyFuzzer(int seed)
{
    private static readonly string[] Types =
    [
        "model_generation", "model_step", "model_chunk", "model_inference", "tool_call", "mcp_tool_call", "agent_run",
        "workflow_run", "workflow_step", "processor_run", "generic", "custom_future_type",
    ];

    private readonly Random _random = new(seed);
    private int _marker;

    /// <summary>Every marker placed, and whether it is sent when privacy mode is off.</summary>
    public List<(string Marker, bool SentWithoutPrivacy)> Markers { get; } = [];

    /// <summary>The events of one random trace, in a valid order (parents start before their children).</summary>
    public List<TracingEvent> Trace(string traceId)
    {
        var events = new List<TracingEvent>();
        var rootEnds = _random.Next(5) != 0;
        var root = Span(traceId, traceId + "-root", null, Types[_random.Next(Types.Length)], isRoot: true, isEvent: false, ends: rootEnds);
        events.Add(Spans.Start(root));
        var parents = new List<ExportedSpan> { root };
        var spans = 2 + _random.Next(10);
        for (var i = 0; i < spans; i++)
        {
            var isEvent = _random.Next(8) == 0;
            var ends = isEvent || _random.Next(6) != 0;
            var span = Span(traceId, $"{traceId}-s{i}", parents[_random.Next(parents.Count)].Id, Types[_random.Next(Types.Length)], isRoot: false, isEvent, ends);
            if (isEvent)
            {
                events.Add(Spans.EventSpan(span));
                continue;
            }

            events.Add(Spans.Start(span));
            parents.Add(span);
            if (span.Output is null && _random.Next(2) == 0)
            {
                // An update brings the output; the end (or the abort at shutdown) takes it from the cache.
                var update = span.Clone();
                update.Output = Content(IsGeneration(span.Type.Value), sent: true);
                events.Add(Spans.Update(update));
            }

            if (ends)
            {
                events.Add(Spans.End(span));
            }
        }

        if (rootEnds)
        {
            events.Add(Spans.End(root));
        }

        return events;
    }

    private static bool IsGeneration(string? type) => type is "model_generation" or "model_step";

    /// <summary>
    /// A span full of markers. A span that never ends is aborted at shutdown: its input (cached from the start) is
    /// sent, its own output and error message are not (the abort replaces the error, and the start carries no output).
    /// </summary>
    private ExportedSpan Span(string traceId, string id, string? parentId, string type, bool isRoot, bool isEvent, bool ends)
    {
        var generation = IsGeneration(type);

        // Raw attributes are sent only on $ai_span events: not on generations, not on the $ai_trace of a root.
        var attributesSent = !generation && !(isRoot && !isEvent);
        var span = Spans.Span(id, type, parent: parentId, root: isRoot, traceId: traceId, isEvent: isEvent,
            startMs: _random.Next(1000), endMs: 1000 + _random.Next(1000));
        span.Input = Content(generation, sent: true);
        span.Output = _random.Next(2) == 0 ? Content(generation, sent: ends) : null;
        if (_random.Next(3) == 0)
        {
            span.ErrorInfo = new SpanErrorInfo { Message = Marker("error", sent: ends), Id = "ERR_" + _random.Next(5), Category = "USER" };
        }

        var attributes = new JsonObject
        {
            ["model"] = "gpt-4o",
            ["provider"] = "openai",
            ["usage"] = new JsonObject { ["inputTokens"] = 3, ["outputTokens"] = 4 },
        };
        foreach (var key in new[] { "instructions", "prompt", "messageListMutations" })
        {
            if (_random.Next(2) == 0)
            {
                attributes[key] = _random.Next(3) switch
                {
                    0 => Marker(key, attributesSent),
                    1 => new JsonArray(new JsonObject { ["role"] = "system", ["content"] = Marker(key, attributesSent) }),
                    _ => new JsonObject { ["text"] = Marker(key, attributesSent), ["nested"] = new JsonArray(Marker(key, attributesSent)) },
                };
            }
        }

        span.Attributes = SpanAttributes.Create(span.Type, attributes);
        span.Metadata = new Dictionary<string, object?> { ["userId"] = "user-" + traceId, ["canary"] = "metadata is kept" };
        return span;
    }

    /// <summary>An input or output in one of many shapes, every string in it a marker.</summary>
    private object Content(bool generation, bool sent) => _random.Next(7) switch
    {
        0 => Marker("text", sent),
        1 => new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = Marker("system", sent) },
            new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Marker("user", sent) }) }),
        2 => new Dictionary<string, object?>
        {
            ["messages"] = new List<object?> { new Dictionary<string, object?> { ["role"] = "user", ["content"] = Marker("messages", sent) } },
        },
        3 => new JsonObject
        {
            ["text"] = Marker("answer", sent),
            ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = "c1", ["toolName"] = "search", ["args"] = new JsonObject { ["q"] = Marker("args", sent) } }),
        },
        4 => new Dictionary<string, object?> { ["deep"] = new List<object?> { new Dictionary<string, object?> { ["value"] = Marker("deep", sent) }, 42 } },
        5 => new { Question = Marker("poco", sent), Count = 2 },
        _ => generation ? Marker("plain", sent) : new List<object?> { Marker("list", sent), true },
    };

    private string Marker(string where, bool sent)
    {
        var marker = $"PRIVATE{_marker++:D6}{where.ToUpperInvariant()}";
        Markers.Add((marker, sent));
        return marker;
    }
}
