using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_parallel</c> span.</summary>
public sealed class WorkflowParallelAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("branchCount", JsonFieldKind.Int32, null),
        ("parallelSteps", JsonFieldKind.StringList, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowParallelAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowParallelAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The number of branches.</summary>
    public int? BranchCount
    {
        get => GetInt32("branchCount");
        set => SetInt32("branchCount", value);
    }

    /// <summary>The steps run in parallel.</summary>
    public IReadOnlyList<string>? ParallelSteps
    {
        get => GetStringList("parallelSteps");
        set => SetStringList("parallelSteps", value);
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
