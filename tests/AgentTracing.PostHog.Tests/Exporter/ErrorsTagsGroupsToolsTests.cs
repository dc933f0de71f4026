using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>How errors, tags, groups and tools become event properties.</summary>
public sealed class ErrorsTagsGroupsToolsTests
{
    [Fact]
    public async Task A50_span_error_sends_message_id_and_category_but_never_domain_or_details()
    {
        await using var h = new ExporterHarness();
        var error = Error("Tool execution failed", "TOOL_ERROR", "EXECUTION", "TOOL");
        error.Details = Dictionary("""{"x":1}""");

        await h.Life(Span("c", "tool_call", parent: "p", err: error));

        var props = h.Single().Properties!;
        JsonAssert.Contains("""{"$ai_is_error":true,"error_message":"Tool execution failed","error_id":"TOOL_ERROR","error_category":"EXECUTION"}""", props);
        JsonAssert.Lacks(props, "domain", "details", "error_domain", "error_details");
    }

    /// <summary>
    /// PostHog turns <c>$ai_error</c> into a string with <c>String(x)</c> and groups errors by it
    /// (<c>processAiErrorNormalization</c>, nodejs/src/ingestion/ai/errors/index.ts): an object would show as
    /// <c>"[object Object]"</c>. The trace's error is the message; id and category stay custom properties.
    /// </summary>
    [Fact]
    public async Task A51_trace_error_is_the_message_as_a_string()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", "agent_run", root: true, err: Error("Agent failed", "AGENT_ERROR", "EXECUTION")));

