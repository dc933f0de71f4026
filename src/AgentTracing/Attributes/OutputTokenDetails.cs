using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>A breakdown of output tokens.</summary>
public sealed class OutputTokenDetails : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        (AttributeKeys.TextTokens, JsonFieldKind.Int64, null),
        (AttributeKeys.Reasoning, JsonFieldKind.Int64, null),
        (AttributeKeys.AudioTokens, JsonFieldKind.Int64, null),
        ("image", JsonFieldKind.Int64, null));

    /// <summary>Creates an empty instance.</summary>
    public OutputTokenDetails()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public OutputTokenDetails(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>Text tokens.</summary>
    public long? Text
    {
        get => GetInt64(AttributeKeys.TextTokens);
        set => SetInt64(AttributeKeys.TextTokens, value);
    }

    /// <summary>Reasoning tokens.</summary>
    public long? Reasoning
    {
        get => GetInt64(AttributeKeys.Reasoning);
        set => SetInt64(AttributeKeys.Reasoning, value);
    }

    /// <summary>Audio tokens.</summary>
    public long? Audio
    {
        get => GetInt64(AttributeKeys.AudioTokens);
        set => SetInt64(AttributeKeys.AudioTokens, value);
    }

    /// <summary>Image tokens.</summary>
    public long? Image
    {
        get => GetInt64("image");
        set => SetInt64("image", value);
    }
}
