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
internal sealed partial class EventProperties
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

    // The keys of every entry, summarised: a key whose bit is clear has no entry, with no scan.
    private ulong _keyFilter;
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
        _keyFilter = 0;
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

    /// <summary>The JSON value of property <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        FlushValues();
        return MemberAt(index, out _, out _);
    }

    /// <summary>
    /// Property <paramref name="index"/> in one read, for a reader of every property after <see cref="FlushValues"/>:
    /// its JSON value, its key and, when it is one of the exporter's own names, its pre-encoded member start.
    /// </summary>
    public ReadOnlySpan<byte> MemberAt(int index, out string key, out byte[]? encodedKey)
    {
        var entry = _entries[index];
        key = entry.Key;
        encodedKey = entry.Slot >= 0 ? EncodedPropertyNames.MemberAt(entry.Slot) : null;
        return _values.Slice(entry.Start, entry.Length);
    }

    /// <summary>Makes every value written so far readable in the buffer.</summary>
    public void FlushValues()
    {
        if (_writer.BytesPending > 0)
        {
            _writer.Flush();
        }
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

    /// <summary>Protects a key the exporter omits on purpose (privacy, withheld tokens) or writes later.</summary>
    public void Protect(string key) => MarkProtected(key, EncodedPropertyNames.SlotOf(key));

    /// <summary>Whether a user key may be written: it replaces one already written, or the event has room for another.</summary>
    private bool MayAddUser(string key, int slot)
    {
        if (_userProperties < MaxUserProperties || IndexOf(key, slot) >= 0)
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

    private void Commit(string key, int start, bool protect = true) => Commit(key, EncodedPropertyNames.SlotOf(key), start, protect);

    /// <summary>Records the value written since <paramref name="start"/> under <paramref name="key"/>, whose slot the caller has looked up.</summary>
    private void Commit(string key, int slot, int start, bool protect)
    {
        _afterValue = true;
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
        var at = known || _userEntries ? IndexOf(key, slot) : -1;
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
        _keyFilter |= KeyFilter.Bit(key);
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

    private int IndexOf(string key, int slot)
    {
        if (slot >= 0)
        {
            return _slotStamp[slot] == _stamp ? _slotEntry[slot] - 1 : -1;
        }

        if (!KeyFilter.MayContain(_keyFilter, key))
        {
            return -1;
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
