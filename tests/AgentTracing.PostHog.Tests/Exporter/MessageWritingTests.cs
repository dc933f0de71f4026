using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Xunit;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// §14.2 written straight to UTF-8 (<see cref="EventProperties.SetMessages"/>) must give exactly the JSON, and the
/// bad-input report, of converting the value to a tree and normalising that (<see cref="MessageNormalizer.Normalize"/>).
/// </summary>
public sealed class MessageWritingTests
{
    private static readonly ValueConverter Converter = new(ExporterJson.Create(applicationResolver: null, reflectionResolver: null));

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
        "output with a number text",
        "output with a date text",
        "array that is not a message array",
        "dictionary",
        "number",
        "null",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Direct_writing_matches_the_tree_path_for_CLR_nodes(string shape) => AssertSame(Build(shape));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Direct_writing_matches_the_tree_path_for_parsed_nodes(string shape)
    {
        var value = Build(shape);
        if (value is JsonNode node && shape is not ("messages object with a cycle in another member" or "message with a date content" or "message with a NaN content" or "output with a date text"))
        {
            // The same value as parsed JSON: every leaf backed by a JsonElement.
            value = JsonNode.Parse(node.ToJsonString(), documentOptions: new() { MaxDepth = 200 });
        }

        AssertSame(value);
    }

    private static void AssertSame(object? value)
    {
        var direct = EventProperties.Rent(Converter);
        direct.SetMessages("$ai_input", value, "user");
        var directJson = direct.ToJsonObject()["$ai_input"]!.ToJsonString();
        var directIssues = direct.Issues;
        var directFailure = direct.FirstFailure?.Type;
        direct.Return();

        var tree = EventProperties.Rent(Converter);
        tree.Set("$ai_input", MessageNormalizer.Normalize(tree.Convert("$ai_input", value), "user"));
        var treeJson = tree.ToJsonObject()["$ai_input"]!.ToJsonString();
        var treeIssues = tree.Issues;
        var treeFailure = tree.FirstFailure?.Type;
        tree.Return();

        Assert.Equal(treeJson, directJson);
        Assert.Equal(treeIssues, directIssues);
        Assert.Equal(treeFailure, directFailure);
    }

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
