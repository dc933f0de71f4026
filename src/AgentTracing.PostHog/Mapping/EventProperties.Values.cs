using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>The values of <see cref="EventProperties"/>: the exporter's keys, producers' values, messages and user keys.</summary>
internal sealed partial class EventProperties
{
    /// <summary>Converted values hold up to <see cref="ValueConverter.MaxDepth"/> + 1 nested containers.</summary>
    private static readonly JsonReaderOptions ReadBackOptions = new() { MaxDepth = ValueConverter.MaxDepth + 2 };

    /// <summary>Writes an exporter key: a producer's string (<see cref="ValueConverter.Text"/>).</summary>
    public void Set(string key, string value)
    {
        var start = Begin();
        _writer.WriteStringValue(Text(value));
        Commit(key, start);
    }

    /// <summary>Writes an exporter key.</summary>
    public void Set(string key, bool value)
    {
        var start = Begin();
        _writer.WriteBooleanValue(value);
        Commit(key, start);
    }

    /// <summary>Writes an exporter key.</summary>
    public void Set(string key, double value)
    {
        var start = Begin();
        DoubleText.Write(_writer, value);
        Commit(key, start);
    }

    /// <summary>Writes an exporter key from a producer's value, converted: non-finite numbers, unserialisable values and oversized strings become placeholders or are cut.</summary>
    public void SetConverted(string key, object? value)
    {
        var start = WriteConverted(key, value);
        Commit(key, start);
    }

    /// <summary>
    /// Writes an exporter key from a generation's input or output, normalised to PostHog's message form
    /// (<c>[{role, content: [parts]}]</c>) straight to UTF-8. A value whose shape shows only once converted (a CLR
    /// value, a node holding one) or that cannot be converted whole is converted first, then read back as nodes.
    /// </summary>
    public void SetMessages(string key, object? value, string defaultRole)
    {
        if (!TrySetMessages(key, new ProducerMessages(value, defaultRole, converted: false)))
        {
            TrySetMessages(key, new ProducerMessages(ConvertToNode(key, value), defaultRole, converted: true));
        }
    }

    /// <summary>Writes messages already written once for this trace, copying their bytes.</summary>
    public void SetMessages(string key, WrittenMessages messages) => TrySetMessages(key, messages);

    /// <summary>
    /// Writes the conversation a model call received; when it cannot be written straight to UTF-8, the call's own
    /// input (<paramref name="ownInput"/>) instead.
    /// </summary>
    public void SetConversation(string key, in CallConversation conversation, object? ownInput)
    {
        if (!TrySetMessages(key, conversation) && !JsonTruthiness.IsEmpty(ownInput))
        {
            SetMessages(key, ownInput, "user");
        }
    }

    /// <summary>Writes a message array straight to UTF-8, within the size limit; takes it back and returns <see langword="false"/> when the source cannot.</summary>
    private bool TrySetMessages<TSource>(string key, TSource source)
        where TSource : IMessageSource
    {
        var start = BeginTakeBack();
        var found = InputIssues.None;
        bool written;
        try
        {
            written = source.TryWrite(_writer, _values, _converter, ref found);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            written = false;
        }

        if (!written)
        {
            TakeBack(start);
            return false;
        }

        _issues |= found;
        FitMessages(start);
        Commit(key, start);
        return true;
    }

    /// <summary>Keeps the message array just written within <see cref="MessageLimits.MaxMessagesBytes"/>.</summary>
    private void FitMessages(int start)
    {
        _writer.Flush();
        if (MessageLimits.Fit(_values, start))
        {
            _issues |= InputIssues.MessagesLeftOut;
        }
    }

    /// <summary>Writes a user key unless it is protected; a later user layer replaces an earlier one.</summary>
    public void SetUser(string key, object? value)
    {
        // One slot lookup serves the three questions a user key asks.
        var slot = EncodedPropertyNames.SlotOf(key);
        if (!IsProtected(key, slot) && MayAddUser(key, slot))
        {
            var start = WriteConverted(key, value);
            Commit(key, slot, start, protect: false);
        }
    }

    /// <summary>
    /// Writes a user key unless it is protected, and only when its converted value is a JSON object when
    /// <paramref name="objectsOnly"/> is set.
    /// </summary>
    public void SetUser(string key, object? value, bool objectsOnly)
    {
        var slot = EncodedPropertyNames.SlotOf(key);
        if (IsProtected(key, slot) || !MayAddUser(key, slot))
        {
            return;
        }

        var start = WriteConverted(key, value);
        if (objectsOnly)
        {
            _writer.Flush();
            if (_values.Slice(start, 1)[0] != (byte)'{')
            {
                // Taken back; the comma the writer puts before its next value lands where this one began.
                _values.Truncate(start);
                return;
            }
        }

        Commit(key, slot, start, protect: false);
    }

    /// <summary>Converts a producer's value to a new node (with the same repairs as every value), remembering the first failure.</summary>
    private JsonNode? ConvertToNode(string key, object? value)
    {
        var start = WriteConverted(key, value);
        _writer.Flush();
        var reader = new Utf8JsonReader(_values.Slice(start, _values.WrittenCount - start), ReadBackOptions);
        var node = JsonNodeReader.Read(ref reader);

        // Taken back; the comma the writer puts before its next value lands where this one began.
        _values.Truncate(start);
        return node;
    }

    /// <summary>A producer's string made fit for the wire (<see cref="ValueConverter.Text"/>), for use as a key.</summary>
    public string Text(string value) => ValueConverter.Text(value, ref _issues);

    private int WriteConverted(string key, object? value)
    {
        var start = BeginTakeBack();
        _converter.WriteOrPlaceholder(_writer, _values, value, ref _issues, out var failure);
        if (failure is not null)
        {
            FirstFailure ??= (key, value!.GetType(), failure);
        }

        _afterValue = true;
        return start;
    }

    /// <summary>
    /// Starts an exporter key written in parts: JSON the caller writes as bytes (<see cref="WritePart(ReadOnlySpan{byte})"/>)
    /// around producers' values, each converted on its own (<see cref="WritePart(string, object?)"/>), so that a value
    /// that cannot be written becomes its placeholder alone. Ends with <see cref="EndParts"/>.
    /// </summary>
    public int BeginParts() => BeginTakeBack();

    /// <summary>Writes JSON bytes of a value begun with <see cref="BeginParts"/>.</summary>
    public void WritePart(ReadOnlySpan<byte> json) => _values.Write(json);

    /// <summary>Writes a producer's value, converted, into a value begun with <see cref="BeginParts"/>; <paramref name="key"/> names it in the failure report.</summary>
    public void WritePart(string key, object? value) => WriteConverted(key, value);

    /// <summary>Ends a value begun with <see cref="BeginParts"/> at <paramref name="start"/>.</summary>
    public void EndParts(string key, int start)
    {
        Commit(key, start);

        // The writer's last value lies inside this one: it must not put a comma before its next value.
        _writer.Reset();
        _afterValue = false;
    }
}
