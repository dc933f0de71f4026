using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;
using AgentTracing.LoadTest;
using AgentTracing.PostHog;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace AgentTracing.Benchmarks;

/// <summary>
/// One request through a real Microsoft.Extensions.AI pipeline (<c>UseFunctionInvocation().UseOpenTelemetry()</c>, content
/// captured) over a scripted chat model: a 2 KB system prompt and a question, a model call asking for the weather tool,
/// the tool call, and the answer, which are 4 activities. Per activity: with a listener that only asks for all data (what
/// the pipeline itself costs once anyone listens), and traced by <see cref="GenAIActivityBridge"/> into the real
/// exporter and client: as the caller sees it (the bridge's worker converts the activities on another thread), and with
/// the conversion waited for after each request. The differences are the bridge's cost per activity on the caller's
/// thread and in all.
/// </summary>
[MemoryDiagnoser]
public class GenAIBridgeBenchmarks
{
    private const int ActivitiesPerRequest = 4;
    private const string SourceName = "Experimental.Microsoft.Extensions.AI";
    private readonly ChatMessage _system = new(ChatRole.System, SyntheticTraces.SystemPrompt);
    private readonly ChatMessage _question = new(ChatRole.User, "What is the weather in Paris?");
    private IChatClient _client = null!;
    private ChatOptions _options = null!;
    private PosthogExporter? _exporter;
    private GenAIActivityBridge? _bridge;
    private ActivityListener? _listener;

    [GlobalSetup(Target = nameof(ListenerOnly))]
    public void SetupListenerOnly()
    {
        CreatePipeline();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [GlobalSetup(Targets = [nameof(Bridged), nameof(BridgedAndConverted)])]
    public void SetupBridged()
    {
        CreatePipeline();
        _exporter = FreshSpans.CreateExporter();
        _bridge = new GenAIActivityBridge(_exporter);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _bridge?.Dispose();
        _exporter?.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true, Description = "MEAI request, a listener asking for all data (per activity)", OperationsPerInvoke = ActivitiesPerRequest)]
    public Task<ChatResponse> ListenerOnly() => _client.GetResponseAsync([_system, _question], _options);

    [Benchmark(Description = "MEAI request traced by GenAIActivityBridge → exporter (per activity)", OperationsPerInvoke = ActivitiesPerRequest)]
    public Task<ChatResponse> Bridged() => _client.GetResponseAsync([_system, _question], _options);

    [Benchmark(Description = "MEAI request traced by GenAIActivityBridge → exporter, conversion waited for (per activity)", OperationsPerInvoke = ActivitiesPerRequest)]
    public async Task<ChatResponse> BridgedAndConverted()
    {
        var response = await _client.GetResponseAsync([_system, _question], _options).ConfigureAwait(false);
        _bridge!.Converter.Drain();
        return response;
    }

    private void CreatePipeline()
    {
        var weather = AIFunctionFactory.Create(([Description("The city")] string city) => "{\"tempC\":21,\"conditions\":\"sunny\"}", "get_weather", "Gets the current weather of a city");
        _client = new ChatClientBuilder(new ScriptedWeatherChatClient())
            .UseFunctionInvocation()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();
        _options = new ChatOptions { Tools = [weather], Temperature = 0.2f, MaxOutputTokens = 512, ModelId = "gpt-4o-mini" };
    }
}