        JsonAssert.Contains("""{"$ai_is_error":true,"$ai_error":"Agent failed","error_id":"AGENT_ERROR","error_category":"EXECUTION"}""", h.Single().Properties!);
    }

    /// <summary>The same reading (<c>processAiErrorNormalization</c>) for generations and spans: without <c>$ai_error</c> PostHog shows no error text.</summary>
    [Theory]
    [InlineData("model_generation", "$ai_generation")]
    [InlineData("model_step", "$ai_generation")]
    [InlineData("tool_call", "$ai_span")]
    public async Task Every_failed_span_carries_its_message_in_ai_error(string type, string eventName)
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", "agent_run", root: true)));
        await h.Life(Span("c", type, parent: "r", err: Error("Rate limited by provider", "RATE_LIMIT", "THIRD_PARTY")));

        var e = h.EventFor("c");
        Assert.Equal(eventName, e.EventName);
        JsonAssert.Contains("""{"$ai_is_error":true,"$ai_error":"Rate limited by provider","error_message":"Rate limited by provider","error_id":"RATE_LIMIT","error_category":"THIRD_PARTY"}""", e.Properties!);
    }

    /// <summary>In privacy mode the message is content: <c>$ai_error</c> is the error id, else the category, else <c>"error"</c>, so grouping still works.</summary>
    [Theory]
    [InlineData("RATE_LIMIT", "THIRD_PARTY", "RATE_LIMIT")]
    [InlineData(null, "THIRD_PARTY", "THIRD_PARTY")]
    [InlineData(null, null, "error")]
    public async Task Privacy_mode_sends_the_error_id_or_category_never_the_text(string? id, string? category, string expected)
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await h.Send(Start(Span("r", "agent_run", root: true)));
        await h.Life(Span("c", "model_generation", parent: "r", err: Error("secret user text", id, category)));
        await h.Send(End(Span("r", "agent_run", root: true, err: Error("secret root text", id, category))));

        Assert.All(h.Events, e => Assert.Equal(expected, (string?)e.Properties!["$ai_error"]));
        Assert.All(h.Events, e => Assert.DoesNotContain("secret", e.Properties!.ToJsonString(), System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task A52_empty_error_id_and_missing_category_are_left_out()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", err: Error("x", "")));

        var props = h.Single().Properties!;
        JsonAssert.Contains("""{"error_message":"x"}""", props);
        JsonAssert.Lacks(props, "error_id", "error_category");
    }

    [Fact]
    public async Task A53_tags_on_non_root_spans_are_ignored()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", root: true));
        await h.Life(Span("c", "tool_call", parent: "r", tags: ["should-not-appear"]));

        JsonAssert.Lacks(h.PropsFor("c"), "should-not-appear");
    }

    [Fact]
    public async Task Duplicate_and_empty_tags_give_one_property_each()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", root: true, tags: ["a", "a", ""]));

        var props = h.Single().Properties!;
        JsonAssert.Contains("""{"a":true}""", props);
        JsonAssert.Lacks(props, "");
    }

    [Fact]
    public async Task A54_groups_object_passes_through()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", meta: """{"$groups":{"company":"acme"}}"""));

        JsonAssert.Contains("""{"$groups":{"company":"acme"}}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A55_groups_of_another_kind_is_dropped()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", meta: """{"$groups":["bad"]}"""));

        JsonAssert.Lacks(h.Single().Properties!, "$groups");
    }

    [Fact]
    public async Task A56_function_tools_are_reshaped_and_provider_tools_kept()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", attr: """
            {"tools":[{"type":"function","name":"get_weather","description":"Get the weather for a city","id":"dropped","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                      {"type":"provider-defined","name":"web_search","id":"anthropic.web_search_20250305"}]}
            """));

        JsonAssert.Equal("""
            [{"type":"function","function":{"name":"get_weather","description":"Get the weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
             {"type":"provider-defined","name":"web_search","id":"anthropic.web_search_20250305"}]
            """, h.Single().Properties!["$ai_tools"]);
    }

    /// <summary>
    /// Each tool value is converted on its own, so a value that cannot be sent becomes its placeholder alone and the
    /// rest of the event stays valid JSON: PostHog's ingestion parses the properties to move <c>$ai_tools</c> to its
    /// AI event store (<c>maybeStripAiProperties</c>, nodejs/src/ingestion/ai split-ai-events step).
    /// </summary>
    [Fact]
    public async Task A56b_a_tool_value_that_cannot_be_sent_becomes_its_placeholder_alone()
    {
        await using var h = new ExporterHarness();
        var span = Span("g", "model_generation", parent: "p", attr: """{"tools":[]}""", meta: """{"after":"tools"}""", err: new SpanErrorInfo { Message = "boom" });
        span.Attributes!.Json["tools"] = new JsonArray(
            new JsonObject { ["type"] = "function", ["name"] = "get_\ud800weather", ["parameters"] = new JsonObject { ["scale"] = JsonValue.Create(double.NaN) } },
            new JsonObject { ["type"] = "function", ["description"] = null },
            new JsonObject { ["type"] = "provider-defined", ["weight"] = JsonValue.Create(double.PositiveInfinity) });

        await h.Life(span);

        var props = h.Single().Properties!;
        JsonAssert.Equal("""
            [{"type":"function","function":{"name":"get_\uFFFDweather","parameters":{"scale":"[Non-serializable Double]"}}},
             {"type":"function","function":{"description":null}},
             {"type":"provider-defined","weight":"[Non-serializable Double]"}]
            """, props["$ai_tools"]);
        Assert.Equal("boom", (string?)props["$ai_error"]);
        Assert.Equal("tools", (string?)props["after"]);
    }

    [Fact]
    public async Task A57_an_empty_tool_list_sends_no_tools()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", attr: """{"tools":[]}"""));

        JsonAssert.Lacks(h.Single().Properties!, "$ai_tools");
    }

    [Fact]
    public async Task A58_zero_and_false_parameters_are_kept()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", attr: """{"parameters":{"temperature":0,"maxOutputTokens":0},"streaming":false}"""));

        JsonAssert.Contains("""{"$ai_temperature":0,"$ai_max_tokens":0,"$ai_stream":false}""", h.Single().Properties!);
    }
}
