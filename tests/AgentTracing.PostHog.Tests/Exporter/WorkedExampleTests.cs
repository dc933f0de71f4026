using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>The worked example: Example 1 of the tracing model, with Example 2 inserted, gives exactly six events.</summary>
public sealed class WorkedExampleTests
{
    [Fact]
    public async Task Replaying_the_recorded_stream_produces_exactly_the_six_documented_events_in_order()
    {
        await using var harness = new ExporterHarness();

        await harness.Send(TestData.Stream("worked-example.stream.json"));

        var actual = new JsonArray(harness.Events.Select(e => (JsonNode)JsonAssert.ToJson(e)).ToArray());
        JsonAssert.Equal(TestData.Node("worked-example.events.json"), actual);
    }

    [Fact]
    public async Task Property_order_follows_the_documented_order()
    {
        await using var harness = new ExporterHarness();

        await harness.Send(TestData.Stream("worked-example.stream.json"));

        var expected = TestData.Node("worked-example.events.json").AsArray();
        for (var i = 0; i < expected.Count; i++)
        {
            var expectedKeys = expected[i]!["properties"]!.AsObject().Select(p => p.Key);
            var actualKeys = harness.Events[i].Properties!.Select(p => p.Key);
            Assert.Equal(expectedKeys, actualKeys);
        }
    }

    [Fact]
    public async Task The_feedback_of_example_3_becomes_the_documented_ai_feedback_event()
    {
        await using var harness = new ExporterHarness();
        var feedback = JsonSerializer.Deserialize<FeedbackEvent>(TestData.Text("example3-feedback.json"), TracingJson.Options)!;

        await harness.Exporter.ExportFeedbackAsync(feedback);

        JsonAssert.Equal(TestData.Node("s15-feedback.event.json"), JsonAssert.ToJson(harness.Single()));
    }
}
