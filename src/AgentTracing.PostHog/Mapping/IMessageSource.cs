using System.Text.Json;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>Something written as a PostHog message array straight to UTF-8: a producer's messages, or a call's rebuilt conversation.</summary>
internal interface IMessageSource
{
    /// <summary>Writes the array; returns <see langword="false"/> for a shape it does not write this way (what it wrote then does not count).</summary>
    bool TryWrite(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, ref InputIssues issues);
}
