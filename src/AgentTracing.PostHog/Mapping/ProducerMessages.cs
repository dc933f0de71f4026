using System.Text.Json;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// A generation's input or output as the producer gave it, or <paramref name="converted"/> (by <see cref="ValueConverter"/>),
/// normalised by <see cref="MessageNormalizer"/>.
/// </summary>
internal readonly struct ProducerMessages(object? value, string defaultRole, bool converted) : IMessageSource
{
    /// <inheritdoc />
    public bool TryWrite(Utf8JsonWriter writer, ByteBufferWriter buffer, ValueConverter converter, ref InputIssues issues) =>
        MessageNormalizer.TryWrite(writer, buffer, converter, value, defaultRole, converted, ref issues);
}
