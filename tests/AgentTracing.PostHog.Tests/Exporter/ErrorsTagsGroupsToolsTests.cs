using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>R10: errors, tags, groups and tools (acceptance examples 50–58, §14.3–§14.6).</summary>
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

    [Fact]
    public async Task A51_trace_error_is_an_ai_error_object()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", "agent_run", root: true, err: Error("Agent failed", "AGENT_ERROR", "EXECUTION")));

        JsonAssert.Contains("""{"$ai_is_error":true,"$ai_error":{"message":"Agent failed","id":"AGENT_ERROR","category":"EXECUTION"}}""", h.Single().Properties!);
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
