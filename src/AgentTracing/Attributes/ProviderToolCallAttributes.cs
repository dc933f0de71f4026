using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>(newer) Attributes of a <c>provider_tool_call</c> span: a tool executed by the model provider.</summary>
public sealed class ProviderToolCallAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("toolType", JsonFieldKind.String, null),
        ("toolDescription", JsonFieldKind.String, null),
        ("toolCallId", JsonFieldKind.String, null),
        ("success", JsonFieldKind.Boolean, null));

    /// <summary>Creates an empty instance.</summary>
    public ProviderToolCallAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ProviderToolCallAttributes(JsonObject? json)
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

    /// <summary>(newer) The id of the tool call.</summary>
    public string? ToolCallId
    {
        get => GetString("toolCallId");
        set => SetString("toolCallId", value);
    }

    /// <summary>Whether the tool succeeded.</summary>
    public bool? Success
    {
        get => GetBoolean("success");
        set => SetBoolean("success", value);
    }
}
