using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>A breakdown of input tokens.</summary>
public sealed class InputTokenDetails : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        (AttributeKeys.TextTokens, JsonFieldKind.Int64, null),
        (AttributeKeys.CacheRead, JsonFieldKind.Int64, null),
        (AttributeKeys.CacheWrite, JsonFieldKind.Int64, null),
        (AttributeKeys.AudioTokens, JsonFieldKind.Int64, null),
        ("image", JsonFieldKind.Int64, null),
        ("cacheWrite5m", JsonFieldKind.Int64, null),
        ("cacheWrite1h", JsonFieldKind.Int64, null));

    /// <summary>Creates an empty instance.</summary>
    public InputTokenDetails()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public InputTokenDetails(JsonObject? json)
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

    /// <summary>Tokens read from the prompt cache.</summary>
    public long? CacheRead
    {
        get => GetInt64(AttributeKeys.CacheRead);
        set => SetInt64(AttributeKeys.CacheRead, value);
    }

    /// <summary>Tokens written to the prompt cache.</summary>
    public long? CacheWrite
    {
        get => GetInt64(AttributeKeys.CacheWrite);
        set => SetInt64(AttributeKeys.CacheWrite, value);
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

    /// <summary>(newer) Tokens written to the 5-minute cache.</summary>
    public long? CacheWrite5m
    {
        get => GetInt64("cacheWrite5m");
        set => SetInt64("cacheWrite5m", value);
    }

    /// <summary>(newer) Tokens written to the 1-hour cache.</summary>
    public long? CacheWrite1h
    {
        get => GetInt64("cacheWrite1h");
        set => SetInt64("cacheWrite1h", value);
    }
}
