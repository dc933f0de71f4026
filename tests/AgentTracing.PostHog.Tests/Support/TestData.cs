using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing;

namespace AgentTracing.PostHog.Tests.Support;

/// <summary>The spec's JSON examples, copied verbatim into TestData/.</summary>
internal static class TestData
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static JsonNode Node(string name) => JsonNode.Parse(Text(name))!;

    /// <summary>A recorded stream of tracing events, read with the model's own JSON options.</summary>
    public static List<TracingEvent> Stream(string name) =>
        Node(name).AsArray().Select(e => JsonSerializer.Deserialize<TracingEvent>(e!.ToJsonString(), TracingJson.Options)!).ToList();
}
