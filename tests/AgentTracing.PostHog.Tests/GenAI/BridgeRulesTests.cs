using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>Edge rules of the bridge (classification, mapping, messages, errors, bounds) on hand-made activities of a test source.</summary>
[Collection(GenAICollection.Name)]
public sealed class BridgeRulesTests : IDisposable
{
    private const string SourceName = "Test.GenAI.Rules";
    private static readonly ActivitySource Source = new(SourceName);
    private readonly RecordingExporter _recorder = new();
    private readonly FakeLogger _logger = new();
    private GenAIActivityBridge _bridge;

    public BridgeRulesTests() => _bridge = Start();

    public void Dispose() => _bridge.Dispose();

    private GenAIActivityBridge Start(Action<GenAIActivityBridgeOptions>? configure = null)
    {
        var options = new GenAIActivityBridgeOptions { Logger = _logger };
        options.SourceNames.Clear();
        options.SourceNames.Add("Test.GenAI.*");
        configure?.Invoke(options);
        return new GenAIActivityBridge(_recorder, options);
    }

    private void Restart(Action<GenAIActivityBridgeOptions> configure)
    {
        _bridge.Dispose();
        _bridge = Start(configure);
    }

    private static Activity StartActivity(string name, params (string Key, object? Value)[] tags)
    {
        var activity = Source.StartActivity(name, ActivityKind.Client, default(ActivityContext), tags.Select(t => new System.Collections.Generic.KeyValuePair<string, object?>(t.Key, t.Value)))!;
        Assert.NotNull(activity);
        return activity;
    }

    private ExportedSpan Ended(Activity activity) => _recorder.Ended.Single(s => s.Id == activity.SpanId.ToHexString());

