using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Steps inherit model details from their generation, and tokens are counted once, not again on the parent.</summary>
public sealed class StepAndTokenTests
{
    private const string GenerationAttributes = """
        {"model":"gpt-4o","provider":"openai","streaming":true,"parameters":{"temperature":0.7,"maxOutputTokens":512},
         "tools":[{"type":"function","name":"get_weather","description":"Get the weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                  {"type":"provider-defined","name":"web_search","id":"anthropic.web_search_20250305"}]}
        """;

    private static async Task<ExporterHarness> Section6(string stepAttributes = """{"stepIndex":0,"usage":{"inputTokens":100,"outputTokens":20}}""")
    {
        var h = new ExporterHarness();
        await h.Send(Start(Span("r", root: true)), Start(Span("g", "model_generation", parent: "r", attr: GenerationAttributes)));
        await h.Life(Span("s", "model_step", parent: "g", startMs: 200, endMs: 1500, attr: stepAttributes,
            input: Json("""[{"role":"user","content":"Weather in Paris?"}]"""),
            output: Json("""{"text":"","toolCalls":[{"toolCallId":"call_1","toolName":"get_weather","args":{"city":"Paris"}}]}""")));
        return h;
    }

    [Fact]
    public async Task Section6_step_event_is_exactly_the_documented_generation()
    {
        await using var h = await Section6();

        // Start(s) drops output and End(s) drops input; the merged snapshot has both.
        JsonAssert.Equal(TestData.Node("s6-step-inherits.event.json"), JsonAssert.ToJson(h.Single()));
    }

    [Fact]
    public async Task A12_step_inherits_model_provider_parameters_stream_and_tools()
    {
        await using var h = await Section6();

        var e = h.Single();
        Assert.Equal("$ai_generation", e.EventName);
        JsonAssert.Contains("""
            {"$ai_generation_id":"s","$ai_parent_id":"g","$ai_model":"gpt-4o","$ai_provider":"openai","$ai_temperature":0.7,
             "$ai_max_tokens":512,"$ai_stream":true,"$ai_input_tokens":100,"$ai_output_tokens":20}
            """, e.Properties!);
        Assert.Equal(2, e.Properties!["$ai_tools"]!.AsArray().Count);
    }

    [Fact]
    public async Task A13_step_own_model_and_streaming_win_provider_is_inherited()
    {
        await using var h = await Section6("""{"model":"gpt-4o-mini","streaming":false,"usage":{"inputTokens":100,"outputTokens":20}}""");

        JsonAssert.Contains("""{"$ai_model":"gpt-4o-mini","$ai_stream":false,"$ai_provider":"openai"}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A14_step_without_a_known_generation_gets_unknown_model_and_provider()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("s", "model_step", parent: "r", attr: """{"usage":{"inputTokens":7}}"""));

        var props = h.Single().Properties!;
        JsonAssert.Contains("""{"$ai_model":"unknown-model","$ai_provider":"unknown-provider","$ai_input_tokens":7}""", props);
        JsonAssert.Lacks(props, "$ai_temperature", "$ai_tools", "$ai_output_tokens");
    }

    private static async Task<ExporterHarness> Section7(string stepAttributes)
    {
        var h = new ExporterHarness();
        await h.Send(
            Start(Span("r", root: true)),
            Start(Span("g", "model_generation", parent: "r", startMs: 100, endMs: 4000,
                attr: """{"model":"gpt-4o","provider":"openai","usage":{"inputTokens":300,"outputTokens":60,"inputDetails":{"cacheRead":100}}}""",
                input: "Weather?")));
        await h.Life(Span("s", "model_step", parent: "g", startMs: 200, endMs: 1500, attr: stepAttributes));
        await h.Send(End(Span("g", "model_generation", parent: "r", startMs: 100, endMs: 4000,
            attr: """{"model":"gpt-4o","provider":"openai","usage":{"inputTokens":300,"outputTokens":60,"inputDetails":{"cacheRead":100}}}""",
            output: "Sunny.")));
        return h;
    }

    [Fact]
    public async Task A15_step_carries_its_tokens_and_the_generation_what_its_steps_left()
    {
        await using var h = await Section7("""{"usage":{"inputTokens":100,"outputTokens":20}}""");

        var actual = new JsonArray(h.Events.Select(e => (JsonNode)JsonAssert.ToJson(e)).ToArray());
        JsonAssert.Equal(TestData.Node("s7-step-usage.events.json"), actual);
    }

    [Fact]
    public async Task A16_generation_keeps_its_usage_when_no_step_reported_any()
    {
        await using var h = await Section7("""{"stepIndex":0}""");

        var actual = new JsonArray(h.Events.Select(e => (JsonNode)JsonAssert.ToJson(e)).ToArray());
        JsonAssert.Equal(TestData.Node("s7-no-step-usage.events.json"), actual);
    }

    [Fact]
    public async Task A17_generation_without_steps_carries_its_usage()
    {
        await using var h = new ExporterHarness();
        var g = Span("g", "model_generation", parent: "r");

        await h.Send(Start(g), End(Span("g", "model_generation", parent: "r", attr: """{"usage":{"inputTokens":200,"outputTokens":40}}""")));

        JsonAssert.Contains("""{"$ai_input_tokens":200,"$ai_output_tokens":40}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A18_an_empty_step_usage_does_not_count()
    {
        await using var h = await Section7("""{"usage":{}}""");

        JsonAssert.Contains("""{"$ai_input_tokens":300,"$ai_cache_read_input_tokens":100,"$ai_output_tokens":60}""", h.PropsFor("g"));
    }

    [Fact]
    public async Task A19_a_deep_descendant_step_with_usage_counts()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("g", "model_generation", parent: "r")), Start(Span("x", parent: "g")));
        await h.Life(Span("s", "model_step", parent: "x", attr: """{"usage":{"inputTokens":1,"outputTokens":1}}"""));
        await h.Send(End(Span("x", parent: "g")), End(Span("g", "model_generation", parent: "r", attr: """{"usage":{"inputTokens":1,"outputTokens":1}}""")));

        JsonAssert.Lacks(h.PropsFor("g"), UsageProperties.TokenKeys);
    }

    [Fact]
    public async Task A20_withheld_token_keys_cannot_come_back_through_metadata()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("g", "model_generation", parent: "r", meta: """{"$ai_input_tokens":999}""")));
        await h.Life(Span("s", "model_step", parent: "g", attr: """{"usage":{"inputTokens":100,"outputTokens":20}}"""));
        await h.Send(End(Span("g", "model_generation", parent: "r", meta: """{"$ai_input_tokens":999}""", attr: """{"usage":{"inputTokens":100,"outputTokens":20}}""")));

        JsonAssert.Lacks(h.PropsFor("g"), UsageProperties.TokenKeys);
    }

    [Fact]
    public async Task Token_totals_over_the_trace_equal_the_provider_calls()
    {
        await using var h = new ExporterHarness();

        await h.Send(TestData.Stream("worked-example.stream.json"));

        var generations = h.Events.Where(e => e.EventName == "$ai_generation").ToList();
        Assert.Equal(230, generations.Sum(e => (long?)e.Properties!["$ai_input_tokens"] ?? 0));
        Assert.Equal(32, generations.Sum(e => (long?)e.Properties!["$ai_output_tokens"] ?? 0));
    }
}
