using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_conditional_eval</c> span.</summary>
public sealed class WorkflowConditionalEvalAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("conditionIndex", JsonFieldKind.Int32, null),
        ("result", JsonFieldKind.Boolean, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowConditionalEvalAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowConditionalEvalAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The index of the condition.</summary>
    public int? ConditionIndex
    {
        get => GetInt32("conditionIndex");
        set => SetInt32("conditionIndex", value);
    }

    /// <summary>The condition's result.</summary>
    public bool? Result
    {
        get => GetBoolean("result");
        set => SetBoolean("result", value);
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
