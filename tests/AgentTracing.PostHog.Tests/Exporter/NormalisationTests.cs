using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Generation input and output are normalised into PostHog's message form.</summary>
public sealed class NormalisationTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "N1", "\"Hello, world!\"", """[{"role":"ROLE","content":[{"type":"text","text":"Hello, world!"}]}]""" },
        { "N2", """[{"role":"user","content":"What is 2+2?"}]""", """[{"role":"user","content":[{"type":"text","text":"What is 2+2?"}]}]""" },
        { "N3", """[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image","image":"url"}]}]""", """[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image","image":"url"}]}]""" },
        { "N4", """{"messages":[{"role":"system","content":"sys"},{"role":"user","content":"u"}]}""", """[{"role":"system","content":[{"type":"text","text":"sys"}]},{"role":"user","content":[{"type":"text","text":"u"}]}]""" },
        { "N5", "[]", "[]" },
        { "N6", """{"messages":[]}""", "[]" },
        { "N7", """[{"role":"user","content":"x"},{"foo":1}]""", """[{"role":"ROLE","content":[{"type":"text","text":"[{\"role\":\"user\",\"content\":\"x\"},{\"foo\":1}]"}]}]""" },
        { "N8", """{"text":"The weather is sunny.","files":[],"reasoning":[],"sources":[],"warnings":[]}""", """[{"role":"ROLE","content":[{"type":"text","text":"The weather is sunny."}]}]""" },
        { "N9", """{"text":5}""", """[{"role":"ROLE","content":[{"type":"text","text":"{\"text\":5}"}]}]""" },
        { "N10", """{"text":"","toolCalls":[{"toolCallId":"a","toolName":"t","args":{"x":1}}]}""", """[{"role":"assistant","content":[{"type":"tool-call","id":"a","function":{"name":"t","arguments":{"x":1}}}]}]""" },
        { "N11", """{"text":"Let me check.","toolCalls":[{"toolCallId":"call_1","toolName":"weather","args":{"city":"Paris"}}]}""", """[{"role":"assistant","content":[{"type":"text","text":"Let me check."},{"type":"tool-call","id":"call_1","function":{"name":"weather","arguments":{"city":"Paris"}}}]}]""" },
        { "N12", """{"text":"done","toolCalls":[]}""", """[{"role":"ROLE","content":[{"type":"text","text":"done"}]}]""" },
        { "N13", "42", """[{"role":"ROLE","content":[{"type":"text","text":"42"}]}]""" },
        { "N14", """{"foo":"bar"}""", """[{"role":"ROLE","content":[{"type":"text","text":"{\"foo\":\"bar\"}"}]}]""" },
        { "non-ASCII", "\"Grüße, 東京 🌧\"", """[{"role":"ROLE","content":[{"type":"text","text":"Grüße, 東京 🌧"}]}]""" },
        { "boolean", "true", """[{"role":"ROLE","content":[{"type":"text","text":"true"}]}]""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Input_and_output_are_normalised(string name, string value, string expected)
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("g", "model_generation", parent: "p", input: Json(value))),
            End(Span("g", "model_generation", parent: "p", output: Json(value))));

        var props = h.Single().Properties!;
        Assert.False(string.IsNullOrEmpty(name));
        JsonAssert.Equal(expected.Replace("ROLE", "user"), props["$ai_input"]);
        JsonAssert.Equal(expected.Replace("ROLE", "assistant"), props["$ai_output_choices"]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("false")]
    public async Task N15_empty_values_send_no_property(string value)
    {
        await using var h = new ExporterHarness();

        await h.Send(
            Start(Span("g", "model_generation", parent: "p", input: Json(value))),
            End(Span("g", "model_generation", parent: "p", output: Json(value))));

        JsonAssert.Lacks(h.Single().Properties!, "$ai_input", "$ai_output_choices");
    }

    [Fact]
    public async Task N16_a_stream_becomes_a_placeholder_message()
    {
        await using var h = new ExporterHarness();
        using var stream = new MemoryStream();

        await h.Send(Start(Span("g", "model_generation", parent: "p", input: stream)), End(Span("g", "model_generation", parent: "p")));

        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"[Non-serializable MemoryStream]"}]}]""", h.Single().Properties!["$ai_input"]);
    }

    [Fact]
    public async Task Spans_and_traces_send_raw_values()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("c", parent: "p", input: "plain", output: Json("""{"text":"raw"}""")));

        JsonAssert.Contains("""{"$ai_input_state":"plain","$ai_output_state":{"text":"raw"}}""", h.Single().Properties!);
    }
}
