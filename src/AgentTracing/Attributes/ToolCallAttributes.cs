using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>tool_call</c> span.</summary>
public sealed class ToolCallAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        (AttributeKeys.ToolType, JsonFieldKind.String, null),
        (AttributeKeys.ToolDescription, JsonFieldKind.String, null),
        (AttributeKeys.Success, JsonFieldKind.Boolean, null),
        (AttributeKeys.ToolCallId, JsonFieldKind.String, null));

    /// <summary>Creates an empty instance.</summary>
    public ToolCallAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ToolCallAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The kind of tool, for example <c>"tool"</c>.</summary>
    public string? ToolType
    {
        get => GetString(AttributeKeys.ToolType);
        set => SetString(AttributeKeys.ToolType, value);
    }

    /// <summary>The tool's description.</summary>
    public string? ToolDescription
    {
        get => GetString(AttributeKeys.ToolDescription);
        set => SetString(AttributeKeys.ToolDescription, value);
    }

    /// <summary>Whether the tool succeeded.</summary>
    public bool? Success
    {
        get => GetBoolean(AttributeKeys.Success);
        set => SetBoolean(AttributeKeys.Success, value);
    }

    /// <summary>(newer) The id of the tool call.</summary>
    public string? ToolCallId
    {
        get => GetString(AttributeKeys.ToolCallId);
        set => SetString(AttributeKeys.ToolCallId, value);
    }
}
