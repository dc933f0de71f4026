using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>A tool definition offered to a model: a function tool (<c>type</c> <c>"function"</c>) or a provider tool.</summary>
public sealed class ModelToolDefinition : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        ("type", JsonFieldKind.String, null),
        ("name", JsonFieldKind.String, null),
        ("description", JsonFieldKind.String, null),
        ("parameters", JsonFieldKind.Any, null),
        ("id", JsonFieldKind.String, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelToolDefinition()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelToolDefinition(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The tool name.</summary>
    public string? Name
    {
        get => GetString("name");
        set => SetString("name", value);
    }

    /// <summary>The tool description.</summary>
    public string? Description
    {
        get => GetString("description");
        set => SetString("description", value);
    }

    /// <summary>The JSON Schema of the arguments.</summary>
    public object? Parameters
    {
        get => GetAny("parameters");
        set => SetAny("parameters", value);
    }

    /// <summary>The provider tool id, for example <c>"anthropic.web_search_20250305"</c>.</summary>
    public string? Id
    {
        get => GetString("id");
        set => SetString("id", value);
    }

    /// <summary><c>"function"</c> for a function tool; anything else (for example <c>"provider-defined"</c>) is a provider tool.</summary>
    public string Type
    {
        get => GetString("type") ?? "";
        set => SetString("type", value);
    }
}
