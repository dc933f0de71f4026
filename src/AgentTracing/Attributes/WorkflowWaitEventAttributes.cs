using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_wait_event</c> span.</summary>
public sealed class WorkflowWaitEventAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("eventName", JsonFieldKind.String, null),
        ("timeoutMs", JsonFieldKind.Double, null),
        ("waitDurationMs", JsonFieldKind.Double, null),
        ("eventReceived", JsonFieldKind.Boolean, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowWaitEventAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowWaitEventAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The awaited event.</summary>
    public string? EventName
    {
        get => GetString("eventName");
        set => SetString("eventName", value);
    }

    /// <summary>The timeout in milliseconds.</summary>
    public double? TimeoutMs
    {
        get => GetDouble("timeoutMs");
        set => SetDouble("timeoutMs", value);
    }

    /// <summary>How long the wait lasted, in milliseconds.</summary>
    public double? WaitDurationMs
    {
        get => GetDouble("waitDurationMs");
        set => SetDouble("waitDurationMs", value);
    }

    /// <summary>Whether the event arrived.</summary>
    public bool? EventReceived
    {
        get => GetBoolean("eventReceived");
        set => SetBoolean("eventReceived", value);
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
