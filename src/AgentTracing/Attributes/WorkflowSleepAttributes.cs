using System;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_sleep</c> span.</summary>
public sealed class WorkflowSleepAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("durationMs", JsonFieldKind.Double, null),
        ("untilDate", JsonFieldKind.DateTime, null),
        ("sleepType", JsonFieldKind.String, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowSleepAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowSleepAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The sleep duration in milliseconds.</summary>
    public double? DurationMs
    {
        get => GetDouble("durationMs");
        set => SetDouble("durationMs", value);
    }

    /// <summary>The time the sleep lasts until.</summary>
    public DateTimeOffset? UntilDate
    {
        get => GetTime("untilDate");
        set => SetTime("untilDate", value);
    }

    /// <summary>The kind of sleep.</summary>
    public string? SleepType
    {
        get => GetString("sleepType");
        set => SetString("sleepType", value);
    }

    /// <summary>(newer) The id of the workflow entry.</summary>
    public string? EntryId
    {
        get => GetString("entryId");
        set => SetString("entryId", value);
    }

    /// <summary>(newer) The description of the workflow entry.</summary>
    public string? EntryDescription
    {
        get => GetString("entryDescription");
        set => SetString("entryDescription", value);
    }

    /// <summary>(newer) Metadata of the workflow entry.</summary>
    public object? EntryMetadata
    {
        get => GetAny("entryMetadata");
        set => SetAny("entryMetadata", value);
    }
}
