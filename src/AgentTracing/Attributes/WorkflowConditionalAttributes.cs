using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_conditional</c> span.</summary>
public sealed class WorkflowConditionalAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("conditionCount", JsonFieldKind.Int32, null),
        ("truthyIndexes", JsonFieldKind.Int32List, null),
        ("selectedSteps", JsonFieldKind.StringList, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowConditionalAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowConditionalAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The number of conditions.</summary>
    public int? ConditionCount
    {
        get => GetInt32("conditionCount");
        set => SetInt32("conditionCount", value);
    }

    /// <summary>The indexes of the conditions that held.</summary>
    public IReadOnlyList<int>? TruthyIndexes
    {
        get => GetInt32List("truthyIndexes");
        set => SetInt32List("truthyIndexes", value);
    }

    /// <summary>The steps selected.</summary>
    public IReadOnlyList<string>? SelectedSteps
    {
        get => GetStringList("selectedSteps");
        set => SetStringList("selectedSteps", value);
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
