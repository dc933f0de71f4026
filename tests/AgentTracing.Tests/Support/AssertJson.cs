using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace AgentTracing.Tests.Support;

/// <summary>JSON comparisons that ignore key order and print both sides on failure.</summary>
internal static class AssertJson
{
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            throw new XunitException($"JSON differs.\nExpected: {expected?.ToJsonString() ?? "null"}\nActual:   {actual?.ToJsonString() ?? "null"}");
        }
    }

    public static void Equal(string expectedJson, string actualJson) => Equal(JsonNode.Parse(expectedJson), JsonNode.Parse(actualJson));
}
