namespace AgentTracing.PostHog;

/// <summary>Messages already written as UTF-8 JSON, with the value they were written from and the bad input found on the way.</summary>
/// <param name="Source">The producer's value they were written from; they stand for it only while it is the same object.</param>
/// <param name="Utf8">The messages, comma-separated, without the enclosing array.</param>
/// <param name="Issues">What writing them repaired.</param>
internal sealed record WrittenMessages(object? Source, byte[] Utf8, InputIssues Issues) : IMessageSource
{
    /// <summary>Writes the messages again as a message array, copying their bytes.</summary>
    public bool TryWrite(System.Text.Json.Utf8JsonWriter writer, Client.Internal.ByteBufferWriter buffer, ValueConverter converter, ref InputIssues issues)
    {
        writer.WriteStartArray();
        if (Utf8.Length > 0)
        {
            writer.WriteRawValue(Utf8, skipInputValidation: true);
        }

        writer.WriteEndArray();
        issues |= Issues;
        return true;
    }
}
