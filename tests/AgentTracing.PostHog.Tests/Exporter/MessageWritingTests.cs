using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Xunit;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// A generation's input or output reaches PostHog as a message array (<c>[{role, content: [parts]}]</c>), written
/// straight to UTF-8 whatever its shape, with the bad input it holds reported: the AI observability frontend shows
/// <c>$ai_input</c> and <c>$ai_output_choices</c> as conversations only in that form (<c>normalizeMessages</c> in
/// products/llm_analytics/frontend/utils.ts). A value whose shape shows only once converted goes through its
/// converted form; the expected JSON is what the former tree path (convert, parse, reshape, write again) sent.
/// </summary>
public sealed class MessageWritingTests
{
    private static readonly ValueConverter Converter = new(ExporterJson.Create(applicationResolver: null, reflectionResolver: null));

    /// <summary>Per shape and per form (as CLR nodes, as parsed JSON): the JSON sent, the issues reported, the type of the value that could not be converted.</summary>
    private static readonly Dictionary<(string Shape, bool Parsed), (string Json, InputIssues Issues, Type? Failure)> Expected = new()
    {
        [("string", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the weather in Paris?\"}]}]", InputIssues.None, null),
        [("string", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the weather in Paris?\"}]}]", InputIssues.None, null),
        [("string with a lone surrogate", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"cut \uFFFD here\"}]}]", InputIssues.LoneSurrogate, null),
        [("string with a lone surrogate", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"cut \uFFFD here\"}]}]", InputIssues.LoneSurrogate, null),
        [("string over the size limit", false)] = (TextMessage("user", StringLimits.Truncate(new string('x', 250_000))), InputIssues.StringTruncated, null),
        [("string over the size limit", true)] = (TextMessage("user", StringLimits.Truncate(new string('x', 250_000))), InputIssues.StringTruncated, null),
        [("message array", false)] = ("[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \uFFFD\"}]}]", InputIssues.LoneSurrogate, null),
        [("message array", true)] = ("[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \uFFFD\"}]}]", InputIssues.None, null),
        [("message array with array, number, boolean, null and object contents", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},{\"role\":\"user\",\"content\":42},{\"role\":\"user\",\"content\":true},{\"role\":\"user\",\"content\":null},{\"role\":\"user\",\"content\":{\"parts\":1}}]", InputIssues.None, null),
        [("message array with array, number, boolean, null and object contents", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},{\"role\":\"user\",\"content\":42},{\"role\":\"user\",\"content\":true},{\"role\":\"user\",\"content\":null},{\"role\":\"user\",\"content\":{\"parts\":1}}]", InputIssues.None, null),
        [("messages object with other members", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"u\"}]}]", InputIssues.None, null),
        [("messages object with other members", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"u\"}]}]", InputIssues.None, null),
        [("messages object with a lone surrogate in another member", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"u\"}]}]", InputIssues.LoneSurrogate, null),
        [("messages object with a lone surrogate in another member", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"u\"}]}]", InputIssues.None, null),
        [("messages object with a cycle in another member", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable JsonObject]\"}]}]", InputIssues.UnserializableValue, typeof(JsonObject)),
        [("messages object with a cycle in another member", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable JsonObject]\"}]}]", InputIssues.UnserializableValue, typeof(JsonObject)),
        [("message with a date content", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T03:04:05.000Z\"}]}]", InputIssues.None, null),
        [("message with a date content", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T03:04:05.000Z\"}]}]", InputIssues.None, null),
        [("message with a NaN content", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable Double]\"}]}]", InputIssues.NonFiniteNumber, null),
        [("message with a NaN content", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable Double]\"}]}]", InputIssues.NonFiniteNumber, null),
        [("message with content nested too deep", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable JsonArray]\"}]}]", InputIssues.UnserializableValue, typeof(JsonArray)),
        [("message with content nested too deep", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[Non-serializable JsonArray]\"}]}]", InputIssues.UnserializableValue, typeof(JsonArray)),
        [("output with text", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"It is sunny.\"}]}]", InputIssues.LoneSurrogate, null),
        [("output with text", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"It is sunny.\"}]}]", InputIssues.None, null),
        [("output with text and no tool calls", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]", InputIssues.None, null),
        [("output with text and no tool calls", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]", InputIssues.None, null),
        [("output with text and tool calls", false)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},{\"type\":\"tool-call\",\"id\":\"c\",\"function\":{\"name\":\"t\",\"arguments\":{\"x\":1}}}]}]", InputIssues.None, null),
        [("output with text and tool calls", true)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},{\"type\":\"tool-call\",\"id\":\"c\",\"function\":{\"name\":\"t\",\"arguments\":{\"x\":1}}}]}]", InputIssues.None, null),
        [("output with tool calls, no text and other members", false)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool-call\",\"function\":{\"name\":\"t\uFFFD\",\"arguments\":\"{\\\"q\\\":1}\"}}]}]", InputIssues.LoneSurrogate, null),
        [("output with tool calls, no text and other members", true)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool-call\",\"function\":{\"name\":\"t\uFFFD\",\"arguments\":\"{\\\"q\\\":1}\"}}]}]", InputIssues.None, null),
        [("output with a tool call that is not an object and one without members", false)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"tool-call\"},{\"type\":\"tool-call\",\"function\":{}},{\"type\":\"tool-call\"}]}]", InputIssues.None, null),
        [("output with a tool call that is not an object and one without members", true)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"tool-call\"},{\"type\":\"tool-call\",\"function\":{}},{\"type\":\"tool-call\"}]}]", InputIssues.None, null),
        [("output with tool calls and a date text", false)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T00:00:00.000Z\"},{\"type\":\"tool-call\",\"id\":null,\"function\":{}}]}]", InputIssues.None, null),
        [("output with tool calls and a date text", true)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T00:00:00Z\"},{\"type\":\"tool-call\",\"id\":null,\"function\":{}}]}]", InputIssues.None, null),
        [("output with tool calls and a messages member", false)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool-call\",\"id\":7,\"function\":{}}]}]", InputIssues.None, null),
        [("output with tool calls and a messages member", true)] = ("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool-call\",\"id\":7,\"function\":{}}]}]", InputIssues.None, null),
        [("output with a number text", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"{\\\"text\\\":5}\"}]}]", InputIssues.None, null),
        [("output with a number text", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"{\\\"text\\\":5}\"}]}]", InputIssues.None, null),
        [("output with a date text", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T00:00:00.000Z\"}]}]", InputIssues.None, null),
        [("output with a date text", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2026-01-02T00:00:00.000Z\"}]}]", InputIssues.None, null),
        [("array that is not a message array", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"x\\\"},{\\\"foo\\\":1}]\"}]}]", InputIssues.None, null),
        [("array that is not a message array", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"x\\\"},{\\\"foo\\\":1}]\"}]}]", InputIssues.None, null),
        [("dictionary", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"d\"}]}]", InputIssues.None, null),
        [("dictionary", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"d\"}]}]", InputIssues.None, null),
        [("number", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}]", InputIssues.None, null),
        [("number", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}]", InputIssues.None, null),
        [("null", false)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"null\"}]}]", InputIssues.None, null),
        [("null", true)] = ("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"null\"}]}]", InputIssues.None, null),
    };

    public static TheoryData<string> Shapes => new()
    {
        "string",
        "string with a lone surrogate",
        "string over the size limit",
        "message array",
        "message array with array, number, boolean, null and object contents",
        "messages object with other members",
        "messages object with a lone surrogate in another member",
        "messages object with a cycle in another member",
        "message with a date content",
        "message with a NaN content",
        "message with content nested too deep",
        "output with text",
        "output with text and no tool calls",
        "output with text and tool calls",
        "output with tool calls, no text and other members",
        "output with a tool call that is not an object and one without members",
        "output with tool calls and a date text",
        "output with tool calls and a messages member",
        "output with a number text",
        "output with a date text",
        "array that is not a message array",
        "dictionary",
        "number",
        "null",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_is_written_as_messages_from_CLR_nodes(string shape) => AssertWritten(shape, parsed: false, Build(shape));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_is_written_as_messages_from_parsed_nodes(string shape)
    {
        var value = Build(shape);
        if (value is JsonNode && shape is not ("messages object with a cycle in another member" or "message with a date content" or "message with a NaN content" or "output with a date text"))
        {
            // The same value as parsed JSON: every leaf backed by a JsonElement.
            value = JsonNode.Parse(((JsonNode)value!).ToJsonString(), documentOptions: new() { MaxDepth = 200 });
        }

        AssertWritten(shape, parsed: true, value);
    }

    private static void AssertWritten(string shape, bool parsed, object? value)
    {
        var (json, issues, failure) = Expected[(shape, parsed)];
        var properties = EventProperties.Rent(Converter);
        try
        {
            properties.SetMessages("$ai_input", value, "user");

            Assert.Equal(1, properties.Count);
            Assert.Equal(json, System.Text.Encoding.UTF8.GetString(properties.ValueAt(0)));
            Assert.Equal(issues, properties.Issues);
            Assert.Equal(failure, properties.FirstFailure?.Type);
        }
        finally
        {
            properties.Return();
        }
    }

    private static string TextMessage(string role, string text) =>
        new JsonArray(new JsonObject { ["role"] = role, ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) }).ToJsonString();

    private static object? Build(string shape)
    {
        JsonObject Message(string role, JsonNode? content) => new() { ["role"] = role, ["content"] = content };

        switch (shape)
        {
            case "string":
                return "What is the weather in Paris?";
            case "string with a lone surrogate":
                return "cut \ud83d here";
            case "string over the size limit":
                return new string('x', 250_000);
            case "message array":
                return new JsonArray(Message("system", "Be brief."), Message("user", "Hi \ud83c"));
            case "message array with array, number, boolean, null and object contents":
                return new JsonArray(
                    Message("user", new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hi" })),
                    Message("user", 42),
                    Message("user", true),
                    Message("user", null),
                    Message("user", new JsonObject { ["parts"] = 1 }));
            case "messages object with other members":
                return new JsonObject { ["model"] = "m", ["messages"] = new JsonArray(Message("user", "u")), ["n"] = 2 };
            case "messages object with a lone surrogate in another member":
                return new JsonObject { ["note"] = "\udc00", ["messages"] = new JsonArray(Message("user", "u")) };
            case "messages object with a cycle in another member":
                var cycle = new Dictionary<string, object?>();
                cycle["self"] = cycle;
                return new JsonObject { ["messages"] = new JsonArray(Message("user", "u")), ["state"] = JsonValue.Create(cycle) };
            case "message with a date content":
                return new JsonArray(Message("user", JsonValue.Create(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))));
            case "message with a NaN content":
                return new JsonArray(Message("user", JsonValue.Create(double.NaN)));
            case "message with content nested too deep":
                JsonNode deep = "bottom";
                for (var i = 0; i < 70; i++)
                {
                    deep = new JsonArray(deep);
                }

                return new JsonArray(Message("user", deep));
            case "output with text":
                return new JsonObject { ["text"] = "It is sunny.", ["files"] = new JsonArray(), ["warnings"] = "\ud800" };
            case "output with text and no tool calls":
                return new JsonObject { ["text"] = "", ["toolCalls"] = new JsonArray() };
            case "output with text and tool calls":
                return new JsonObject { ["text"] = "Let me check.", ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = "c", ["toolName"] = "t", ["args"] = new JsonObject { ["x"] = 1 } }) };
            case "output with tool calls, no text and other members":
                return new JsonObject { ["toolCalls"] = new JsonArray(new JsonObject { ["toolName"] = "t\udc00", ["args"] = "{\"q\":1}", ["providerExecuted"] = "\ud800" }), ["finishReason"] = "tool-calls", ["text"] = "" };
            case "output with a tool call that is not an object and one without members":
                return new JsonObject { ["text"] = "x", ["toolCalls"] = new JsonArray("call", new JsonObject(), null) };
            case "output with tool calls and a date text":
                return new JsonObject { ["text"] = JsonValue.Create(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc)), ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = null }) };
            case "output with tool calls and a messages member":
                return new JsonObject { ["messages"] = "none", ["toolCalls"] = new JsonArray(new JsonObject { ["toolCallId"] = 7 }) };
            case "output with a number text":
                return new JsonObject { ["text"] = 5 };
            case "output with a date text":
                return new JsonObject { ["text"] = JsonValue.Create(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc)) };
            case "array that is not a message array":
                return new JsonArray(Message("user", "x"), new JsonObject { ["foo"] = 1 });
            case "dictionary":
                return new Dictionary<string, object?> { ["messages"] = new[] { new Dictionary<string, object?> { ["role"] = "user", ["content"] = "d" } } };
            case "number":
                return 42;
            case "null":
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }
}
