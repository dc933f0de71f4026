using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AgentTracing.LoadTest;

/// <summary>
/// A chat model without a model or latency: to the user's question it answers with a weather tool call; once the tool
/// result is the last message, it answers in text. Each call reports usage, as the synthetic traces' steps do.
/// </summary>
internal sealed class ScriptedWeatherChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("openai", new Uri("https://api.openai.com/v1"), "gpt-4o-mini");
    private long _calls;

    private readonly TimeSpan _latency;

    /// <summary>A model that answers at once, or after <paramref name="latency"/> as a real one would (the caller's thread idles meanwhile).</summary>
    public ScriptedWeatherChatClient(TimeSpan latency = default) => _latency = latency;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, cancellationToken).ConfigureAwait(false);
        }

        var call = Interlocked.Increment(ref _calls);
        ChatMessage? last = null;
        foreach (var message in messages)
        {
            last = message;
        }

        var toolResultIsIn = last is not null && last.Role == ChatRole.Tool;
        var response = toolResultIsIn
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is sunny."))
            {
                FinishReason = ChatFinishReason.Stop,
                Usage = new UsageDetails { InputTokenCount = 640, OutputTokenCount = 12, CachedInputTokenCount = 512 },
            }
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_" + call.ToString(CultureInfo.InvariantCulture), "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]))
            {
                FinishReason = ChatFinishReason.ToolCalls,
                Usage = new UsageDetails { InputTokenCount = 600, OutputTokenCount = 12, CachedInputTokenCount = 512 },
            };
        response.ModelId = "gpt-4o-mini-2024-07-18";
        response.ResponseId = "chatcmpl-" + call.ToString(CultureInfo.InvariantCulture);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
