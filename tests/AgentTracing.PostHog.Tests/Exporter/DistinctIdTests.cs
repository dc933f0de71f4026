using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>The distinct id of each event: the span's user, else the trace's, else the default; numeric user ids are converted to strings.</summary>
public sealed class DistinctIdTests
{
    [Fact]
    public async Task A43_user_id_of_the_span()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("r", root: true, meta: """{"userId":"user-123"}"""));

        Assert.Equal("user-123", h.Single().DistinctId);
    }

    [Fact]
    public async Task A44_A45_numeric_trace_user_is_inherited_and_a_span_user_overrides()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", root: true, meta: """{"userId":12345}""")));
        await h.Life(Span("c", parent: "r"));
        await h.Life(Span("c2", parent: "r", meta: """{"userId":"override"}"""));
        await h.Send(End(Span("r", root: true)));

        Assert.Equal("12345", h.EventFor("c").DistinctId);
        Assert.Equal("override", h.EventFor("c2").DistinctId);
        Assert.Equal("12345", h.Events[^1].DistinctId);
        Assert.Equal("$ai_trace", h.Events[^1].EventName);
    }

    [Fact]
    public async Task A46_default_distinct_id()
    {
        await using var h = new ExporterHarness(o => o.DefaultDistinctId = "system");

        await h.Life(Span("c", parent: "p"));

        Assert.Equal("system", h.Single().DistinctId);
    }

    [Theory]
    [InlineData("""{"userId":""}""", "", "anonymous")]
    [InlineData("""{"userId":0}""", null, "0")]
    [InlineData("""{"userId":true}""", null, "anonymous")]
    [InlineData("""{"userId":1.5}""", null, "1.5")]
    [InlineData("""{"userId":{"id":1}}""", "fallback", "fallback")]
    public async Task A47_A48_A49_user_id_conversion(string meta, string? defaultDistinctId, string expected)
    {
        await using var h = new ExporterHarness(o => o.DefaultDistinctId = defaultDistinctId);

        await h.Life(Span("c", parent: "p", meta: meta));

        Assert.Equal(expected, h.Single().DistinctId);
    }

    [Fact]
    public async Task The_trace_user_is_learned_from_updates_and_ends_too()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("a", parent: "p")), End(Span("a", parent: "p", meta: """{"userId":"late"}""")));
        await h.Life(Span("b", parent: "p"));

        Assert.Equal("late", h.EventFor("b").DistinctId);
    }

    [Fact]
    public async Task A_clr_number_user_id_is_converted_too()
    {
        await using var h = new ExporterHarness();
        var span = Span("c", parent: "p");
        span.Metadata = new System.Collections.Generic.Dictionary<string, object?> { ["userId"] = 42L, ["sessionId"] = 7 };

        await h.Life(span);

        Assert.Equal("42", h.Single().DistinctId);
        Assert.Equal("7", (string?)h.Single().Properties!["$ai_session_id"]);
    }
}
