using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AgentDemo;

/// <summary>
/// A chat model without a model: when the last message is the user's question it asks for the weather tool; once the
/// tool result is in, it answers from it. Each call reports realistic token usage.
/// </summary>
internal sealed class ScriptedWeatherChatClient : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(120, cancellationToken); // a little latency, as a provider call has
        var history = messages.ToList();
        var result = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        if (result is null)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..8], "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]))
            {
                FinishReason = ChatFinishReason.ToolCalls,
                ModelId = "gpt-4o-mini-2024-07-18",
                ResponseId = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
                Usage = new UsageDetails { InputTokenCount = 112, OutputTokenCount = 18, CachedInputTokenCount = 64 },
            };
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"It is {result.Result} in Paris right now."))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = "gpt-4o-mini-2024-07-18",
            ResponseId = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            Usage = new UsageDetails { InputTokenCount = 151, OutputTokenCount = 14 },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://api.openai.com/v1"), "gpt-4o-mini")
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
