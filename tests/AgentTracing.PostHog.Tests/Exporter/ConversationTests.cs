using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// Each model call's <c>$ai_input</c> is the conversation it received. PostHog's conversation view renders
/// <c>$ai_input</c> message by message (<c>normalizeMessages</c> in products/llm_analytics/frontend/utils.ts):
/// <c>tool-call</c> parts as calls, <c>tool-result</c> parts with their <c>toolName</c> as results, and a step's preview
/// (<c>"[tool: get_weather]"</c>) as the literal placeholder.
/// </summary>
public sealed class ConversationTests
{
    private const string GenerationInput = """{"messages":[{"role":"system","content":"You are helpful"},{"role":"user","content":"Weather in Paris and Rome?"}]}""";

    [Fact]
    public async Task The_second_call_receives_the_first_calls_tool_calls_and_their_results_in_tool_start_order()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", "agent_run", root: true)), Start(Span("g", "model_generation", parent: "r", input: Json(GenerationInput))));
        await h.Life(Span("s0", "model_step", parent: "g", startMs: 0, endMs: 100, output: Json("""
            {"text":"Let me check.","toolCalls":[{"toolCallId":"call_rome","toolName":"get_weather","args":{"city":"Rome"}},
                                                 {"toolCallId":"call_paris","toolName":"get_weather","args":{"city":"Paris"}}]}
            """)));
        await h.Life(Span("tp", "tool_call", parent: "r", startMs: 110, endMs: 150, attr: """{"toolCallId":"call_paris"}""", output: Json("""{"tempC":21}""")));
        await h.Life(Span("tr", "tool_call", parent: "r", startMs: 120, endMs: 160, err: Error("Rome is offline", "TOOL_ERROR"), input: Json("""{"toolCallId":"call_rome","city":"Rome"}""")));
        await h.Life(Span("s1", "model_step", parent: "g", startMs: 200, endMs: 300,
            input: Json("""[{"role":"user","content":"Weather in Paris and Rome?"},{"role":"assistant","content":"[tool: get_weather]"},{"role":"tool","content":"[tool-result: get_weather]"}]""")));

