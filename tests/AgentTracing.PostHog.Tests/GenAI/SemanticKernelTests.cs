using System;
using System.ComponentModel;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// Semantic Kernel 1.82 with its GenAI diagnostics (and their sensitive part) switched on: a prompt with automatic function
/// calling through SK's OpenAI connector, whose HTTP calls a scripted in-memory handler answers (no network).
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class SemanticKernelTests
{
    static SemanticKernelTests()
    {
        // SK reads these switches once per process; no other test uses Semantic Kernel.
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnostics", true);
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive", true);
    }

    [Fact]
    public async Task A_prompt_with_automatic_function_calling_is_one_trace_with_generations_and_the_kernel_function()
    {
        await using var p = await GenAIPipeline.StartAsync();
        var handler = new ScriptedOpenAIHandler();
        using var http = new HttpClient(handler);
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion("gpt-4o-mini", "sk-test", httpClient: http);
        var kernel = builder.Build();
        kernel.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod(
            ([Description("The city")] string city) => $$"""{"tempC":21,"city":"{{city}}"}""", "get_weather", "Get weather")]);

        var result = await kernel.InvokePromptAsync(
            "Weather in Paris?",
            new KernelArguments(new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), Temperature = 0.2, MaxTokens = 512 }));
        Assert.Equal("It is 21C in Paris.", result.ToString());

        var events = await p.SentEventsAsync();
        Assert.Equal(["$ai_generation", "$ai_span", "$ai_generation", "$ai_trace"], events.Select(Event));
        var traceId = AssertOneTreeWithoutOrphans(events);

        // The prompt function is SK's outermost span (execute_tool InvokePromptAsync_...): the trace.
        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        Assert.StartsWith("execute_tool InvokePromptAsync", Prop(trace, "$ai_span_name"), StringComparison.Ordinal);
        Assert.Equal("It is 21C in Paris.", Prop(trace, "$ai_output_state"));

        var generations = OfKind(events, "$ai_generation");
        Assert.All(generations, g =>
        {
            Assert.Equal(traceId, Prop(g, "$ai_parent_id"));
            Assert.Equal("gpt-4o-mini", Prop(g, "$ai_model"));
            Assert.Equal("openai", Prop(g, "$ai_provider")); // from gen_ai.system
        });
        Assert.Equal([100L, 130L], generations.Select(g => Number(g, "$ai_input_tokens")!.Value));
        Assert.Equal([20L, 12L], generations.Select(g => Number(g, "$ai_output_tokens")!.Value));
        Assert.Equal((230L, 32L), TokenTotals(events));

        // Content comes from SK's message events.
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", Props(generations[0])["$ai_input"]);
        JsonAssert.Equal(
            """[{"role":"assistant","content":[{"type":"tool-call","id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}]""",
            Props(generations[0])["$ai_output_choices"]);
        JsonAssert.Equal("""[{"role":"assistant","content":[{"type":"text","text":"It is 21C in Paris."}]}]""", Props(generations[1])["$ai_output_choices"]);
        Assert.Equal(["user", "assistant", "tool"], Props(generations[1])["$ai_input"]!.AsArray().Select(m => (string?)m!["role"]));

        var tool = Assert.Single(OfKind(events, "$ai_span"));
        Assert.Equal("execute_tool get_weather", Prop(tool, "$ai_span_name"));
        Assert.Equal(traceId, Prop(tool, "$ai_parent_id"));
        JsonAssert.Equal("""{"city":"Paris"}""", Props(tool)["$ai_input_state"]);
        JsonAssert.Equal("""{"tempC":21,"city":"Paris"}""", Props(tool)["$ai_output_state"]);
        Assert.Equal(2, handler.Calls);
    }

    /// <summary>Answers OpenAI chat-completion requests: first a tool call, then the answer, each with usage.</summary>
    private sealed class ScriptedOpenAIHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var body = call == 1
                ? """{"id":"chatcmpl-1","object":"chat.completion","created":1767258000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather-get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}"""
                : """{"id":"chatcmpl-2","object":"chat.completion","created":1767258001,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"It is 21C in Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":130,"completion_tokens":12,"total_tokens":142}}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
