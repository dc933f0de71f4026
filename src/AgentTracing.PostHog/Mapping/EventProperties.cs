using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The properties of one event under construction (R7): keys the exporter writes or deliberately withholds are
/// protected; user data (tags, raw attributes, metadata) can add keys but never replace a protected one. It also
/// collects what had to be repaired on the way (<see cref="Issues"/>), for the exporter to log.
/// </summary>
internal sealed class EventProperties(ValueConverter converter)
{
    private readonly List<string> _protected = new(24);
    private InputIssues _issues;

    public JsonObject Json { get; } = [];

    /// <summary>The first value that could not be serialised, for the Debug line of <see cref="InputIssues.UnserializableValue"/>.</summary>
    public (string Key, Type Type, Exception Error)? FirstFailure { get; private set; }

    /// <summary>The first attribute with the wrong JSON type, for the Debug line of <see cref="InputIssues.WrongAttributeType"/>.</summary>
    public string? FirstWrongAttribute { get; private set; }

    /// <summary>Every kind of bad input met while building the event.</summary>
    public InputIssues Issues => _issues;

    /// <summary>Writes an exporter key.</summary>
    public void Set(string key, JsonNode? value)
    {
        Json[key] = value;
        Protect(key);
    }

    /// <summary>Writes an exporter key from a producer's value, converted (R11).</summary>
    public void SetConverted(string key, object? value) => Set(key, Convert(key, value));

    /// <summary>Protects a key the exporter omits on purpose (privacy, R3) or writes later.</summary>
    public void Protect(string key)
    {
        if (!IsProtected(key))
        {
            _protected.Add(key);
        }
    }

    /// <summary>Writes a user key unless it is protected; a later user layer replaces an earlier one.</summary>
    public void SetUser(string key, object? value)
    {
        if (!IsProtected(key))
        {
            Json[key] = Convert(key, value);
        }
    }

    /// <summary>Whether a user key would be written.</summary>
    public bool IsProtected(string key)
    {
        foreach (var protectedKey in _protected)
        {
            if (string.Equals(protectedKey, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Converts a producer's value, remembering the first failure.</summary>
    public JsonNode? Convert(string key, object? value)
    {
        var node = converter.Convert(value, ref _issues, out var failure);
        if (failure is not null && FirstFailure is null)
        {
            FirstFailure = (key, value!.GetType(), failure);
        }

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
}
