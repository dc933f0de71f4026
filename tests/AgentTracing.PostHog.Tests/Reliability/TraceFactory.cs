using System;
using System.Collections.Generic;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>Well-formed traces for the reliability tests, and a seeded interleaving of many of them.</summary>
internal static class TraceFactory
{
    private static readonly string[] ChildTypes = ["model_generation", "tool_call", "model_chunk", "workflow_step", "processor_run", "generic"];

    /// <summary>The id of child <paramref name="index"/> of a trace (<c>-1</c> for the root).</summary>
    public static string SpanId(string traceId, int index) => index < 0 ? traceId + "-root" : traceId + "-c" + index;

    /// <summary>
    /// The events of one trace: the root agent run starts, then each of <paramref name="children"/> children (of varied
    /// types, under the root) starts and ends, then the root ends. It becomes <paramref name="children"/> + 1 PostHog events.
    /// </summary>
    public static List<TracingEvent> Trace(string traceId, int children, string? input = null, string? output = null)
    {
        var events = new List<TracingEvent>(2 * (children + 1));
        var root = Spans.Span(SpanId(traceId, -1), "agent_run", root: true, traceId: traceId, input: input, output: output,
            meta: "{\"userId\":\"user-" + traceId + "\"}");
        events.Add(Spans.Start(root));
        for (var i = 0; i < children; i++)
        {
            var type = ChildTypes[i % ChildTypes.Length];
            var attributes = type == "model_generation" ? "{\"model\":\"gpt-4o\",\"provider\":\"openai\",\"usage\":{\"inputTokens\":10,\"outputTokens\":5}}" : null;
            var child = Spans.Span(SpanId(traceId, i), type, parent: root.Id, traceId: traceId, attr: attributes, input: input, output: output,
                startMs: 10 * i, endMs: (10 * i) + 5);
            events.Add(Spans.Start(child));
            events.Add(Spans.End(child));
        }

        events.Add(Spans.End(root));
        return events;
    }

    /// <summary>
    /// Interleaves the events of <paramref name="traces"/>: at most <paramref name="window"/> traces are open at once,
    /// and the next event comes from a random open trace. Each trace's own events keep their order.
    /// </summary>
    public static IEnumerable<TracingEvent> Interleave(IReadOnlyList<List<TracingEvent>> traces, Random random, int window)
    {
        var open = new List<(List<TracingEvent> Events, int Next)>();
        var nextTrace = 0;
        while (open.Count > 0 || nextTrace < traces.Count)
        {
            while (open.Count < window && nextTrace < traces.Count)
            {
                open.Add((traces[nextTrace++], 0));
            }

            var pick = random.Next(open.Count);
            var (events, next) = open[pick];
            yield return events[next];
            if (next + 1 == events.Count)
            {
                open[pick] = open[^1];
                open.RemoveAt(open.Count - 1);
            }
            else
            {
                open[pick] = (events, next + 1);
            }
        }
    }
}
