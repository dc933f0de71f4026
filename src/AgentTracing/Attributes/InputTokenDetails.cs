using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>A breakdown of input tokens.</summary>
public sealed class InputTokenDetails : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        ("text", JsonFieldKind.Int64, null),
        ("cacheRead", JsonFieldKind.Int64, null),
        ("cacheWrite", JsonFieldKind.Int64, null),
        ("audio", JsonFieldKind.Int64, null),
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
        get => GetInt64("text");
        set => SetInt64("text", value);
    }

    /// <summary>Tokens read from the prompt cache.</summary>
    public long? CacheRead
    {
        get => GetInt64("cacheRead");
        set => SetInt64("cacheRead", value);
    }

    /// <summary>Tokens written to the prompt cache.</summary>
    public long? CacheWrite
    {
        get => GetInt64("cacheWrite");
        set => SetInt64("cacheWrite", value);
    }

    /// <summary>Audio tokens.</summary>
    public long? Audio
    {
        get => GetInt64("audio");
        set => SetInt64("audio", value);
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
