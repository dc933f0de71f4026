using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// One tree per trace id and the trace's session, on hand-made activities whose start and stop order the test controls,
/// through the bridge, the real exporter and client, to a local PostHog.
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class BridgeTraceTests
{
    private const string SourceName = "Test.GenAI.Traces";
    private static readonly ActivitySource Source = new(SourceName);

    private static Task<GenAIPipeline> StartAsync() => GenAIPipeline.StartAsync(bridgeOptions: o => o.SourceNames.Add(SourceName));

    private static Activity Start(Activity? parent, string name, params (string Key, object? Value)[] tags)
    {
        Activity.Current = parent;
        var activity = Source.StartActivity(name, ActivityKind.Internal)!;
        Assert.NotNull(activity);
        foreach (var (key, value) in tags)
        {
            activity.SetTag(key, value);
        }

        return activity;
    }

    [Fact]
    public async Task Two_agents_running_at_once_in_one_request_are_one_trace_event_and_the_second_agent_hangs_under_it_even_when_the_first_ends_first()
    {
        // restoreTree (AI observability trace page) puts an event without $ai_parent_id under its $ai_trace_id, and
        // the trace query runner takes the trace's name and state from one $ai_trace: the second agent is a node.
        await using var p = await StartAsync();
        using var request = new Activity("POST /agents").Start();

        var first = Start(request, "invoke_agent Planner", ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "Planner"));
        var second = Start(request, "invoke_agent Writer", ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "Writer"));
        var tool = Start(first, "execute_tool search", ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "search"));
        tool.Stop();
        first.Stop();
        var chat = Start(second, "chat gpt-4o", ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.provider.name", "openai"),
            ("gen_ai.usage.input_tokens", 40), ("gen_ai.usage.output_tokens", 9));
        chat.Stop();
        second.Stop();
        Activity.Current = request;
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_span", "$ai_trace", "$ai_generation", "$ai_span"], events.Select(Event));
        var traceId = AssertOneTreeWithoutOrphans(events);
        Assert.Equal(request.TraceId.ToHexString(), traceId);
        Assert.Equal("invoke_agent Planner", Prop(events[1], "$ai_span_name"));
        Assert.Equal(traceId, Prop(events[0], "$ai_parent_id"));
        Assert.Equal(second.SpanId.ToHexString(), Prop(events[2], "$ai_parent_id"));
        Assert.Equal(second.SpanId.ToHexString(), NodeId(events[3]));
        Assert.False(Props(events[3]).ContainsKey("$ai_parent_id"));
        Assert.Equal("invoke_agent Writer", Prop(events[3], "$ai_span_name"));
        Assert.False(p.Recorder.Started.Single(s => s.Id == second.SpanId.ToHexString()).IsRootSpan);
        Assert.Equal((40, 9), TokenTotals(events));
    }

    [Fact]
    public async Task A_session_that_appears_on_one_span_is_on_every_event_of_the_trace_built_after_it()
    {
        // The sessions view groups events by $ai_session_id and the trace query runner reads any(session_id): events
        // built once the trace has a session carry it; one built before any span had it cannot.
        await using var p = await StartAsync();
        using var request = new Activity("POST /chat").Start();

        var agent = Start(request, "invoke_agent Helper", ("gen_ai.operation.name", "invoke_agent"));
        var early = Start(agent, "execute_tool clock", ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "clock"));
        early.Stop();
        var chat = Start(agent, "chat gpt-4o", ("gen_ai.operation.name", "chat"), ("gen_ai.conversation.id", "conv-7"));
        chat.Stop();
        var late = Start(agent, "execute_tool search", ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "search"));
        late.Stop();
        agent.Stop();
        var other = Start(request, "invoke_agent Reviewer", ("gen_ai.operation.name", "invoke_agent"));
        other.Stop();
        Activity.Current = request;
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_span", "$ai_generation", "$ai_span", "$ai_trace", "$ai_span"], events.Select(Event));
        Assert.Null(Prop(events[0], "$ai_session_id"));
        Assert.All(events.Skip(1), e => Assert.Equal("conv-7", Prop(e, "$ai_session_id")));
    }

    [Fact]
    public async Task Cache_write_tokens_of_the_convention_reach_PostHog_as_cache_creation_tokens()
    {
        // input-costs.ts prices $ai_cache_creation_input_tokens at the cache-write rate.
        await using var p = await StartAsync();
        Activity.Current = null;
        var chat = Start(null, "chat claude-sonnet-4", ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "claude-sonnet-4"),
            ("gen_ai.provider.name", "anthropic"), ("gen_ai.usage.input_tokens", 1000), ("gen_ai.usage.output_tokens", 20),
            ("gen_ai.usage.cache_read.input_tokens", 600), ("gen_ai.usage.cache_creation.input_tokens", 300));
        chat.Stop();

        var generation = Assert.Single(await p.SentEventsAsync());
        Assert.Equal(1000, Number(generation, "$ai_input_tokens"));
        Assert.Equal(600, Number(generation, "$ai_cache_read_input_tokens"));
        Assert.Equal(300, Number(generation, "$ai_cache_creation_input_tokens"));
        Assert.Equal("anthropic", Prop(generation, "$ai_provider"));
    }
}
