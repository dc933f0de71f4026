using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>The parameters of a model call.</summary>
public sealed class ModelParameters : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        (AttributeKeys.MaxOutputTokens, JsonFieldKind.Int32, null),
        (AttributeKeys.Temperature, JsonFieldKind.Double, null),
        (AttributeKeys.TopP, JsonFieldKind.Double, null),
        (AttributeKeys.TopK, JsonFieldKind.Int32, null),
        (AttributeKeys.PresencePenalty, JsonFieldKind.Double, null),
        (AttributeKeys.FrequencyPenalty, JsonFieldKind.Double, null),
        (AttributeKeys.StopSequences, JsonFieldKind.StringList, null),
        (AttributeKeys.Seed, JsonFieldKind.Int64, null),
        ("maxRetries", JsonFieldKind.Int32, null),
        ("abortSignal", JsonFieldKind.Any, null),
        ("headers", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelParameters()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelParameters(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The output token limit.</summary>
    public int? MaxOutputTokens
    {
        get => GetInt32(AttributeKeys.MaxOutputTokens);
        set => SetInt32(AttributeKeys.MaxOutputTokens, value);
    }

    /// <summary>The sampling temperature.</summary>
    public double? Temperature
    {
        get => GetDouble(AttributeKeys.Temperature);
        set => SetDouble(AttributeKeys.Temperature, value);
    }

    /// <summary>Nucleus sampling.</summary>
    public double? TopP
    {
        get => GetDouble(AttributeKeys.TopP);
        set => SetDouble(AttributeKeys.TopP, value);
    }

    /// <summary>Top-k sampling.</summary>
    public int? TopK
    {
        get => GetInt32(AttributeKeys.TopK);
        set => SetInt32(AttributeKeys.TopK, value);
    }

    /// <summary>The presence penalty.</summary>
    public double? PresencePenalty
    {
        get => GetDouble(AttributeKeys.PresencePenalty);
        set => SetDouble(AttributeKeys.PresencePenalty, value);
    }

    /// <summary>The frequency penalty.</summary>
    public double? FrequencyPenalty
    {
        get => GetDouble(AttributeKeys.FrequencyPenalty);
        set => SetDouble(AttributeKeys.FrequencyPenalty, value);
    }

    /// <summary>The stop sequences.</summary>
    public IReadOnlyList<string>? StopSequences
    {
        get => GetStringList(AttributeKeys.StopSequences);
        set => SetStringList(AttributeKeys.StopSequences, value);
    }

    /// <summary>The seed.</summary>
    public long? Seed
    {
        get => GetInt64(AttributeKeys.Seed);
        set => SetInt64(AttributeKeys.Seed, value);
    }

    /// <summary>The retry limit.</summary>
    public int? MaxRetries
    {
        get => GetInt32("maxRetries");
        set => SetInt32("maxRetries", value);
    }

    /// <summary>The abort signal, as the producer serialised it.</summary>
    public object? AbortSignal
    {
        get => GetAny("abortSignal");
        set => SetAny("abortSignal", value);
    }

    /// <summary>Extra request headers.</summary>
    public object? Headers
    {
        get => GetAny("headers");
        set => SetAny("headers", value);
    }
}