    [Fact]
    public void Tags_map_to_model_attributes_with_float_shortest_form_old_names_and_lenient_stop_sequences()
    {
        var chat = StartActivity("chat gpt-4o");
        chat.SetTag("gen_ai.operation.name", "chat");
        chat.SetTag("gen_ai.request.model", "gpt-4o");
        chat.SetTag("gen_ai.system", "az.ai.inference");
        chat.SetTag("gen_ai.request.temperature", 0.2f);
        chat.SetTag("gen_ai.request.top_p", 0.9);
        chat.SetTag("gen_ai.request.max_token", 256);
        chat.SetTag("gen_ai.request.stop_sequences", "not json");
        chat.SetTag("gen_ai.request.seed", 42L);
        chat.SetTag("gen_ai.request.stream", true);
        chat.SetTag("gen_ai.response.finish_reason", "[\"Stop\"]");
        chat.SetTag("gen_ai.response.prompt_tokens", -1);
        chat.SetTag("gen_ai.response.completion_tokens", 9);
        chat.SetTag("gen_ai.response.time_to_first_chunk", 0.25);
        chat.SetTag("server.port", "8443");
        chat.Stop();

        var span = Ended(chat);
        Assert.Equal(SpanType.ModelStep, span.Type);
        JsonAssert.Equal(
            """
            {"model":"gpt-4o","provider":"az.ai.inference","parameters":{"temperature":0.2,"maxOutputTokens":256,"topP":0.9,"seed":42,"stopSequences":["not json"]},
             "streaming":true,"finishReason":"Stop","serverPort":8443,"usage":{"outputTokens":9},
             "completionStartTime":"{{t}}"}
            """.Replace("{{t}}", (new DateTimeOffset(chat.StartTimeUtc) + TimeSpan.FromSeconds(0.25)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            span.Attributes!.Json);
    }

    [Fact]
    public void Tool_definitions_and_instructions_that_every_call_repeats_give_each_span_its_own_copy()
    {
        // The libraries serialise the same tools and instructions again for every call; the converter parses each text
        // once and shares it, so what one span holds must still be its own.
        const string Tools = """[{"type":"function","name":"get_weather","description":"Weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]""";
        const string Instructions = """[{"type":"text","content":"Answer briefly."}]""";
        var calls = new Activity[3];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = StartActivity("chat gpt-4o");
            calls[i].SetTag("gen_ai.operation.name", "chat");
            calls[i].SetTag("gen_ai.tool.definitions", new string(Tools.AsSpan()));
            calls[i].SetTag("gen_ai.system_instructions", new string(Instructions.AsSpan()));
            calls[i].SetTag("gen_ai.input.messages", $$"""[{"role":"user","parts":[{"type":"text","content":"Question {{i}}"}]}]""");
            calls[i].SetTag("gen_ai.response.finish_reasons", new string("[\"stop\"]".AsSpan()));
            calls[i].Stop();
        }

        var spans = calls.Select(Ended).ToArray();
        ((JsonArray)spans[0].Attributes!.Json["tools"]!).Clear();
        for (var i = 1; i < spans.Length; i++)
        {
            JsonAssert.Equal(Tools, spans[i].Attributes!.Json["tools"]);
            Assert.NotSame(spans[1].Attributes!.Json["tools"], spans[2].Attributes!.Json["tools"]);
            Assert.Equal("stop", (string?)spans[i].Attributes!.Json["finishReason"]);
            JsonAssert.Equal(
                $$"""
                [{"role":"system","content":[{"type":"text","text":"Answer briefly."}]},
                 {"role":"user","content":[{"type":"text","text":"Question {{i}}"}]}]
                """,
                (JsonNode?)spans[i].Input);
        }
    }

    [Fact]
    public void Parts_messages_become_role_and_content_messages_with_the_system_instructions_first_and_media_redacted()
    {
        var input = JsonNode.Parse("""
            [{"role":"user","name":"ann","parts":[{"type":"text","content":"Look"},{"type":"blob","mime_type":"image/png","content":"iVBORw0KGgo="},{"type":"uri","uri":"https://x/y.png"}]},
             {"role":"assistant","parts":[{"type":"reasoning","content":"hmm"},{"type":"tool_call","id":"c1","name":"zoom","arguments":{"x":1}}],"finish_reason":"tool_call"},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":{"ok":true}}]},
             {"something":"else"}]
            """);
        var instructions = JsonNode.Parse("""[{"type":"text","content":"Be brief"},{"type":"text","content":"Be kind"}]""");

        var converted = GenAIMessages.FromTag(input, instructions);

        JsonAssert.Equal(
            """
            [{"role":"system","content":[{"type":"text","text":"Be brief\nBe kind"}]},
             {"role":"user","content":[{"type":"text","text":"Look"},{"type":"text","text":"[base64 image/png redacted]"},{"type":"uri","uri":"https://x/y.png"}],"name":"ann"},
             {"role":"assistant","content":[{"type":"reasoning","text":"hmm"},{"type":"tool-call","id":"c1","function":{"name":"zoom","arguments":{"x":1}}}]},
             {"role":"tool","content":[{"type":"tool-result","toolCallId":"c1","toolName":"zoom","output":{"ok":true}}]},
             {"something":"else"}]
            """,
            converted);
    }

    [Fact]
    public void A_tool_result_without_a_matching_call_or_with_a_malformed_id_is_kept_without_a_tool_name()
    {
        // The first call of an id names it; ids that are not strings or match no call leave the result nameless.
        var input = JsonNode.Parse("""
            [{"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"first"},{"type":"tool_call","id":"c1","name":"second"},{"type":"tool_call","id":7,"name":"numeric"},{"type":"tool_call","name":"no id"}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"sk1","function":{"name":"sk_tool","arguments":{}},"type":"function"}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":1},{"type":"tool_call_response","id":7,"response":2},
                                     {"type":"tool_call_response","id":"nope","response":3},{"type":"tool_call_response","response":4},
                                     {"type":"tool_call_response","id":"sk1","response":5}]}]
            """);

        var converted = GenAIMessages.FromTag(input, null);

        JsonAssert.Equal(
            """
            [{"type":"tool-result","toolCallId":"c1","toolName":"first","output":1},{"type":"tool-result","toolCallId":7,"output":2},
             {"type":"tool-result","toolCallId":"nope","output":3},{"type":"tool-result","toolCallId":null,"output":4},
             {"type":"tool-result","toolCallId":"sk1","toolName":"sk_tool","output":5}]
            """,
            converted![2]!["content"]);
    }

    [Fact]
    public void Semantic_kernel_messages_and_events_are_converted_and_unparseable_content_is_kept_as_text()
    {
        var sk = JsonNode.Parse("""[{"role":"Developer","name":null,"content":"Rules","tool_calls":[]},{"role":"Assistant","content":"Let me check.","tool_calls":[{"id":"call_1","function":{"name":"w","arguments":{"city":"Paris"}},"type":"function"}]}]""");
        JsonAssert.Equal(
            """[{"role":"system","content":[{"type":"text","text":"Rules"}]},{"role":"assistant","content":[{"type":"text","text":"Let me check."},{"type":"tool-call","id":"call_1","function":{"name":"w","arguments":{"city":"Paris"}}}]}]""",
            GenAIMessages.FromTag(sk, null));

        var chat = StartActivity("chat m", ("gen_ai.operation.name", "chat"));
        chat.AddEvent(new ActivityEvent("gen_ai.user.message", tags: new ActivityTagsCollection { ["gen_ai.event.content"] = "not json" }));
        chat.AddEvent(new ActivityEvent("gen_ai.choice", tags: new ActivityTagsCollection
        {
            ["gen_ai.event.content"] = """{"index":0,"message":{"role":"Assistant","content":null,"tool_calls":[]},"tool_calls":[{"id":"c9","function":{"name":"f","arguments":{}},"type":"function"}],"finish_reason":"ToolCalls"}""",
        }));
        chat.Stop();

        var span = Ended(chat);
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"not json"}]}]""", (JsonNode)span.Input!);
        JsonAssert.Equal("""[{"role":"assistant","content":[{"type":"tool-call","id":"c9","function":{"name":"f","arguments":{}}}]}]""", (JsonNode)span.Output!);
    }

    [Theory]
    [InlineData("boom", null, null, "System.TimeoutException", "boom")]
    [InlineData(null, "from tag", null, "System.TimeoutException", "from tag")]
    [InlineData(null, null, "from event", "System.TimeoutException", "from event")]
    [InlineData(null, null, null, "System.TimeoutException", "System.TimeoutException")]
    [InlineData(null, null, null, null, "Error")]
    public void Error_message_comes_from_status_then_error_message_then_exception_event_then_error_type(
        string? status, string? errorMessage, string? exceptionMessage, string? errorType, string expected)
    {
        var tool = StartActivity("execute_tool t", ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "t"));
        tool.SetStatus(ActivityStatusCode.Error, status);
        tool.SetTag("error.message", errorMessage);
        tool.SetTag("error.type", errorType);
        if (exceptionMessage is not null)
        {
            tool.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.message"] = exceptionMessage, ["exception.stacktrace"] = "at X()" }));
        }

        tool.Stop();

        var span = Ended(tool);
        Assert.Equal(expected, span.ErrorInfo!.Message);
        Assert.Equal(errorType, span.ErrorInfo.Id);
        Assert.Equal(exceptionMessage is null ? null : "at X()", span.ErrorInfo.Stack);
        Assert.False(((ToolCallAttributes)span.Attributes!).Success);
        Assert.Equal("tool", span.EntityType);
        Assert.Equal("t", span.EntityName);
    }

    [Fact]
    public void A_resolver_that_throws_is_logged_at_debug_and_the_activity_is_still_exported_with_what_could_be_read()
    {
        Restart(o =>
        {
            o.UserIdResolver = _ => throw new InvalidOperationException("resolver bug");
            o.SessionIdResolver = a => a.GetTagItem("tenant.session") as string;
        });
        var agent = StartActivity("invoke_agent A", ("gen_ai.operation.name", "invoke_agent"), ("enduser.id", "u-1"), ("tenant.session", "s-1"));
        agent.Stop();

        var span = Ended(agent);
        Assert.Equal("u-1", span.Metadata!["userId"]);
        Assert.Equal("s-1", span.Metadata["sessionId"]);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Debug && r.Exception?.Message == "resolver bug");
    }

    [Fact]
    public void Children_inherit_the_session_of_an_ancestor_set_after_the_ancestor_started_and_skip_untracked_ancestors()
    {
        var workflow = StartActivity("workflow_invoke", ("workflow.id", "wf-1"), ("workflow.name", "Trip"));
        var build = StartActivity("workflow.build");
        var executor = StartActivity("executor.process plan", ("executor.id", "plan"), ("executor.input", "{\"q\":1}"));
        workflow.SetTag("session.id", "sess-9");
        var chat = StartActivity("chat m");
        chat.Stop();
        executor.SetTag("executor.output", "done");
        executor.Stop();
        build.Stop();
        workflow.Stop();

        Assert.Equal(3, _recorder.Ended.Count); // workflow.build is infrastructure: never tracked
        var run = Ended(workflow);
        Assert.Equal(SpanType.WorkflowRun, run.Type);
        Assert.True(run.IsRootSpan);
        Assert.Equal(("workflow_run", "wf-1", "Trip"), (run.EntityType, run.EntityId, run.EntityName));
        var step = Ended(executor);
        Assert.Equal(SpanType.WorkflowStep, step.Type);
        Assert.Equal(run.Id, step.ParentSpanId);
        Assert.Equal(("workflow_step", "plan", "plan"), (step.EntityType, step.EntityId, step.EntityName));
        Assert.Equal("{\"q\":1}", step.Input as string ?? (step.Input as JsonNode)?.GetValue<string>());
        var call = Ended(chat);
        Assert.Equal(step.Id, call.ParentSpanId);
        Assert.Equal("sess-9", call.Metadata!["sessionId"]);
        Assert.Null(_recorder.Started.Single(s => s.Id == run.Id).Metadata);
    }

    [Fact]
    public void Activities_never_stopped_are_capped_with_one_warning_and_an_evicted_activity_is_never_exported()
    {
        var clock = new FakeTimeProvider();
        Restart(o =>
        {
            o.MaxTrackedActivities = 3;
            o.TimeProvider = clock;
        });
        var open = Enumerable.Range(0, 6).Select(i => StartActivity($"chat m{i}")).ToList();

        Assert.Equal(3, _bridge.TrackedActivityCount);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        open[0].Stop();
        Assert.Empty(_recorder.Ended);
        open[5].Stop();
        Assert.Single(_recorder.Ended);

        clock.Advance(TimeSpan.FromMinutes(2));
        StartActivity("chat m6");
        StartActivity("chat m7");
        Assert.Equal(2, _logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
        foreach (var a in open)
        {
            a.Dispose();
        }
    }

    [Fact]
    public void The_traces_remembered_for_their_root_and_session_are_capped_like_the_tracked_activities()
    {
        Restart(o => o.MaxTrackedActivities = 3);
        var open = Enumerable.Range(0, 5).Select(i =>
        {
            Activity.Current = null;
            return StartActivity($"invoke_agent A{i}", ("gen_ai.operation.name", "invoke_agent"));
        }).ToList();

        Assert.Equal(5, open.Select(a => a.TraceId).Distinct().Count());
        Assert.Equal(3, _bridge.TrackedActivityCount);
        Assert.Equal(3, _bridge.Converter.TraceCount);

        // The most recent traces are the ones remembered: a second top-level activity of one of them is not a root.
        Activity.Current = null;
        var sibling = Source.StartActivity("invoke_agent B", ActivityKind.Internal, new ActivityContext(open[4].TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.None))!;
        sibling.SetTag("gen_ai.operation.name", "invoke_agent");
        Assert.False(_recorder.Started.Single(s => s.Id == sibling.SpanId.ToHexString()).IsRootSpan);
        Assert.True(_recorder.Started.Single(s => s.Id == open[4].SpanId.ToHexString()).IsRootSpan);
        Assert.Equal(3, _bridge.Converter.TraceCount);

        sibling.Dispose();
        foreach (var a in open)
        {
            a.Dispose();
        }
    }

    [Fact]
    public void Unmapped_tags_are_dropped_unless_asked_for_and_unknown_operations_are_generic()
    {
        var first = StartActivity("realtime", ("gen_ai.operation.name", "realtime"), ("custom.flag", true), ("gen_ai.request.model", "m"));
        first.Stop();
        Assert.Equal(SpanType.Generic, Ended(first).Type);
        Assert.False(Ended(first).Attributes!.Json.ContainsKey("custom.flag"));

        Restart(o => o.IncludeUnmappedTags = true);
        var second = StartActivity("realtime", ("gen_ai.operation.name", "realtime"), ("custom.flag", true), ("gen_ai.request.model", "m"));
        second.Stop();
        Assert.True((bool)Ended(second).Attributes!.Json["custom.flag"]!);
        Assert.False(Ended(second).Attributes!.Json.ContainsKey("gen_ai.request.model"));

        var noise = StartActivity("something else");
        noise.Stop();
        Assert.DoesNotContain(_recorder.Events, e => e.ExportedSpan.Id == noise.SpanId.ToHexString());
    }

    [Fact]
    public void Source_names_match_exactly_or_by_prefix_and_a_disposed_bridge_stops_listening()
    {
        var converter = new GenAIActivityConverter(_recorder, new GenAIActivityBridgeOptions());
        Assert.True(converter.ShouldListenTo("Experimental.Microsoft.Extensions.AI"));
        Assert.True(converter.ShouldListenTo("Microsoft.SemanticKernel.Diagnostics"));
        Assert.True(converter.ShouldListenTo("Microsoft.SemanticKernel"));
        Assert.False(converter.ShouldListenTo("Experimental.Microsoft.Extensions.AI.Other"));
        Assert.False(converter.ShouldListenTo("System.Net.Http"));

        _bridge.Dispose();
        using var after = Source.StartActivity("chat m");
        Assert.Null(after); // no listener is left for the test source
        Assert.Empty(_recorder.Events);
    }
}
