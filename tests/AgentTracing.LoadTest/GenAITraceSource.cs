using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using Microsoft.Extensions.AI;

namespace AgentTracing.LoadTest;

/// <summary>
/// A real Microsoft.Extensions.AI pipeline (<c>UseFunctionInvocation().UseOpenTelemetry()</c>, content captured) over a
/// scripted chat model, traced by a <see cref="GenAIActivityBridge"/> with default options. Each trace is one request of
/// the synthetic traces' shape: a 2 KB system prompt and a question, a model call that asks for the weather tool, the
/// tool call, and a model call that answers (4 activities: orchestrate_tools, chat, execute_tool, chat).
/// </summary>
/// <remarks>
/// The caller's cost is the time spent in the bridge's start and stop callbacks, which run on the caller's thread: two
/// listeners of the same source bracket the bridge's (listeners are called in the order they were added), and the
/// time between them is summed per activity. The conversion the callbacks queue runs on the bridge's worker, and the
/// pipeline's own work (Microsoft.Extensions.AI writing the activity tags once someone listens) on the caller's thread:
/// neither is part of it, both are part of the process CPU time.
/// </remarks>
internal sealed class GenAITraceSource : ITraceSource
{
    /// <summary>The name of the thread on which the bridge converts the activities its callbacks queue.</summary>
    public const string BridgeThreadName = "PostHog GenAI bridge";

    private const string SourceName = "Experimental.Microsoft.Extensions.AI";

    private readonly ActivityListener _before;
    private readonly GenAIActivityBridge _bridge;
    private readonly ActivityListener _after;
    private readonly IChatClient _client;
    private readonly ChatOptions _options;
    private readonly ChatMessage _system = new(ChatRole.System, SyntheticTraces.SystemPrompt);
    private readonly ChatMessage _question = new(ChatRole.User, "What is the weather in Paris?");
    private long _enteredBridge;
    private long _allocatedBefore;
    private long _bridgeTicks;
    private long _activities;

    public GenAITraceSource(PosthogExporter exporter, TimeSpan modelLatency)
    {
        _before = Listen(_ => Enter(), _ => Enter());
        _bridge = new GenAIActivityBridge(exporter);
        _after = Listen(
            _ =>
            {
                Leave();
                _activities++;
            },
            _ => Leave());

        var weather = AIFunctionFactory.Create(([Description("The city")] string city) => "{\"tempC\":21,\"conditions\":\"sunny\"}", "get_weather", "Gets the current weather of a city");
        _client = new ChatClientBuilder(new ScriptedWeatherChatClient(modelLatency))
            .UseFunctionInvocation()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();
        _options = new ChatOptions { Tools = [weather], Temperature = 0.2f, MaxOutputTokens = 512, ModelId = "gpt-4o-mini" };
    }

    /// <summary>The bytes the bridge's callbacks allocated on the caller's thread.</summary>
    public long BridgeAllocatedBytes { get; private set; }

    public async Task<(long CallerTicks, long Units)> ExportAsync(int firstTrace, int traces, DateTimeOffset start)
    {
        var ticksBefore = _bridgeTicks;
        var activitiesBefore = _activities;
        for (var i = 0; i < traces; i++)
        {
            // The app's request: its user travels as baggage, as in an ASP.NET Core app.
            var trace = firstTrace + i;
            using var request = new Activity("load request")
                .AddBaggage("user.id", "user-" + (((trace % 97) + 97) % 97).ToString(CultureInfo.InvariantCulture))
                .Start();
            _ = await _client.GetResponseAsync([_system, _question], _options).ConfigureAwait(false);
        }

        return (_bridgeTicks - ticksBefore, _activities - activitiesBefore);
    }

    public void Dispose()
    {
        _after.Dispose();
        _bridge.Dispose();
        _before.Dispose();
        _client.Dispose();
    }

    private void Enter()
    {
        _allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        _enteredBridge = Stopwatch.GetTimestamp();
    }

    private void Leave()
    {
        _bridgeTicks += Stopwatch.GetTimestamp() - _enteredBridge;
        BridgeAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - _allocatedBefore;
    }

    private static ActivityListener Listen(Action<Activity> started, Action<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.None,
            ActivityStarted = started,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
