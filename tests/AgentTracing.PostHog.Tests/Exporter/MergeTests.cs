using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Updates are merged and end snapshots fall back to cached data.</summary>
public sealed class MergeTests
{
    [Fact]
    public async Task A21_section8_update_and_end_are_merged_into_the_documented_event()
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("g", "model_generation", parent: "p", input: "from start")),
            Update(Span("g", "model_generation", parent: "p", attr: """{"model":"gpt-4o","provider":"openai"}""")),
            End(Span("g", "model_generation", parent: "p", attr: """{"usage":{"inputTokens":10,"outputTokens":5}}""", output: "out")));

        JsonAssert.Equal(TestData.Node("s8-merge.event.json"), JsonAssert.ToJson(h.Single()));
    }

    [Fact]
    public async Task A22_a_non_empty_end_value_wins()
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("d", parent: "p", input: Json("""{"a":"start"}"""))),
            End(Span("d", parent: "p", input: Json("""{"a":"end-wins"}"""), output: Json("""{"b":2}""")), keepInput: true));

        JsonAssert.Contains("""{"$ai_input_state":{"a":"end-wins"},"$ai_output_state":{"b":2}}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A23_an_update_emits_nothing()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("c", parent: "p")), Update(Span("c", parent: "p", input: "x")));

        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task A24_an_update_of_a_span_never_started_is_cached_like_a_start()
    {
        await using var h = new ExporterHarness();

        await h.Send(Update(Span("c", parent: "p", input: "x")), End(Span("c", parent: "p")));

        JsonAssert.Contains("""{"$ai_input_state":"x"}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A25_attributes_merge_per_key_and_the_end_wins_per_key()
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("g", "model_generation", parent: "p", attr: """{"model":"a","usage":{"inputTokens":1,"outputTokens":1}}""")),
            End(Span("g", "model_generation", parent: "p", attr: """{"usage":{"inputTokens":2,"outputTokens":2}}""")));

        JsonAssert.Contains("""{"$ai_model":"a","$ai_input_tokens":2,"$ai_output_tokens":2}""", h.Single().Properties!);
    }

    [Fact]
    public async Task A26_step_input_from_an_update_and_user_from_the_start()
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("s", "model_step", parent: "g", meta: """{"userId":"u"}""")),
            Update(Span("s", "model_step", parent: "g", input: Json("""[{"role":"user","content":"hi"}]"""))),
            End(Span("s", "model_step", parent: "g", output: Json("""{"text":"yo"}"""))));

        var e = h.Single();
        Assert.Equal("u", e.DistinctId);
        JsonAssert.Contains("""{"$ai_input":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", e.Properties!);
    }

    [Fact]
    public async Task Metadata_merges_per_key_and_a_null_value_does_not_erase()
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("c", parent: "p", meta: """{"a":1,"b":2}""")),
            End(Span("c", parent: "p", meta: """{"b":3,"a":null,"c":4}""")));

        JsonAssert.Contains("""{"a":1,"b":3,"c":4}""", h.Single().Properties!);
    }

    [Theory]
    [InlineData("""{"a":5,"b":6,"c":7}""", "a,b,c")]
    [InlineData("""{"b":6,"a":5,"c":7}""", "a,b,c")]
    [InlineData("""{"a":5,"c":7}""", "a,b,c")]
    public async Task An_end_snapshot_with_its_own_copy_of_the_metadata_keeps_the_start_order_and_takes_the_end_values(string endMeta, string order)
    {
        // Each snapshot read from JSON carries its own metadata dictionary: the merge must give the same keys, in the
        // same order on the wire, as when the snapshots share one.
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("c", parent: "p", meta: """{"a":1,"b":2}""")),
            End(Span("c", parent: "p", meta: endMeta)));

        var properties = h.Single().Properties!;
        var keys = string.Join(",", properties.Select(p => p.Key).Where(k => k.Length == 1));
        Assert.Equal(order, keys);
        Assert.Equal(5, (int?)properties["a"]);
        Assert.Equal(endMeta.Contains("\"b\"", System.StringComparison.Ordinal) ? 6 : 2, (int?)properties["b"]);
        Assert.Equal(7, (int?)properties["c"]);
    }

    [Theory]
    [InlineData("""{"a":5,"b":6}""", 5, 6)]
    [InlineData("""{"a":null,"b":6}""", 1, 6)]
    [InlineData("""{"b":6,"a":5}""", 5, 6)]
    public async Task An_end_repeating_the_start_keys_takes_its_values_in_the_start_order(string endMeta, int a, int b)
    {
        // The common case of snapshots read from JSON: the end repeats the start's keys. When they come in the same
        // order, each with a value, the end's dictionary is used as it is; otherwise it is merged. Same result either way.
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("c", parent: "p", meta: """{"a":1,"b":2}""")),
            End(Span("c", parent: "p", meta: endMeta)));

        var properties = h.Single().Properties!;
        Assert.Equal("a,b", string.Join(",", properties.Select(p => p.Key).Where(k => k.Length == 1)));
        Assert.Equal(a, (int?)properties["a"]);
        Assert.Equal(b, (int?)properties["b"]);
    }
}
