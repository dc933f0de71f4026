using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// The properties of one event under construction, written straight to UTF-8 JSON: each value once, in a
/// buffer this instance reuses, with no intermediate <see cref="JsonNode"/> tree. Keys keep the position of their first
/// write and the value of their last, as in a <see cref="JsonObject"/>. Keys the exporter writes or deliberately
/// withholds are protected; user data (tags, raw attributes, metadata) can add keys but never replace a protected one.
/// It also collects what had to be repaired on the way (<see cref="Issues"/>), for the exporter to log.
/// </summary>
/// <remarks>
/// <para>
/// Values follow one another in the buffer, separated by commas, through one writer that is neither flushed nor reset
/// between them; each entry records where its value starts and ends. The writer is flushed before a producer's value
/// is written, so that a value that cannot be written can be taken back (the buffer truncated, the writer reset)
/// without losing the values before it.
/// </para>
/// <para>
/// Instances are reused per thread (<see cref="Rent"/>, <see cref="Return"/>): the event built from one must be
/// serialised, or turned into a <see cref="JsonObject"/> (<see cref="ToJsonObject"/>), before it is returned.
/// </para>
/// </remarks>
internal sealed class EventProperties
{
    /// <summary>The most custom properties (metadata, tags, attributes) one event carries; more are left out and logged.</summary>
    public const int MaxUserProperties = 1_000;

    private const int InitialBufferSize = 8 * 1024;

    /// <summary>From this many properties on, keys are found through <see cref="_index"/> instead of a scan.</summary>
    private const int IndexThreshold = 32;
    private const int MaxRetainedBufferSize = 256 * 1024;

    [ThreadStatic]
    private static EventProperties? t_cached;

    // The exporter's own keys (EncodedPropertyNames) by slot, valid for the current event when their stamp is _stamp:
    // their entry index plus one (0: no entry yet), and whether they are protected.
    private readonly int[] _slotEntry = new int[EncodedPropertyNames.Count];
    private readonly bool[] _slotProtected = new bool[EncodedPropertyNames.Count];
    private readonly int[] _slotStamp = new int[EncodedPropertyNames.Count];
    private int _stamp = 1;

    // Protected keys that have no slot (rare: the exporter protects its own keys).
    private readonly List<string> _protectedOther = new(4);
    private readonly List<Entry> _entries = new(32);
    private readonly ByteBufferWriter _values = new(InitialBufferSize);
    private readonly Utf8JsonWriter _writer;
    private Dictionary<string, int>? _index;
    private int _userProperties;
    private ValueConverter _converter;
    private InputIssues _issues;

    /// <summary>Whether a user key has been written (so an exporter key may already have an entry).</summary>
    private bool _userEntries;

    /// <summary>Whether the writer has written a value since it was last reset: it then writes a comma before the next.</summary>
    private bool _afterValue;

    private EventProperties(ValueConverter converter)
    {
        _converter = converter;
        _writer = new Utf8JsonWriter(_values, ScratchOptions);
    }

    /// <summary>The wire's options, without validation: the scratch writer writes a sequence of top-level values.</summary>
    private static JsonWriterOptions ScratchOptions => new()
    {
        Encoder = EventSerializer.WriterOptions.Encoder,
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>Where the next byte goes: the flushed bytes and those the writer still holds.</summary>
    private int Position => _values.WrittenCount + _writer.BytesPending;

    /// <summary>The number of properties.</summary>
    public int Count => _entries.Count;

    /// <summary>The first value that could not be serialised, for the Debug line of <see cref="InputIssues.UnserializableValue"/>.</summary>
    public (string Key, Type Type, Exception Error)? FirstFailure { get; private set; }

    /// <summary>The first attribute with the wrong JSON type, for the Debug line of <see cref="InputIssues.WrongAttributeType"/>.</summary>
    public string? FirstWrongAttribute { get; private set; }

    /// <summary>Every kind of bad input met while building the event.</summary>
    public InputIssues Issues => _issues;

    /// <summary>An empty instance: this thread's reusable one when it is free.</summary>
    public static EventProperties Rent(ValueConverter converter)
    {
        var properties = t_cached;
        if (properties is null)
        {
            return new EventProperties(converter);
        }

        t_cached = null;
        properties._converter = converter;
        return properties;
    }

    /// <summary>Clears this instance and keeps it for the thread's next event (unless its buffer grew large).</summary>
    public void Return()
    {
        _protectedOther.Clear();
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_slotStamp, 0, _slotStamp.Length);
            _stamp = 1;
        }

        _entries.Clear();
        _values.Clear();
        _writer.Reset();
        _afterValue = false;
        _userEntries = false;
        _userProperties = 0;
        if (_index is { Count: > 4 * IndexThreshold })
        {
            _index = null;
        }

