using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Serialisation never throws and long strings are truncated.</summary>
public sealed class SerialisationSafetyTests
{
    private sealed class ThrowingGetter
    {
        public string Fine => "ok";

        public string Broken => throw new InvalidOperationException("getter failed");
    }

    [Fact]
    public async Task A81_section17_example_cycle_stream_and_long_string()
    {
        await using var h = new ExporterHarness();
        var input = new Dictionary<string, object?>();
        input["self"] = input;
        using var file = new MemoryStream();
        var output = new Dictionary<string, object?> { ["file"] = file, ["log"] = new string('x', 300_000) };

        await h.Life(Span("c", "tool_call", parent: "p", name: "tool: 'upload'", input: input, output: output));

        var expected = $$$$"""
            {"event":"$ai_span","distinct_id":"anonymous","timestamp":"2025-01-01T00:00:01.000Z",
             "properties":{"$ai_trace_id":"t1","$ai_latency":1,"$ai_is_error":false,"$ai_parent_id":"p","$ai_span_id":"c","$ai_span_name":"tool: 'upload'",
              "$ai_input_state":"[Non-serializable Dictionary]",
              "$ai_output_state":{"file":"[Non-serializable MemoryStream]","log":"{{{{new string('x', 200_000)}}}}... [truncated]"}}}
            """;
        JsonAssert.Equal(expected, JsonAssert.ToJson(h.Single()));
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Debug && l.Message.Contains("could not be serialised", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A82_a_NaN_temperature_becomes_a_placeholder_and_the_event_is_sent()
    {
        await using var h = new ExporterHarness();
        var span = Span("g", "model_generation", parent: "p");
        span.Attributes = new AgentTracing.ModelGenerationAttributes { Parameters = new AgentTracing.ModelParameters { Temperature = double.NaN } };

        await h.Life(span);

        Assert.Equal("[Non-serializable Double]", (string?)h.Single().Properties!["$ai_temperature"]);
    }

    [Fact]
    public async Task A83_a_poco_whose_getter_throws_becomes_a_placeholder_message()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("g", "model_generation", parent: "p", input: new ThrowingGetter())), End(Span("g", "model_generation", parent: "p")));

        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"[Non-serializable ThrowingGetter]"}]}]""", h.Single().Properties!["$ai_input"]);
    }

    [Fact]
    public async Task A84_a_300000_byte_output_is_truncated_to_200000_bytes_plus_the_marker()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", output: new string('a', 300_000)));

        var text = (string)h.Single().Properties!["$ai_output_choices"]![0]!["content"]![0]!["text"]!;
        Assert.Equal(new string('a', 200_000) + "... [truncated]", text);
    }

    [Fact]
    public async Task A85_multibyte_text_is_cut_on_a_character_boundary()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", output: new string('€', 100_000)));

        var text = (string)h.Single().Properties!["$ai_output_state"]!;
        Assert.Equal(new string('€', 66_666) + "... [truncated]", text);
        Assert.Equal(199_998 + 15, Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public async Task A_surrogate_pair_is_never_split()
    {
        await using var h = new ExporterHarness();
        var emoji = "🌧";
        var value = new StringBuilder().Insert(0, emoji, 50_001).ToString();

        await h.Life(Span("c", parent: "p", output: value));

        var text = (string)h.Single().Properties!["$ai_output_state"]!;
        Assert.Equal(new StringBuilder().Insert(0, emoji, 50_000) + "... [truncated]", text);
    }

    [Fact]
    public async Task Long_strings_nested_in_metadata_names_and_tags_are_truncated_too()
    {
        await using var h = new ExporterHarness();
        var huge = new string('n', 250_000);

        await h.Life(Span("r", root: true, name: huge, meta: $$$"""{"deep":{"list":["{{{huge}}}"]}}"""));

        var props = h.Single().Properties!;
        Assert.EndsWith("... [truncated]", (string)props["$ai_span_name"]!, StringComparison.Ordinal);
        Assert.EndsWith("... [truncated]", (string)props["deep"]!["list"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_objects_changed_after_export_do_not_change_the_event()
    {
        await using var h = new ExporterHarness();
        var output = new Dictionary<string, object?> { ["n"] = 1 };

        await h.Life(Span("c", parent: "p", output: output));
        output["n"] = 2;

        JsonAssert.Contains("""{"$ai_output_state":{"n":1}}""", h.Single().Properties!);
    }

    [Fact]
    public async Task Non_serializable_members_are_replaced_and_the_rest_kept()
    {
        await using var h = new ExporterHarness();
        var output = new { name = "x", callback = (Action)(() => { }), type = typeof(string), score = double.PositiveInfinity, token = System.Threading.CancellationToken.None };

        await h.Life(Span("c", parent: "p", output: output));

        JsonAssert.Contains("""
            {"$ai_output_state":{"name":"x","callback":"[Non-serializable Action]","type":"[Non-serializable RuntimeType]","score":"[Non-serializable Double]","token":"[Non-serializable CancellationToken]"}}
            """, h.Single().Properties!);
    }
}
