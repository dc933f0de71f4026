using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>tool_call</c> span.</summary>
public sealed class ToolCallAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("toolType", JsonFieldKind.String, null),
        ("toolDescription", JsonFieldKind.String, null),
        ("success", JsonFieldKind.Boolean, null),
        ("toolCallId", JsonFieldKind.String, null));

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
        get => GetString("toolType");
        set => SetString("toolType", value);
    }

    /// <summary>The tool's description.</summary>
    public string? ToolDescription
    {
        get => GetString("toolDescription");
        set => SetString("toolDescription", value);
    }

    /// <summary>Whether the tool succeeded.</summary>
    public bool? Success
    {
        get => GetBoolean("success");
        set => SetBoolean("success", value);
    }

    /// <summary>(newer) The id of the tool call.</summary>
    public string? ToolCallId
    {
        get => GetString("toolCallId");
        set => SetString("toolCallId", value);
    }
}
