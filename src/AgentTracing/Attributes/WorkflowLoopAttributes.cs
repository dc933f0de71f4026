using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_loop</c> span.</summary>
public sealed class WorkflowLoopAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("loopType", JsonFieldKind.String, null),
        ("iteration", JsonFieldKind.Int32, null),
        ("totalIterations", JsonFieldKind.Int32, null),
        ("concurrency", JsonFieldKind.Int32, null),
        ("entryId", JsonFieldKind.String, null),
        ("entryDescription", JsonFieldKind.String, null),
        ("entryMetadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowLoopAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowLoopAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The kind of loop.</summary>
    public string? LoopType
    {
        get => GetString("loopType");
        set => SetString("loopType", value);
    }

    /// <summary>The current iteration.</summary>
    public int? Iteration
    {
        get => GetInt32("iteration");
        set => SetInt32("iteration", value);
    }

    /// <summary>The number of iterations.</summary>
    public int? TotalIterations
    {
        get => GetInt32("totalIterations");
        set => SetInt32("totalIterations", value);
    }

    /// <summary>The concurrency.</summary>
    public int? Concurrency
    {
        get => GetInt32("concurrency");
        set => SetInt32("concurrency", value);
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
