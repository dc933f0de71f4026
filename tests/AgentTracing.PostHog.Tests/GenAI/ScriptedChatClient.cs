using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>An in-memory <see cref="IChatClient"/> that answers from a script: by default a tool call, then an answer, each with usage.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    public const string Model = "gpt-4o-mini";
    public const string ResponseModel = "gpt-4o-mini-2024-07-18";
    public const string Provider = "openai";

    private readonly Func<int, ChatResponse> _script;
    private int _calls;

    public ScriptedChatClient(Func<int, ChatResponse>? script = null) => _script = script ?? ToolThenAnswer;

    public int Calls => _calls;

    /// <summary>The scripted usage: call 1 (tool call) 100 in / 20 out (40 cached), call 2 (answer) 130 in / 12 out.</summary>
    public static (long Input, long Output) TotalUsage => (230, 32);

    public static ChatResponse ToolThenAnswer(int call) => call % 2 == 1
        ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]))
        {
            FinishReason = ChatFinishReason.ToolCalls,
            ModelId = ResponseModel,
            ResponseId = "chatcmpl-1",
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20, CachedInputTokenCount = 40 },
        }
        : Answer("It is 21C in Paris.", 130, 12, "chatcmpl-2");

    public static ChatResponse Answer(string text, long input, long output, string id = "chatcmpl-9") =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = ResponseModel,
            ResponseId = id,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
        };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_script(Interlocked.Increment(ref _calls)));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(Provider, new Uri("https://api.openai.com/v1"), Model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
