using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>workflow_step</c> span.</summary>
public sealed class WorkflowStepAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("status", JsonFieldKind.String, null));

    /// <summary>Creates an empty instance.</summary>
    public WorkflowStepAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public WorkflowStepAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The step status.</summary>
    public string? Status
    {
        get => GetString("status");
        set => SetString("status", value);
    }
}
