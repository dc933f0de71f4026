using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of an <c>mcp_tool_call</c> span.</summary>
public sealed class McpToolCallAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("mcpServer", JsonFieldKind.String, null),
        ("serverVersion", JsonFieldKind.String, null),
        ("success", JsonFieldKind.Boolean, null),
        ("toolType", JsonFieldKind.String, null),
        ("toolDescription", JsonFieldKind.String, null),
        ("toolCallId", JsonFieldKind.String, null));

    /// <summary>Creates an empty instance.</summary>
    public McpToolCallAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public McpToolCallAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The MCP server.</summary>
    public string? McpServer
    {
        get => GetString("mcpServer");
        set => SetString("mcpServer", value);
    }

    /// <summary>The MCP server's version.</summary>
    public string? ServerVersion
    {
        get => GetString("serverVersion");
        set => SetString("serverVersion", value);
    }

    /// <summary>Whether the tool succeeded.</summary>
    public bool? Success
    {
        get => GetBoolean("success");
        set => SetBoolean("success", value);
    }

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
}