        JsonAssert.Equal("""
            [{"role":"system","content":[{"type":"text","text":"You are helpful"}]},
             {"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
             {"role":"assistant","content":[{"type":"text","text":"Let me check."},
               {"type":"tool-call","id":"call_rome","function":{"name":"get_weather","arguments":{"city":"Rome"}}},
               {"type":"tool-call","id":"call_paris","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
             {"role":"tool","content":[{"type":"tool-result","toolCallId":"call_paris","toolName":"get_weather","output":{"tempC":21}}]},
             {"role":"tool","content":[{"type":"tool-result","toolCallId":"call_rome","toolName":"get_weather","output":"Rome is offline","isError":true}]}]
            """, h.PropsFor("s1")["$ai_input"]!);
        JsonAssert.Equal("""
            [{"role":"system","content":[{"type":"text","text":"You are helpful"}]},
             {"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]}]
            """, h.PropsFor("s0")["$ai_input"]!);
    }

    [Fact]
    public async Task A_call_whose_producer_gave_real_messages_keeps_them()
    {
        await using var h = new ExporterHarness();
        var real = """[{"role":"user","content":[{"type":"text","text":"Hi"}]},{"role":"assistant","content":[{"type":"tool-call","id":"c1","function":{"name":"f","arguments":"{}"}}]}]""";

        await h.Send(Start(Span("g", "model_generation", parent: "r", input: Json(GenerationInput))));
        await h.Life(Span("s0", "model_step", parent: "g", input: Json(real)));

        JsonAssert.Equal(real, h.PropsFor("s0")["$ai_input"]!);
    }

    [Fact]
    public async Task Privacy_mode_sends_no_conversation()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);

        await h.Send(Start(Span("g", "model_generation", parent: "r", input: Json(GenerationInput))));
        await h.Life(Span("s0", "model_step", parent: "g", output: Json("""{"text":"","toolCalls":[{"toolCallId":"c1","toolName":"f","args":{}}]}""")));
        await h.Life(Span("t", "tool_call", parent: "g", attr: """{"toolCallId":"c1"}""", output: "secret result"));
        await h.Life(Span("s1", "model_step", parent: "g"));

        Assert.All(h.Events, e => JsonAssert.Lacks(e.Properties!, "$ai_input"));
        Assert.DoesNotContain(h.Events, e => e.Properties!.ToJsonString().Contains("secret", System.StringComparison.Ordinal));
    }

    /// <summary>Bad input: tool results with no matching call, calls without ids, odd outputs. Nothing throws; what matches is sent.</summary>
    [Fact]
    public async Task Results_without_a_matching_call_and_malformed_calls_are_left_out()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("g", "model_generation", parent: "r", input: "Weather?")));
        await h.Life(Span("s0", "model_step", parent: "g", output: Json("""{"toolCalls":[{"toolName":"no_id","args":{}},42,{"toolCallId":7,"toolName":"numeric_id"}]}""")));
        await h.Life(Span("orphan", "tool_call", parent: "g", attr: """{"toolCallId":"nobody_asked"}""", output: "lost"));
        await h.Life(Span("s1", "model_step", parent: "g", output: "plain text answer"));
        await h.Life(Span("s2", "model_step", parent: "g"));

        JsonAssert.Equal("""
            [{"role":"user","content":[{"type":"text","text":"Weather?"}]},
             {"role":"assistant","content":[{"type":"tool-call","function":{"name":"no_id","arguments":{}}},{"type":"tool-call","id":"7","function":{"name":"numeric_id"}}]},
             {"role":"assistant","content":[{"type":"text","text":"plain text answer"}]}]
            """, h.PropsFor("s2")["$ai_input"]!);
    }

    /// <summary>
    /// A 50-call agent loop: call k receives the generation's input and the k earlier turns, nothing is stored beyond
    /// the cached spans, and every call's input is complete.
    /// </summary>
    [Fact]
    public async Task Every_call_of_a_fifty_call_loop_receives_all_earlier_turns()
    {
        await using var h = new ExporterHarness();
        const int Calls = 50;

        await h.Send(Start(Span("g", "model_generation", parent: "r", input: "Go")));
        for (var k = 0; k < Calls; k++)
        {
            await h.Life(Span($"s{k}", "model_step", parent: "g", startMs: k * 100, endMs: (k * 100) + 40,
                output: new JsonObject
                {
                    ["text"] = "",
                    ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = $"c{k}", ["toolName"] = "step", ["args"] = new JsonObject { ["k"] = k } }),
                }));
            await h.Life(Span($"t{k}", "tool_call", parent: "g", startMs: (k * 100) + 50, endMs: (k * 100) + 60, attr: $$"""{"toolCallId":"c{{k}}"}""", output: $"result {k}"));
        }

        for (var k = 0; k < Calls; k++)
        {
            var input = h.PropsFor($"s{k}")["$ai_input"]!.AsArray();
            Assert.Equal(1 + (2 * k), input.Count);
            if (k > 0)
            {
                Assert.Equal($"result {k - 1}", (string?)input[^1]!["content"]![0]!["output"]);
            }
        }
    }

    /// <summary>
    /// A million-message conversation: no exception, and every call's event still reaches the wire, its messages cut
    /// to the latest that fit in 2 MB after the system message (an event over the client's 8 MB limit would be dropped
    /// whole, tokens and cost with it).
    /// </summary>
    [Fact]
    public async Task A_million_message_conversation_is_cut_to_its_latest_messages_and_every_event_is_sent()
    {
        await using var h = new ExporterHarness();
        var messages = new JsonNode?[1_000_000];
        messages[0] = new JsonObject { ["role"] = "system", ["content"] = "You are helpful" };
        for (var i = 1; i < messages.Length; i++)
        {
            messages[i] = new JsonObject { ["role"] = i % 2 == 0 ? "assistant" : "user", ["content"] = "message " + i };
        }

        await h.Send(Start(Span("g", "model_generation", parent: "r", input: new JsonObject { ["messages"] = new JsonArray(messages) })));
        await h.Life(Span("s0", "model_step", parent: "g", output: Json("""{"text":"","toolCalls":[{"toolCallId":"c1","toolName":"f","args":{}}]}""")));
        await h.Life(Span("t", "tool_call", parent: "g", attr: """{"toolCallId":"c1"}""", output: "done"));
        await h.Life(Span("s1", "model_step", parent: "g", attr: """{"usage":{"inputTokens":5000000,"outputTokens":3}}"""));
        await h.Send(End(Span("g", "model_generation", parent: "r")));

        Assert.Equal(["s0", "t", "s1", "g"], h.Events.Select(e => (string?)e.Properties!["$ai_generation_id"] ?? (string?)e.Properties!["$ai_span_id"]));
        var input = h.PropsFor("s1")["$ai_input"]!.AsArray();
        Assert.InRange(input.ToJsonString().Length, 1_000_000, MessageLimits.MaxMessagesBytes);
        Assert.Equal("You are helpful", (string?)input[0]!["content"]![0]!["text"]);
        Assert.StartsWith("[", (string?)input[1]!["content"]![0]!["text"], System.StringComparison.Ordinal);
        Assert.EndsWith("earlier messages left out: the conversation is larger than 2 MB]", (string?)input[1]!["content"]![0]!["text"], System.StringComparison.Ordinal);
        Assert.Equal("tool-result", (string?)input[^1]!["content"]![0]!["type"]);
        Assert.Equal("message 999999", (string?)input[^3]!["content"]![0]!["text"]);
        Assert.Equal(5_000_000, (double)h.PropsFor("s1")["$ai_input_tokens"]!);
    }
}
