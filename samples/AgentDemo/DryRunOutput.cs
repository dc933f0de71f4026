using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentTracing.PostHog;

namespace AgentDemo;

/// <summary>Prints what a dry run would have sent: every PostHog event as indented JSON, then the trace tree.</summary>
internal static class DryRunOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print(IReadOnlyList<PostHogEvent> events, string heading, string closing)
    {
        Console.WriteLine($"{heading} These {events.Count} events would be sent to PostHog:\n");
        foreach (var evt in events)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                @event = evt.EventName,
                distinct_id = evt.DistinctId,
                timestamp = evt.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                properties = evt.Properties,
            }, Indented));
        }

        Console.WriteLine("\nThe trace tree PostHog builds from $ai_parent_id:\n");
        Console.WriteLine(TraceTreePrinter.Render(events));
        Console.WriteLine(closing);
    }
}
