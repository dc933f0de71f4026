using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>(newer) Attributes of a <c>client_tool_call</c> span.</summary>
public sealed class ClientToolCallAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("toolType", JsonFieldKind.String, null),
        ("toolDescription", JsonFieldKind.String, null),
        ("clientEnvironment", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public ClientToolCallAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ClientToolCallAttributes(JsonObject? json)
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

    /// <summary>The client environment.</summary>
    public object? ClientEnvironment
    {
        get => GetAny("clientEnvironment");
        set => SetAny("clientEnvironment", value);
    }
}