        _index?.Clear();
        _issues = InputIssues.None;
        FirstFailure = null;
        FirstWrongAttribute = null;
        if (_values.Capacity <= MaxRetainedBufferSize)
        {
            t_cached = this;
        }
    }

    /// <summary>The key of property <paramref name="index"/>.</summary>
    public string KeyAt(int index) => _entries[index].Key;

    /// <summary>The UTF-8 member start <c>"key":</c> of property <paramref name="index"/> when the exporter's own name is pre-encoded, else <see langword="null"/>.</summary>
    public byte[]? EncodedKeyAt(int index) => _entries[index].Slot is var slot and >= 0 ? EncodedPropertyNames.MemberAt(slot) : null;

    /// <summary>The JSON value of property <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        if (_writer.BytesPending > 0)
        {
            _writer.Flush();
        }

        var entry = _entries[index];
        return _values.Slice(entry.Start, entry.Length);
    }

    /// <summary>A new <see cref="JsonObject"/> of the properties, for a client that is not <see cref="PostHogClient"/>.</summary>
    public JsonObject ToJsonObject()
    {
        _writer.Flush();
        var buffer = new ByteBufferWriter(_values.WrittenCount + (_entries.Count * 24) + 16);
        using (var writer = new Utf8JsonWriter(buffer, EventSerializer.WriterOptions))
        {
            writer.WriteStartObject();
            for (var i = 0; i < _entries.Count; i++)
            {
                writer.WritePropertyName(_entries[i].Key);
                writer.WriteRawValue(ValueAt(i), skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return ValueConverter.Parse(buffer.WrittenSpan)!.AsObject();
    }

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
        _writer.WriteNumberValue(value);
        Commit(key, start);
    }

    /// <summary>Writes an exporter key from a node built from converted values (<see cref="Convert"/>, <see cref="String"/>).</summary>
    public void Set(string key, JsonNode? value)
    {
        var start = Begin();
        if (value is null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(_writer);
        }

        Commit(key, start);
    }

    /// <summary>Writes an exporter key from a producer's value, converted: non-finite numbers, unserialisable values and oversized strings become placeholders or are cut.</summary>
    public void SetConverted(string key, object? value)
    {
        var start = WriteConverted(key, value);
        Commit(key, start);
    }

    /// <summary>
    /// Writes an exporter key from a generation's input or output, normalised to PostHog's message form (<c>[{role, content: [parts]}]</c>):
    /// straight to UTF-8 for the common shapes, through a converted tree for the others.
    /// </summary>
    public void SetMessages(string key, object? value, string defaultRole)
    {
        if (TrySetMessages(key, new ProducerMessages(value, defaultRole)))
        {
            return;
        }

        // The tree path converts the value again, and reports any failure.
        var normalized = MessageNormalizer.Normalize(Convert(key, value), defaultRole);
        var start = BeginTakeBack();
        normalized.WriteTo(_writer);
        FitMessages(start);
        Commit(key, start);
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

    /// <summary>Protects a key the exporter omits on purpose (privacy, withheld tokens) or writes later.</summary>
    public void Protect(string key) => MarkProtected(key, EncodedPropertyNames.SlotOf(key));

    /// <summary>Writes a user key unless it is protected; a later user layer replaces an earlier one.</summary>
    public void SetUser(string key, object? value)
    {
        if (!IsProtected(key) && MayAddUser(key))
        {
            var start = WriteConverted(key, value);
            Commit(key, start, protect: false);
        }
    }

    /// <summary>
    /// Writes a user key unless it is protected, and only when its converted value is a JSON object when
    /// <paramref name="objectsOnly"/> is set.
    /// </summary>
    public void SetUser(string key, object? value, bool objectsOnly)
    {
        if (IsProtected(key) || !MayAddUser(key))
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

        Commit(key, start, protect: false);
    }

    /// <summary>Whether a user key may be written: it replaces one already written, or the event has room for another.</summary>
    private bool MayAddUser(string key)
    {
        if (_userProperties < MaxUserProperties || IndexOf(key) >= 0)
        {
            return true;
        }

        _issues |= InputIssues.TooManyProperties;
        return false;
    }

    /// <summary>Whether a user key would be written.</summary>
    public bool IsProtected(string key) => IsProtected(key, EncodedPropertyNames.SlotOf(key));

    private bool IsProtected(string key, int slot)
    {
        if (slot >= 0)
        {
            return _slotStamp[slot] == _stamp && _slotProtected[slot];
        }

        foreach (var protectedKey in _protectedOther)
        {
            if (string.Equals(protectedKey, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void MarkProtected(string key, int slot)
    {
        if (slot < 0)
        {
            if (!IsProtected(key, slot))
            {
                _protectedOther.Add(key);
            }

            return;
        }

        if (_slotStamp[slot] != _stamp)
        {
            _slotStamp[slot] = _stamp;
            _slotEntry[slot] = 0;
        }

        _slotProtected[slot] = true;
    }

    /// <summary>Converts a producer's value to a new node (with the same repairs as every value), remembering the first failure.</summary>
    public JsonNode? Convert(string key, object? value)
    {
        var start = WriteConverted(key, value);
        _writer.Flush();
        var node = ValueConverter.Parse(_values.Slice(start, _values.WrittenCount - start));

        // Taken back; the comma the writer puts before its next value lands where this one began.
        _values.Truncate(start);
        return node;
    }

    /// <summary>A JSON string node of a producer's string (<see cref="ValueConverter.Text"/>).</summary>
    public JsonValue String(string value) => ValueConverter.String(value, ref _issues);

    /// <summary>A producer's string made fit for the wire (<see cref="ValueConverter.Text"/>), for use as a key.</summary>
    public string Text(string value) => ValueConverter.Text(value, ref _issues);

    /// <summary>Records bad input found while building the event.</summary>
    public void Flag(InputIssues issue) => _issues |= issue;

    /// <summary>Records an attribute the exporter reads that holds the wrong JSON type.</summary>
    public void FlagWrongAttribute(string key)
    {
        _issues |= InputIssues.WrongAttributeType;
        FirstWrongAttribute ??= key;
    }

    /// <summary>Where the next value starts: after the comma the writer puts before it.</summary>
    private int Begin() => Position + (_afterValue ? 1 : 0);

    /// <summary>
    /// Prepares for a value that may have to be taken back (<see cref="TakeBack"/>): flushes the values before it and
    /// resets the writer, so that the value starts exactly at the returned position, without a comma.
    /// </summary>
    private int BeginTakeBack()
    {
        _writer.Flush();
        _writer.Reset();
        _afterValue = false;
        return _values.WrittenCount;
    }

    /// <summary>Takes back a value begun with <see cref="BeginTakeBack"/>, whatever state its writing left.</summary>
    private void TakeBack(int start)
    {
        _writer.Reset();
        _values.Truncate(start);
        _afterValue = false;
    }

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

    private void Commit(string key, int start, bool protect = true)
    {
        _afterValue = true;
        var slot = EncodedPropertyNames.SlotOf(key);
        var entry = new Entry(key, slot, start, Position - start);
        if (slot >= 0)
        {
            CommitSlot(entry, protect);
            return;
        }

        var known = true;
        if (protect)
        {
            known = IsProtected(key, slot);
            if (!known)
            {
                _protectedOther.Add(key);
            }
        }
        else
        {
            _userEntries = true;
        }

        // A key protected for the first time, before any user key, cannot have an entry yet: no need to look.
        var at = known || _userEntries ? IndexOf(key) : -1;
        if (at >= 0)
        {
            _entries[at] = entry;
            return;
        }

        Add(entry, protect);
    }

    /// <summary>Commits one of the exporter's own keys: its entry is found through its slot.</summary>
    private void CommitSlot(Entry entry, bool protect)
    {
        var slot = entry.Slot;
        if (_slotStamp[slot] != _stamp)
        {
            _slotStamp[slot] = _stamp;
            _slotEntry[slot] = 0;
            _slotProtected[slot] = false;
        }

        _slotProtected[slot] |= protect;
        if (!protect)
        {
            _userEntries = true;
        }

        if (_slotEntry[slot] > 0)
        {
            _entries[_slotEntry[slot] - 1] = entry;
            return;
        }

        Add(entry, protect);
        _slotEntry[slot] = _entries.Count;
    }

    private void Add(Entry entry, bool protect)
    {
        var key = entry.Key;
        _entries.Add(entry);
        if (!protect)
        {
            _userProperties++;
        }

        if (_index is not null)
        {
            _index[key] = _entries.Count - 1;
        }
        else if (_entries.Count >= IndexThreshold)
        {
            // Many keys (large metadata or tag sets): a scan per key would make the event quadratic in its size.
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                _index[_entries[i].Key] = i;
            }
        }
    }

    private int IndexOf(string key)
    {
        var slot = EncodedPropertyNames.SlotOf(key);
        if (slot >= 0)
        {
            return _slotStamp[slot] == _stamp ? _slotEntry[slot] - 1 : -1;
        }

        if (_index is not null && _index.Count == _entries.Count)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Entry(string Key, int Slot, int Start, int Length);
}
