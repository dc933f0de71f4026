using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>Reads the PostHog events of a trace as PostHog's trace view does, and checks the tree they form.</summary>
internal static class PostHogTree
{
    public static string Event(JsonObject e) => (string)e["event"]!;

    public static JsonObject Props(JsonObject e) => e["properties"]!.AsObject();

    public static string? Prop(JsonObject e, string key) => Props(e)[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Number(JsonObject e, string key) => Props(e)[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public static IReadOnlyList<JsonObject> OfKind(IEnumerable<JsonObject> events, string name) => events.Where(e => Event(e) == name).ToList();

    /// <summary>A node's id in PostHog: <c>$ai_generation_id</c>, else <c>$ai_span_id</c>.</summary>
    public static string? NodeId(JsonObject e) => Prop(e, "$ai_generation_id") ?? Prop(e, "$ai_span_id");

    /// <summary>
    /// Every event belongs to one trace; every <c>$ai_parent_id</c> is the trace id or the id of a node that was sent;
    /// node ids are unique. Returns the trace id.
    /// </summary>
    public static string AssertOneTreeWithoutOrphans(IReadOnlyList<JsonObject> events)
    {
        Assert.NotEmpty(events);
        var traceIds = events.Select(e => Prop(e, "$ai_trace_id")).Distinct().ToList();
        var traceId = Assert.Single(traceIds);
        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        var nodes = events.Where(e => Event(e) is "$ai_generation" or "$ai_span").Select(NodeId).ToList();
        Assert.All(nodes, id => Assert.Matches("^[0-9a-f]{16}$", id));
        Assert.Equal(nodes.Count, nodes.Distinct().Count());
        var known = new HashSet<string>(nodes!, StringComparer.Ordinal) { traceId! };
        foreach (var e in events)
        {
            if (Prop(e, "$ai_parent_id") is { } parent)
            {
                Assert.True(known.Contains(parent), $"orphan: {Event(e)} {NodeId(e)} points at {parent}, which was never sent");
            }
        }

        return traceId!;
    }

    /// <summary>Sums <c>$ai_input_tokens</c> and <c>$ai_output_tokens</c> over every event, as PostHog's trace totals do.</summary>
    public static (long Input, long Output) TokenTotals(IEnumerable<JsonObject> events)
    {
        long input = 0, output = 0;
        foreach (var e in events)
        {
            input += Number(e, "$ai_input_tokens") ?? 0;
            output += Number(e, "$ai_output_tokens") ?? 0;
        }

        return (input, output);
    }

    public static bool HasAnyContent(JsonObject e) =>
        Props(e).ContainsKey("$ai_input") || Props(e).ContainsKey("$ai_output_choices")
        || Props(e).ContainsKey("$ai_input_state") || Props(e).ContainsKey("$ai_output_state");
}
