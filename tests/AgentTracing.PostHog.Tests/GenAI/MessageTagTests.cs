using System.Text.Json.Nodes;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// The message tags as the .NET AI libraries write them (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>:
/// JSON text), converted straight from the text into the <c>{role, content}</c> messages the exporter sends as
/// <c>$ai_input</c> and <c>$ai_output_choices</c>.
/// </summary>
public sealed class MessageTagTests
{
    [Fact]
    public void Members_in_any_order_convert_as_in_the_usual_order()
    {
        // The libraries write role, then parts, and each part's type first; any other order is the same message.
        var usual = GenAIMessages.FromTag(
            """
            [{"role":"assistant","parts":[{"type":"text","content":"Checking."},{"type":"tool_call","id":"c1","name":"weather","arguments":{"city":"Paris"}}],"name":"bot"},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":{"tempC":21}}]}]
            """,
            null);
        var shuffled = GenAIMessages.FromTag(
            """
            [{"name":"bot","parts":[{"content":"Checking.","type":"text"},{"arguments":{"city":"Paris"},"name":"weather","id":"c1","type":"tool_call"}],"role":"assistant"},
             {"parts":[{"response":{"tempC":21},"id":"c1","type":"tool_call_response"}],"role":"tool"}]
            """,
            null);

        const string Expected = """
            [{"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool-call","id":"c1","function":{"name":"weather","arguments":{"city":"Paris"}}}],"name":"bot"},
             {"role":"tool","content":[{"type":"tool-result","toolCallId":"c1","toolName":"weather","output":{"tempC":21}}]}]
            """;
        JsonAssert.Equal(Expected, usual);
        JsonAssert.Equal(Expected, shuffled);
    }

    [Fact]
    public void A_tool_result_before_its_call_in_the_list_still_gets_the_call_s_name()
    {
        var converted = GenAIMessages.FromTag(
            """
            [{"role":"tool","parts":[{"type":"tool_call_response","id":"c2","response":"late"},{"type":"text","content":"after"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"c2","name":"lookup","arguments":{}}]}]
            """,
            null);

        JsonAssert.Equal(
            """[{"type":"tool-result","toolCallId":"c2","toolName":"lookup","output":"late"},{"type":"text","text":"after"}]""",
            converted![0]!["content"]);
    }

    [Fact]
    public void One_message_object_converts_without_naming_its_tool_results()
    {
        var converted = GenAIMessages.FromTag(
            """{"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"f"},{"type":"tool_call_response","id":"c1","response":1}]}""",
            null);

        JsonAssert.Equal(
            """[{"role":"assistant","content":[{"type":"tool-call","id":"c1","function":{"name":"f","arguments":null}},{"type":"tool-result","toolCallId":"c1","output":1}]}]""",
            converted);
    }

    [Theory]
    [InlineData("plain words")]
    [InlineData("null")]
    [InlineData("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"cut off")]
    [InlineData("[{\"role\":\"user\",\"parts\":[]}] trailing")]
    [InlineData("   ")]
    public void Text_that_is_not_a_json_value_is_one_message_as_it_is(string text)
    {
        // PostHog shows a string message as the text itself.
        var converted = GenAIMessages.FromTag(text, JsonNode.Parse("""[{"type":"text","content":"Be brief"}]"""));

        JsonAssert.Equal(new JsonArray(
            JsonNode.Parse("""{"role":"system","content":[{"type":"text","text":"Be brief"}]}"""),
            JsonValue.Create(text)), converted);
    }

    [Fact]
    public void A_json_scalar_is_one_message_as_parsed()
    {
        JsonAssert.Equal("[42]", GenAIMessages.FromTag("42", null));
        JsonAssert.Equal("""["quoted"]""", GenAIMessages.FromTag("\"quoted\"", null));
    }

    [Fact]
    public void A_message_with_a_repeated_member_is_kept_as_recorded()
    {
        // Which of two roles is meant cannot be known: the message goes as it was written, not half converted.
        var converted = GenAIMessages.FromTag(
            """[{"role":"user","role":"system","parts":[{"type":"text","content":"hi"}]},{"role":"user","parts":[{"type":"text","type":"blob","content":"x"}]}]""",
            null);

        Assert.Equal(2, converted!.Count);
        Assert.Equal("""{"role":"user","role":"system","parts":[{"type":"text","content":"hi"}]}""", converted[0]!.ToJsonString());
        Assert.Equal("""[{"type":"text","type":"blob","content":"x"}]""", converted[1]!["content"]!.ToJsonString());
    }

    [Fact]
    public void Messages_without_parts_keep_their_semantic_kernel_or_unknown_shape_rules()
    {
        var converted = GenAIMessages.FromTag(
            """[{"role":"Assistant","content":"Sure.","tool_calls":[{"id":"k1","function":{"name":"w","arguments":{}}}]},{"role":"user","content":{"nested":true}},{"parts":[{"type":"text","content":"no role"}]},7,null]""",
            null);

        JsonAssert.Equal(
            """
            [{"role":"assistant","content":[{"type":"text","text":"Sure."},{"type":"tool-call","id":"k1","function":{"name":"w","arguments":{}}}]},
             {"role":"user","content":{"nested":true}},
             {"parts":[{"type":"text","content":"no role"}]},
             7,
             null]
            """,
            converted);
    }

    [Fact]
    public void A_tag_s_messages_are_new_nodes_on_every_call()
    {
        // Each span owns its messages: a node can have one parent, and the exporter or a span formatter may move them.
        const string Text = """[{"role":"user","parts":[{"type":"text","content":"same"}]}]""";
        var first = GenAIMessages.FromTag(Text, null)!;
        var second = GenAIMessages.FromTag(Text, null)!;

        Assert.NotSame(first[0], second[0]);
        Assert.NotSame(first[0]!["content"]![0], second[0]!["content"]![0]);
    }
}
