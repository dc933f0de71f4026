using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.Tests.GenAI.PostHogTree;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>GenAI calls made while a real ASP.NET Core app on 127.0.0.1 handles a request, through the bridge to a local PostHog.</summary>
[Collection(GenAICollection.Name)]
public sealed class AspNetCoreRequestTests
{
    [Fact]
    public async Task Two_chat_calls_in_one_ASP_NET_Core_request_send_one_trace_event_and_hang_every_event_in_its_tree()
    {
        // The trace query runner (posthog/hogql_queries/ai/trace_query_runner.py) takes a trace's name, input and
        // output from one $ai_trace (argMinIf) and restoreTree (trace page) hangs events without $ai_parent_id under
        // the trace id: one $ai_trace for the request's trace id, every other event a node of its tree.
        await using var p = await GenAIPipeline.StartAsync();

        // The request span exists when something listens to ASP.NET Core's source, as the OpenTelemetry SDK's ASP.NET
        // Core instrumentation does; the bridge itself does not listen to it.
        using var requestListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(requestListener);

        string? requestTraceId = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/weather", async () =>
        {
            requestTraceId = Activity.Current?.TraceId.ToHexString();
            using var client = new ChatClientBuilder(new ScriptedChatClient())
                .UseFunctionInvocation()
                .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
                .Build();
            var options = new ChatOptions { Tools = [WeatherTools.GetWeather], ConversationId = "conv-web" };
            var today = await client.GetResponseAsync("Weather in Paris?", options);
            var tomorrow = await client.GetResponseAsync("And tomorrow?", options);
            return Results.Text(today.Text + " " + tomorrow.Text);
        });
        await app.StartAsync();

        using (var http = new HttpClient())
        {
            Assert.Equal("It is 21C in Paris. It is 21C in Paris.", await http.GetStringAsync(app.Urls.First().TrimEnd('/') + "/weather"));
        }

        await app.StopAsync();

        var events = await p.SentEventsAsync();
        Assert.Equal(8, events.Count);
        var traceId = AssertOneTreeWithoutOrphans(events);
        Assert.NotNull(requestTraceId);
        Assert.Equal(requestTraceId, traceId);
        var trace = Assert.Single(OfKind(events, "$ai_trace"));
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", Props(trace)["$ai_input_state"]);
        Assert.Single(events, e => Event(e) != "$ai_trace" && !Props(e).ContainsKey("$ai_parent_id"));
        Assert.All(events, e => Assert.Equal("conv-web", Prop(e, "$ai_session_id")));
        Assert.Equal((460, 64), TokenTotals(events));
        Assert.Equal(0, p.Bridge.TrackedActivityCount);
    }
}
