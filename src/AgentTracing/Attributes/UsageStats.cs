using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Token usage of a model call.</summary>
public sealed class UsageStats : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        (AttributeKeys.InputTokens, JsonFieldKind.Int64, null),
        (AttributeKeys.OutputTokens, JsonFieldKind.Int64, null),
        (AttributeKeys.InputDetails, JsonFieldKind.Object, InputTokenDetails.Keys),
        (AttributeKeys.OutputDetails, JsonFieldKind.Object, OutputTokenDetails.Keys));

    /// <summary>Creates an empty instance.</summary>
    public UsageStats()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public UsageStats(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary><b>Gross</b> input tokens: cached tokens are included.</summary>
    public long? InputTokens
    {
        get => GetInt64(AttributeKeys.InputTokens);
        set => SetInt64(AttributeKeys.InputTokens, value);
    }

    /// <summary>Output tokens.</summary>
    public long? OutputTokens
    {
        get => GetInt64(AttributeKeys.OutputTokens);
        set => SetInt64(AttributeKeys.OutputTokens, value);
    }

    /// <summary>A breakdown of the input tokens.</summary>
    public InputTokenDetails? InputDetails
    {
        get => GetObject(AttributeKeys.InputDetails, static json => new InputTokenDetails(json));
        set => SetObject(AttributeKeys.InputDetails, value);
    }

    /// <summary>A breakdown of the output tokens.</summary>
    public OutputTokenDetails? OutputDetails
    {
        get => GetObject(AttributeKeys.OutputDetails, static json => new OutputTokenDetails(json));
        set => SetObject(AttributeKeys.OutputDetails, value);
    }
}
