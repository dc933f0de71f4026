using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Exporter-set properties win over metadata, attributes and tags.</summary>
public sealed class PrecedenceTests
{
    [Fact]
    public async Task A38_A39_section11_spoofing_attempts_are_exactly_the_documented_events()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", attr: """{"model":"gpt-4o"}""",
            meta: """{"$ai_trace_id":"spoof-trace","$ai_model":"spoof","error_message":"meta-err","feature":"chat"}""",
            err: Error("boom", "E1")));
        await h.Life(Span("c", parent: "p",
            attr: """{"$ai_trace_id":"attr-trace","$ai_span_name":"attr-spoof","success":true,"chunk_type":"x"}""",
            meta: """{"$ai_span_id":"meta-spoof","success":false}"""));

        var actual = new JsonArray(h.Events.Select(e => (JsonNode)JsonAssert.ToJson(e)).ToArray());
        JsonAssert.Equal(TestData.Node("s11-precedence.events.json"), actual);
    }

    [Fact]
    public async Task A40_trace_metadata_cannot_spoof_trace_id_or_name()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", root: true, meta: """{"$ai_trace_id":"spoof","$ai_span_name":true,"plan":"pro"}"""));

        JsonAssert.Contains("""{"$ai_trace_id":"t1","$ai_span_name":"test-span","plan":"pro"}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A41_a_tag_named_like_an_exporter_key_is_skipped()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", root: true, tags: ["$ai_is_error", "beta"]));

        JsonAssert.Contains("""{"$ai_is_error":false,"beta":true}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A42_other_ai_keys_from_metadata_pass_through()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", meta: """{"$ai_total_cost_usd":0.5}"""));

        JsonAssert.Contains("""{"$ai_total_cost_usd":0.5}""", h.Single().Properties!);
    }
}
