using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.AI;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>Microsoft.Extensions.AI 10.11: <c>UseFunctionInvocation().UseOpenTelemetry()</c> over a scripted client, through the bridge to a local PostHog.</summary>
[Collection(GenAICollection.Name)]
public sealed class MeaiPipelineTests
{
    private static ChatOptions WeatherOptions() => new()
    {
        Tools = [WeatherTools.GetWeather],
        Temperature = 0.2f,
        MaxOutputTokens = 512,
        ConversationId = "conv-42",
    };

    private static IChatClient Pipeline(ScriptedChatClient inner, bool sensitive) =>
        new ChatClientBuilder(inner).UseFunctionInvocation().UseOpenTelemetry(configure: c => c.EnableSensitiveData = sensitive).Build();

    [Fact]
    public async Task A_tool_call_then_an_answer_is_one_trace_with_a_generation_per_model_call_and_the_tool_under_the_trace()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: true);

        using var request = new Activity("app request").AddBaggage("user.id", "user-7").Start();
        var response = await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
        request.Stop();
        Assert.Equal("It is 21C in Paris.", response.Text);

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(Event));
        var traceId = AssertOneTreeWithoutOrphans(events);
        Assert.Equal(request.TraceId.ToHexString(), traceId);
        Assert.All(events, e => Assert.Equal("user-7", (string?)e["distinct_id"]));

        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.Equal("orchestrate_tools", Prop(trace, "$ai_span_name"));
        Assert.DoesNotContain(Props(trace), p => p.Key.Contains("tokens", StringComparison.Ordinal));
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", Props(trace)["$ai_input_state"]);
        JsonAssert.Equal("""[{"role":"assistant","content":[{"type":"text","text":"It is 21C in Paris."}]}]""", Props(trace)["$ai_output_state"]);

        var generations = OfKind(events, "$ai_generation");
        Assert.All(generations, g =>
        {
            Assert.Equal(traceId, Prop(g, "$ai_parent_id"));
            Assert.Equal("gpt-4o-mini", Prop(g, "$ai_model"));
            Assert.Equal("openai", Prop(g, "$ai_provider"));
            Assert.Equal(0.2, (double)Props(g)["$ai_temperature"]!);
            Assert.Equal(512, Number(g, "$ai_max_tokens"));
            Assert.Equal("get_weather", (string?)Props(g)["$ai_tools"]![0]!["function"]!["name"]);
        });
        Assert.Equal(100, Number(generations[0], "$ai_input_tokens"));
        Assert.Equal(20, Number(generations[0], "$ai_output_tokens"));
        Assert.Equal(40, Number(generations[0], "$ai_cache_read_input_tokens"));
        Assert.Equal(130, Number(generations[1], "$ai_input_tokens"));
        Assert.Equal(12, Number(generations[1], "$ai_output_tokens"));
        Assert.Equal("conv-42", Prop(generations[0], "$ai_session_id"));
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", Props(generations[0])["$ai_input"]);
        JsonAssert.Equal(
            """[{"role":"assistant","content":[{"type":"tool-call","id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}]""",
            Props(generations[0])["$ai_output_choices"]);
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));

        var tool = Assert.Single(OfKind(events, "$ai_span"));
        Assert.Equal("execute_tool get_weather", Prop(tool, "$ai_span_name"));
        Assert.Equal(traceId, Prop(tool, "$ai_parent_id"));
        Assert.Equal("call_1", Prop(tool, "toolCallId"));
        Assert.True((bool)Props(tool)["success"]!);
        Assert.False((bool)Props(tool)["$ai_is_error"]!);
        JsonAssert.Equal("""{"city":"Paris"}""", Props(tool)["$ai_input_state"]);
        Assert.Contains("21", Props(tool)["$ai_output_state"]!.ToJsonString(), StringComparison.Ordinal);

        // Four starts and four ends; the chat spans were provisional steps at start (no tags yet).
        Assert.Equal(4, p.Recorder.Started.Count);
        Assert.Equal(4, p.Recorder.Ended.Count);
        Assert.Equal(
            [SpanType.ModelGeneration, SpanType.ModelStep, SpanType.ToolCall, SpanType.ModelStep],
            p.Recorder.Started.Select(s => s.Type));
        Assert.Equal(0, p.Bridge.TrackedActivityCount);
    }

    [Fact]
    public async Task The_second_calls_input_shows_the_tool_result_under_the_name_of_its_tool_call()
    {
        // PostHog's message rendering (normalizeMessage in products/llm_analytics/frontend/utils.ts and the recipe
        // normaliser) shows a tool result without a tool name as raw JSON; the name comes from the call with its id.
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: true);

        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());

        var events = await p.SentEventsAsync();
        var second = OfKind(events, "$ai_generation")[1];
        var input = Assert.IsType<JsonArray>(Props(second)["$ai_input"]);
        Assert.Equal(3, input.Count);
        JsonAssert.Equal(
            """{"role":"assistant","content":[{"type":"tool-call","id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}""",
            input[1]);
        JsonAssert.Equal(
            """{"role":"tool","content":[{"type":"tool-result","toolCallId":"call_1","toolName":"get_weather","output":{"tempC":21,"city":"Paris"}}]}""",
            input[2]);
    }

    [Fact]
    public async Task Two_tool_loops_in_one_request_are_one_trace_with_one_trace_event_and_the_second_loop_under_it()
    {
        // PostHog's trace query (TraceQueryRunner in posthog/hogql_queries/ai/trace_query_runner.py) names a trace and
        // takes its input and output from one $ai_trace of the trace id (argMinIf), and the trace page's restoreTree
        // puts an event without $ai_parent_id directly under its $ai_trace_id: the second loop must not be a second
        // $ai_trace, and every node must hang from the trace or a node that was sent.
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: true);

        // Stands for the ASP.NET Core request activity: a parent from a source the bridge does not listen to.
        using var request = new Activity("GET /weather").Start();
        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
        await client.GetResponseAsync("And tomorrow?", WeatherOptions());
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(8, events.Count);
        var traceId = AssertOneTreeWithoutOrphans(events);
        Assert.Equal(request.TraceId.ToHexString(), traceId);
        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.Equal("orchestrate_tools", Prop(trace, "$ai_span_name"));
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", Props(trace)["$ai_input_state"]);

        var loops = p.Recorder.Ended.Where(s => s.Name == "orchestrate_tools").ToList();
        Assert.Equal([true, false], loops.Select(s => s.IsRootSpan));
        Assert.Null(loops[1].ParentSpanId);
        var second = events.Single(e => NodeId(e) == loops[1].Id);
        Assert.Equal("$ai_generation", Event(second));
        Assert.False(Props(second).ContainsKey("$ai_parent_id"));
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"And tomorrow?"}]}]""", Props(second)["$ai_input"]);
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation"], events.Where(e => Prop(e, "$ai_parent_id") == traceId).Select(Event));
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation"], events.Where(e => Prop(e, "$ai_parent_id") == loops[1].Id).Select(Event));

        // Each loop's calls report their tokens; the loops themselves carry none, so the totals count every call once.
        Assert.Equal((460, 64), TokenTotals(events));
        Assert.Null(Number(second, "$ai_input_tokens"));
        Assert.Equal(1, p.Bridge.Converter.TraceCount);
    }

    [Fact]
    public async Task A_lone_call_before_a_tool_loop_in_one_request_leaves_the_trace_event_to_the_loop()
    {
        // A lone call is a generation without a parent (restoreTree puts it under its $ai_trace_id); it is never the
        // trace's $ai_trace, so the loop after it in the same request still gives the trace its name and state.
        await using var p = await GenAIPipeline.StartAsync();
        using var lone = new ChatClientBuilder(new ScriptedChatClient(_ => ScriptedChatClient.Answer("Hi!", 7, 3))).UseOpenTelemetry().Build();
        using var loop = Pipeline(new ScriptedChatClient(), sensitive: true);

        using var request = new Activity("POST /chat").Start();
        await lone.GetResponseAsync("Hello");
        await loop.GetResponseAsync("Weather in Paris?", WeatherOptions());
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_generation", "$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(Event));
        var traceId = AssertOneTreeWithoutOrphans(events);
        Assert.False(Props(events[0]).ContainsKey("$ai_parent_id"));
        Assert.Equal("orchestrate_tools", Prop(Assert.Single(OfKind(events, "$ai_trace")), "$ai_span_name"));
        Assert.All(events.Skip(1).Take(3), e => Assert.Equal(traceId, Prop(e, "$ai_parent_id")));
        Assert.Equal((237, 35), TokenTotals(events));
    }

    [Fact]
    public async Task Every_event_of_the_trace_carries_the_session_once_a_call_of_it_has_one()
    {
        // The trace query runner reads a trace's session with any(session_id) over its events, and the sessions view
        // groups events by $ai_session_id: the tool span and the trace event, which have no conversation id of their
        // own (only the chat calls do), must carry it too.
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: false);

        using var request = new Activity("POST /chat").Start();
        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
        await client.GetResponseAsync("And tomorrow?", WeatherOptions());
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(8, events.Count);
        Assert.All(events, e => Assert.Equal("conv-42", Prop(e, "$ai_session_id")));
        var tool = p.Recorder.Ended.First(s => s.Type == SpanType.ToolCall);
        Assert.Equal("conv-42", tool.Metadata!["sessionId"]);
    }

    [Fact]
    public async Task Two_conversations_in_one_request_keep_their_own_session_on_every_event_of_each_loop()
    {
        // The sessions view groups events by $ai_session_id: each loop's tool span and the loop itself belong to the
        // conversation of the calls under them, not to the first conversation of the request.
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: false);

        using var request = new Activity("POST /chat").Start();
        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
        var other = WeatherOptions();
        other.ConversationId = "conv-43";
        await client.GetResponseAsync("Weather in Lyon?", other);
        request.Stop();

        var events = await p.SentEventsAsync();
        Assert.Equal(8, events.Count);
        var secondLoop = p.Recorder.Ended.Where(s => s.Name == "orchestrate_tools").Last().Id;
        var second = events.Where(e => NodeId(e) == secondLoop || Prop(e, "$ai_parent_id") == secondLoop).ToList();
        Assert.Equal(4, second.Count);
        Assert.All(second, e => Assert.Equal("conv-43", Prop(e, "$ai_session_id")));
        Assert.All(events.Except(second), e => Assert.Equal("conv-42", Prop(e, "$ai_session_id")));
    }

    [Fact]
    public async Task Finish_reason_server_time_to_first_token_and_reasoning_and_cached_tokens_reach_the_span_in_the_models_fields()
    {
        // What PostHog reads from them: $ai_stop_reason, $ai_base_url (PostHog's own OpenTelemetry mapping,
        // mapOtelAttributes in attribute-mapping.ts, takes it from server.address), $ai_time_to_first_token,
        // $ai_reasoning_tokens (calculateOutputCost in output-costs.ts) and $ai_cache_read_input_tokens
        // (input-costs.ts). The exporter derives them from these model fields, checked here on the wire.
        await using var p = await GenAIPipeline.StartAsync();
        var inner = new ScriptedChatClient(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "Done."))
        {
            FinishReason = ChatFinishReason.Length,
            ModelId = ScriptedChatClient.ResponseModel,
            Usage = new UsageDetails { InputTokenCount = 300, OutputTokenCount = 50, CachedInputTokenCount = 120, ReasoningTokenCount = 30 },
        });
        using var client = new ChatClientBuilder(inner).UseOpenTelemetry().Build();

        await foreach (var update in client.GetStreamingResponseAsync("Think hard"))
        {
            Assert.NotNull(update);
        }

        var span = Assert.Single(p.Recorder.Ended);
        JsonAssert.Contains(
            """
            {"finishReason":"length","serverAddress":"api.openai.com","serverPort":443,"streaming":true,
             "usage":{"inputTokens":300,"outputTokens":50,"inputDetails":{"cacheRead":120},"outputDetails":{"reasoning":30}}}
            """,
            span.Attributes!.Json);
        var firstToken = DateTimeOffset.Parse((string)span.Attributes.Json["completionStartTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(firstToken, span.StartTime.AddMilliseconds(-1), span.EndTime!.Value.AddMilliseconds(1));

        var generation = Assert.Single(await p.SentEventsAsync());
        Assert.Equal(300, Number(generation, "$ai_input_tokens"));
        Assert.Equal(120, Number(generation, "$ai_cache_read_input_tokens"));
        Assert.Equal(50, Number(generation, "$ai_output_tokens"));
        Assert.Equal(30, Number(generation, "$ai_reasoning_tokens"));
        Assert.Equal(false, (bool?)generation["properties"]!["$ai_cache_reporting_exclusive"]);
        Assert.Equal("length", Prop(generation, "$ai_stop_reason"));
        Assert.Equal("api.openai.com:443", Prop(generation, "$ai_base_url"));
        Assert.InRange((double)generation["properties"]!["$ai_time_to_first_token"]!, 0, (span.EndTime!.Value - span.StartTime).TotalSeconds + 0.001);
    }

    [Fact]
    public async Task Without_sensitive_data_no_content_is_sent_but_models_tokens_and_tools_are()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: false);

        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());

        var events = await p.SentEventsAsync();
        Assert.Equal(4, events.Count);
        AssertOneTreeWithoutOrphans(events);
        Assert.All(events, e => Assert.False(HasAnyContent(e), e.ToJsonString()));
        Assert.All(OfKind(events, "$ai_generation"), g => Assert.Equal("gpt-4o-mini", Prop(g, "$ai_model")));
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
        Assert.Equal("execute_tool get_weather", Prop(Assert.Single(OfKind(events, "$ai_span")), "$ai_span_name"));
    }

    [Fact]
    public async Task Privacy_mode_removes_content_even_when_the_library_captured_it()
    {
        await using var p = await GenAIPipeline.StartAsync(o => o.EnablePrivacyMode = true);
        using var client = Pipeline(new ScriptedChatClient(), sensitive: true);

        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());

        var events = await p.SentEventsAsync();
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.False(HasAnyContent(e), e.ToJsonString()));
        Assert.DoesNotContain(events, e => e.ToJsonString().Contains("Paris", StringComparison.Ordinal));
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));

        // The bridge itself did read the content: privacy is the exporter's decision.
        Assert.Contains(p.Recorder.Ended, s => s.Input is not null);
    }

    [Fact]
    public async Task A_lone_chat_call_is_one_generation_without_parent_and_no_trace_event()
    {
        await using var p = await GenAIPipeline.StartAsync();
        var inner = new ScriptedChatClient(_ => ScriptedChatClient.Answer("Hello!", 7, 3));
        using var client = new ChatClientBuilder(inner).UseOpenTelemetry().Build();

        await client.GetResponseAsync("Hi");

        var events = await p.SentEventsAsync();
        var generation = Assert.Single(events);
        Assert.Equal("$ai_generation", Event(generation));
        Assert.False(Props(generation).ContainsKey("$ai_parent_id"));
        Assert.Equal(7, Number(generation, "$ai_input_tokens"));
        Assert.Equal(3, Number(generation, "$ai_output_tokens"));
        Assert.Equal("gpt-4o-mini", Prop(generation, "$ai_model"));

        var started = Assert.Single(p.Recorder.Started);
        Assert.True(started.IsRootSpan);
        var ended = Assert.Single(p.Recorder.Ended);
        Assert.False(ended.IsRootSpan);
        Assert.Null(ended.ParentSpanId);
        Assert.Equal(SpanType.ModelStep, ended.Type);
    }

    [Fact]
    public async Task A_parent_chat_loop_becomes_the_generation_root_and_tokens_are_counted_once()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var client = new ChatClientBuilder(new ScriptedChatClient())
            .UseOpenTelemetry()
            .UseFunctionInvocation()
            .UseOpenTelemetry()
            .Build();

        await client.GetResponseAsync("Weather in Paris?", WeatherOptions());

        var events = await p.SentEventsAsync();
        var traceId = AssertOneTreeWithoutOrphans(events);
        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.Equal("chat gpt-4o-mini", Prop(trace, "$ai_span_name"));
        var outer = p.Recorder.Ended.Single(s => s.IsRootSpan);
        Assert.Equal(SpanType.ModelGeneration, outer.Type);
        Assert.Equal(SpanType.ModelStep, p.Recorder.Started.Single(s => s.Id == outer.Id).Type);

        // orchestrate_tools is a generation under the trace, without tokens (its steps report them); the steps hang off it.
        var orchestrate = p.Recorder.Ended.Single(s => s.Name == "orchestrate_tools");
        Assert.Equal(outer.Id, orchestrate.ParentSpanId);
        var generations = OfKind(events, "$ai_generation");
        Assert.Equal(3, generations.Count);
        var loop = generations.Single(g => NodeId(g) == orchestrate.Id);
        Assert.Equal(traceId, Prop(loop, "$ai_parent_id"));
        Assert.Null(Number(loop, "$ai_input_tokens"));
        var steps = generations.Where(g => g != loop).ToList();
        Assert.All(steps, g => Assert.Equal(orchestrate.Id, Prop(g, "$ai_parent_id")));
        Assert.All(steps, g => Assert.NotNull(Number(g, "$ai_input_tokens")));
        Assert.Single(OfKind(events, "$ai_span"), s => Prop(s, "$ai_span_name") == "execute_tool get_weather");
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
    }

    [Fact]
    public async Task A_tool_that_throws_is_an_error_span_with_the_exception_message_and_type()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var client = new ChatClientBuilder(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry().Build();

        await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [WeatherTools.Failing] });

        var events = await p.SentEventsAsync();
        AssertOneTreeWithoutOrphans(events);
        var tool = Assert.Single(OfKind(events, "$ai_span"));
        Assert.True((bool)Props(tool)["$ai_is_error"]!);
        Assert.False((bool)Props(tool)["success"]!);
        Assert.Contains("weather service down", Props(tool).ToJsonString(), StringComparison.Ordinal);

        var span = p.Recorder.Ended.Single(s => s.Type == SpanType.ToolCall);
        Assert.Equal("weather service down", span.ErrorInfo!.Message);
        Assert.Equal("System.InvalidOperationException", span.ErrorInfo.Id);
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
    }

    [Fact]
    public async Task Streaming_calls_are_generations_marked_as_streamed()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var client = Pipeline(new ScriptedChatClient(), sensitive: true);

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("Weather in Paris?", WeatherOptions()))
        {
            text += update.Text;
        }

        Assert.Equal("It is 21C in Paris.", text);
        var events = await p.SentEventsAsync();
        AssertOneTreeWithoutOrphans(events);
        var generations = OfKind(events, "$ai_generation");
        Assert.Equal(2, generations.Count);
        Assert.All(generations, g => Assert.True((bool)Props(g)["$ai_stream"]!));
        Assert.Equal(ScriptedChatClient.TotalUsage, TokenTotals(events));
    }

    [Fact]
    public async Task A_custom_source_name_is_captured_only_once_added_to_the_source_names()
    {
        await using (var p = await GenAIPipeline.StartAsync())
        {
            using var client = new ChatClientBuilder(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry(sourceName: "MyApp.AI").Build();
            await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
            Assert.Empty(await p.SentEventsAsync());
            Assert.Empty(p.Recorder.Events);
        }

        await using (var p = await GenAIPipeline.StartAsync(bridgeOptions: o => o.SourceNames.Add("MyApp.*")))
        {
            using var client = new ChatClientBuilder(new ScriptedChatClient()).UseFunctionInvocation().UseOpenTelemetry(sourceName: "MyApp.AI").Build();
            await client.GetResponseAsync("Weather in Paris?", WeatherOptions());
            var events = await p.SentEventsAsync();
            Assert.Equal(4, events.Count);
            AssertOneTreeWithoutOrphans(events);
        }
    }

    [Fact]
    public async Task An_embeddings_call_is_a_generation_with_input_tokens_only()
    {
        await using var p = await GenAIPipeline.StartAsync();
        using var generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(new ScriptedEmbeddingGenerator()).UseOpenTelemetry().Build();

        await generator.GenerateAsync(["Paris", "Lyon"]);

        var events = await p.SentEventsAsync();
        var generation = Assert.Single(events);
        Assert.Equal("$ai_generation", Event(generation));
        Assert.Equal(ScriptedEmbeddingGenerator.Model, Prop(generation, "$ai_model"));
        Assert.Equal(6, Number(generation, "$ai_input_tokens"));
        Assert.Null(Number(generation, "$ai_output_tokens"));
        Assert.Equal(SpanType.ModelStep, Assert.Single(p.Recorder.Ended).Type);
    }

    [Fact]
    public async Task Content_follows_the_apps_OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT_setting()
    {
        // MEAI reads the variable once per process, so this test loads a fresh copy of Microsoft.Extensions.AI into its
        // own load context (sharing the abstractions) after setting it, as an app that sets it at startup would.
        const string Variable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
        await using var p = await GenAIPipeline.StartAsync();
        var context = new System.Runtime.Loader.AssemblyLoadContext("meai-content-capture", isCollectible: true);
        Environment.SetEnvironmentVariable(Variable, "true");
        try
        {
            var assembly = context.LoadFromAssemblyPath(typeof(OpenTelemetryChatClient).Assembly.Location);
            var type = assembly.GetType(typeof(OpenTelemetryChatClient).FullName!, throwOnError: true)!;
            var inner = new ScriptedChatClient(_ => ScriptedChatClient.Answer("Bonjour!", 5, 2));
            using var client = (IChatClient)Activator.CreateInstance(type, inner, null, null)!;

            await client.GetResponseAsync("Say hello in French");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            context.Unload();
        }

        var generation = Assert.Single(await p.SentEventsAsync());
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Say hello in French"}]}]""", Props(generation)["$ai_input"]);
        JsonAssert.Equal("""[{"role":"assistant","content":[{"type":"text","text":"Bonjour!"}]}]""", Props(generation)["$ai_output_choices"]);
    }
}
