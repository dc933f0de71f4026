using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Privacy mode leaves content (inputs, outputs, messages) out.</summary>
public sealed class PrivacyTests
{
    private const string Tools = """{"model":"gpt-4o","provider":"openai","usage":{"inputTokens":10,"outputTokens":5},"tools":[{"type":"function","name":"get_weather","description":"Get the weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""";

    private static Task FailedGeneration(ExporterHarness h) => h.Send(
        Start(Span("g", "model_generation", parent: "p", attr: Tools, input: "secret prompt", meta: """{"$ai_input":"sneaky"}""")),
        End(Span("g", "model_generation", parent: "p", attr: Tools, output: "secret answer", meta: """{"$ai_input":"sneaky"}""",
            err: Error("secret in error", "RATE_LIMIT", "THIRD_PARTY"))));

    [Fact]
    public async Task A33_failed_generation_in_privacy_mode_is_exactly_the_documented_event()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await FailedGeneration(h);

        JsonAssert.Equal(TestData.Node("s10-privacy-generation.event.json"), JsonAssert.ToJson(h.Single()));
    }

    [Fact]
    public async Task A34_tool_input_and_output_are_left_out()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await h.Life(Span("t", "tool_call", parent: "p", input: Json("""{"q":1}"""), output: Json("""{"r":2}""")));

        JsonAssert.Lacks(h.Single().Properties!, "$ai_input_state", "$ai_output_state");
    }

    [Fact]
    public async Task A35_prompt_bearing_attributes_are_left_out_other_attributes_kept()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await h.Life(Span("a", "agent_run", parent: "p", attr: """{"instructions":"secret","maxSteps":3}""", meta: """{"prompt":"also secret"}"""));

        var props = h.Single().Properties!;
        JsonAssert.Contains("""{"maxSteps":3}""", props);
        JsonAssert.Lacks(props, "instructions", "prompt");
    }

    [Fact]
    public async Task A36_failed_root_in_privacy_mode_keeps_error_id_and_category_only()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await h.Life(Span("r", root: true, input: "secret", output: "secret", err: Error("Agent failed", "AGENT_ERROR", "EXECUTION")));

        JsonAssert.Equal(TestData.Node("s10-privacy-trace.event.json"), JsonAssert.ToJson(h.Single()));
    }

    [Fact]
    public async Task A37_without_privacy_mode_content_and_error_message_are_sent_and_metadata_cannot_spoof_them()
    {
        await using var h = new ExporterHarness();

        await FailedGeneration(h);

        var props = h.Single().Properties!;
        JsonAssert.Contains("""
            {"$ai_input":[{"role":"user","content":[{"type":"text","text":"secret prompt"}]}],
             "$ai_output_choices":[{"role":"assistant","content":[{"type":"text","text":"secret answer"}]}],
             "error_message":"secret in error"}
            """, props);
    }
}
