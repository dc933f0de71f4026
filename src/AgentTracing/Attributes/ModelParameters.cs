using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>The parameters of a model call.</summary>
public sealed class ModelParameters : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        ("maxOutputTokens", JsonFieldKind.Int32, null),
        ("temperature", JsonFieldKind.Double, null),
        ("topP", JsonFieldKind.Double, null),
        ("topK", JsonFieldKind.Int32, null),
        ("presencePenalty", JsonFieldKind.Double, null),
        ("frequencyPenalty", JsonFieldKind.Double, null),
        ("stopSequences", JsonFieldKind.StringList, null),
        ("seed", JsonFieldKind.Int64, null),
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
        get => GetInt32("maxOutputTokens");
        set => SetInt32("maxOutputTokens", value);
    }

    /// <summary>The sampling temperature.</summary>
    public double? Temperature
    {
        get => GetDouble("temperature");
        set => SetDouble("temperature", value);
    }

    /// <summary>Nucleus sampling.</summary>
    public double? TopP
    {
        get => GetDouble("topP");
        set => SetDouble("topP", value);
    }

    /// <summary>Top-k sampling.</summary>
    public int? TopK
    {
        get => GetInt32("topK");
        set => SetInt32("topK", value);
    }

    /// <summary>The presence penalty.</summary>
    public double? PresencePenalty
    {
        get => GetDouble("presencePenalty");
        set => SetDouble("presencePenalty", value);
    }

    /// <summary>The frequency penalty.</summary>
    public double? FrequencyPenalty
    {
        get => GetDouble("frequencyPenalty");
        set => SetDouble("frequencyPenalty", value);
    }

    /// <summary>The stop sequences.</summary>
    public IReadOnlyList<string>? StopSequences
    {
        get => GetStringList("stopSequences");
        set => SetStringList("stopSequences", value);
    }

    /// <summary>The seed.</summary>
    public long? Seed
    {
        get => GetInt64("seed");
        set => SetInt64("seed", value);
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
