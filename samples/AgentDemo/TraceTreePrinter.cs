using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AgentTracing.PostHog;

namespace AgentDemo;

/// <summary>
/// Prints the trace tree the way PostHog's LLM-analytics UI builds it: a node's id is <c>$ai_generation_id</c>, else
/// <c>$ai_span_id</c> (the trace's is its trace id), and its parent is <c>$ai_parent_id</c>, else <c>$ai_trace_id</c>.
/// </summary>
internal static class TraceTreePrinter
{
    public static string Render(IEnumerable<PostHogEvent> events)
    {
        var output = new StringBuilder();
        foreach (var trace in events.Where(e => e.EventName != "$ai_feedback").GroupBy(e => (string)e.Properties!["$ai_trace_id"]!))
        {
            var children = trace.Where(e => e.EventName != "$ai_trace")
                .ToLookup(e => (string?)e.Properties!["$ai_parent_id"] ?? trace.Key);
            var root = trace.FirstOrDefault(e => e.EventName == "$ai_trace");
            output.AppendLine(CultureInfo.InvariantCulture, $"trace {trace.Key}");
            if (root is not null)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"└─ {Describe(root, children, trace.Key)}");
            }

            Append(output, children, trace.Key, "   ");
            var orphans = trace.Where(e => e.EventName != "$ai_trace" && !IsReachable(e, children, trace.Key)).ToList();
            foreach (var orphan in orphans)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"   (orphan) {Describe(orphan, children, trace.Key)}");
            }
        }

        foreach (var feedback in events.Where(e => e.EventName == "$ai_feedback"))
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"feedback on trace {feedback.Properties!["$ai_trace_id"]}: {feedback.Properties["feedback_type"]} = {feedback.Properties["feedback_value"]} (\"{feedback.Properties["$ai_feedback_text"]}\")");
        }

        return output.ToString();
    }

    private static void Append(StringBuilder output, ILookup<string, PostHogEvent> children, string parentId, string indent)
    {
        var list = children[parentId].ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var last = i == list.Count - 1;
            output.AppendLine(CultureInfo.InvariantCulture, $"{indent}{(last ? "└─" : "├─")} {Describe(list[i], children, parentId)}");
            Append(output, children, NodeId(list[i]), indent + (last ? "   " : "│  "));
        }
    }

    private static bool IsReachable(PostHogEvent e, ILookup<string, PostHogEvent> children, string traceId)
    {
        var parent = (string?)e.Properties!["$ai_parent_id"] ?? traceId;
        return parent == traceId || children.SelectMany(g => g).Any(other => NodeId(other) == parent);
    }

    private static string NodeId(PostHogEvent e) =>
        (string?)e.Properties!["$ai_generation_id"] ?? (string?)e.Properties["$ai_span_id"] ?? (string)e.Properties["$ai_trace_id"]!;

    private static string Describe(PostHogEvent e, ILookup<string, PostHogEvent> children, string parentId)
    {
        var p = e.Properties!;
        var name = e.EventName == "$ai_generation"
            ? $"{p["$ai_model"]} ({p["$ai_provider"]})"
            : (string?)p["$ai_span_name"] ?? "";
        var text = new StringBuilder($"{name}  [{e.EventName}");
        if (p["$ai_latency"] is { } latency)
        {
            text.Append(CultureInfo.InvariantCulture, $", {(double)latency:0.###} s");
        }

        if (p["$ai_input_tokens"] is { } input)
        {
            text.Append(CultureInfo.InvariantCulture, $", tokens in {input} / out {p["$ai_output_tokens"]}");
            if (p["$ai_cache_read_input_tokens"] is { } cached)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({cached} of them cached)");
            }
        }

        if ((bool?)p["$ai_is_error"] == true)
        {
            text.Append(CultureInfo.InvariantCulture, $", ERROR: {p["$ai_error"]}");
        }

        return text.Append(']').ToString();
    }
}
