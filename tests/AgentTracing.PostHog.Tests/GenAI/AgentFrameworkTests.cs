using System;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Agents.AI;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>Microsoft Agent Framework 1.28: a <see cref="ChatClientAgent"/> with <c>UseOpenTelemetry()</c> over the scripted client.</summary>
[Collection(GenAICollection.Name)]
public sealed class AgentFrameworkTests
{
    private static AIAgent WeatherAgent(bool sensitive) =>
        new ChatClientAgent(new ScriptedChatClient(), instructions: "You are helpful", name: "WeatherAgent", tools: [WeatherTools.GetWeather])
            .AsBuilder()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = sensitive)
            .Build();

    [Fact]
    public async Task An_agent_run_is_the_trace_with_its_model_calls_and_tool_call_as_children()
    {
        await using var p = await GenAIPipeline.StartAsync();
        var agent = WeatherAgent(sensitive: false);

        var response = await agent.RunAsync("Weather in Paris?");
        Assert.Equal("It is 21C in Paris.", response.Text);

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(Event));
        var traceId = AssertOneTreeWithoutOrphans(events);

        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.StartsWith("invoke_agent WeatherAgent", Prop(trace, "$ai_span_name"), StringComparison.Ordinal);
        Assert.DoesNotContain(Props(trace), p => p.Key.Contains("tokens", StringComparison.Ordinal));
        Assert.All(events, e => Assert.False(HasAnyContent(e)));

        var generations = OfKind(events, "$ai_generation");
        Assert.All(generations, g =>
        {
            Assert.Equal(traceId, Prop(g, "$ai_parent_id"));
            Assert.Equal("gpt-4o-mini", Prop(g, "$ai_model"));
            Assert.Equal("openai", Prop(g, "$ai_provider"));
        });
        Assert.Equal([100L, 130L], generations.Select(g => Number(g, "$ai_input_tokens")!.Value));
        Assert.Equal([20L, 12L], generations.Select(g => Number(g, "$ai_output_tokens")!.Value));
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));

        var tool = Assert.Single(OfKind(events, "$ai_span"));
        Assert.Equal("execute_tool get_weather", Prop(tool, "$ai_span_name"));
        Assert.Equal(traceId, Prop(tool, "$ai_parent_id"));

        // MAF relabels its chat span to invoke_agent after it started: a provisional step, an agent run at the end.
        var root = p.Recorder.Ended.Single(s => s.IsRootSpan);
        Assert.Equal(SpanType.AgentRun, root.Type);
        Assert.Equal(SpanType.ModelStep, p.Recorder.Started.Single(s => s.Id == root.Id).Type);
        Assert.Equal("agent", root.EntityType);
        Assert.Equal("WeatherAgent", root.EntityName);
        Assert.False(string.IsNullOrEmpty(root.EntityId));
        // The agent's aggregate usage, model and provider are not mapped: an agent is not a model call.
        var attributes = Assert.IsType<AgentRunAttributes>(root.Attributes);
        Assert.False(attributes.Json.ContainsKey("usage"));
        Assert.False(attributes.Json.ContainsKey("model"));
    }

    [Fact]
    public async Task With_sensitive_data_the_trace_and_generations_carry_the_conversation()
    {
        await using var p = await GenAIPipeline.StartAsync();
        var agent = WeatherAgent(sensitive: true);

        await agent.RunAsync("Weather in Paris?");

        var events = await p.SentEventsAsync();
        AssertOneTreeWithoutOrphans(events);
        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.Contains("Weather in Paris?", Props(trace)["$ai_input_state"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("It is 21C in Paris.", Props(trace)["$ai_output_state"]!.ToJsonString(), StringComparison.Ordinal);

        var first = OfKind(events, "$ai_generation")[0];
        JsonAssert.Equal(
            """[{"role":"system","content":[{"type":"text","text":"You are helpful"}]},{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""",
            Props(first)["$ai_input"]);
        JsonAssert.Equal(
            """[{"role":"assistant","content":[{"type":"tool-call","id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}]""",
            Props(first)["$ai_output_choices"]);
        var tool = Assert.Single(OfKind(events, "$ai_span"));
        JsonAssert.Equal("""{"city":"Paris"}""", Props(tool)["$ai_input_state"]);
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
    }
}
