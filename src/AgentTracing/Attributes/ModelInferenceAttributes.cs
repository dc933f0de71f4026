using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>(newer) Attributes of a <c>model_inference</c> span: a provider call nested under a step.</summary>
public sealed class ModelInferenceAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        (AttributeKeys.Model, JsonFieldKind.String, null),
        (AttributeKeys.Provider, JsonFieldKind.String, null),
        ("stepIndex", JsonFieldKind.Int32, null),
        (AttributeKeys.Usage, JsonFieldKind.Object, UsageStats.Keys),
        (AttributeKeys.FinishReason, JsonFieldKind.String, null),
        (AttributeKeys.Streaming, JsonFieldKind.Boolean, null),
        (AttributeKeys.CompletionStartTime, JsonFieldKind.DateTime, null),
        ("warnings", JsonFieldKind.Any, null),
        (AttributeKeys.ResponseModel, JsonFieldKind.String, null),
        (AttributeKeys.ResponseId, JsonFieldKind.String, null),
        (AttributeKeys.Parameters, JsonFieldKind.Object, ModelParameters.Keys),
        ("providerOptions", JsonFieldKind.Any, null),
        (AttributeKeys.AvailableTools, JsonFieldKind.StringList, null),
        ("toolChoice", JsonFieldKind.Any, null),
        ("responseFormat", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelInferenceAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelInferenceAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The model id, for example <c>"gpt-4o-mini"</c>.</summary>
    public string? Model
    {
        get => GetString(AttributeKeys.Model);
        set => SetString(AttributeKeys.Model, value);
    }

    /// <summary>The provider, for example <c>"openai.chat"</c>.</summary>
    public string? Provider
    {
        get => GetString(AttributeKeys.Provider);
        set => SetString(AttributeKeys.Provider, value);
    }

    /// <summary>The 0-based step index.</summary>
    public int? StepIndex
    {
        get => GetInt32("stepIndex");
        set => SetInt32("stepIndex", value);
    }

    /// <summary>Token usage.</summary>
    public UsageStats? Usage
    {
        get => GetObject(AttributeKeys.Usage, static json => new UsageStats(json));
        set => SetObject(AttributeKeys.Usage, value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString(AttributeKeys.FinishReason);
        set => SetString(AttributeKeys.FinishReason, value);
    }

    /// <summary>Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean(AttributeKeys.Streaming);
        set => SetBoolean(AttributeKeys.Streaming, value);
    }

    /// <summary>When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime(AttributeKeys.CompletionStartTime);
        set => SetTime(AttributeKeys.CompletionStartTime, value);
    }

    /// <summary>Provider warnings.</summary>
    public object? Warnings
    {
        get => GetAny("warnings");
        set => SetAny("warnings", value);
    }

    /// <summary>The model id the provider reported.</summary>
    public string? ResponseModel
    {
        get => GetString(AttributeKeys.ResponseModel);
        set => SetString(AttributeKeys.ResponseModel, value);
    }

    /// <summary>The provider's response id.</summary>
    public string? ResponseId
    {
        get => GetString(AttributeKeys.ResponseId);
        set => SetString(AttributeKeys.ResponseId, value);
    }

    /// <summary>The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject(AttributeKeys.Parameters, static json => new ModelParameters(json));
        set => SetObject(AttributeKeys.Parameters, value);
    }

    /// <summary>Provider-specific options.</summary>
    public object? ProviderOptions
    {
        get => GetAny("providerOptions");
        set => SetAny("providerOptions", value);
    }

    /// <summary>The names of the tools offered.</summary>
    public IReadOnlyList<string>? AvailableTools
    {
        get => GetStringList(AttributeKeys.AvailableTools);
        set => SetStringList(AttributeKeys.AvailableTools, value);
    }

    /// <summary>The tool choice: a string such as <c>"auto"</c>, or an object.</summary>
    public object? ToolChoice
    {
        get => GetAny("toolChoice");
        set => SetAny("toolChoice", value);
    }

    /// <summary>The requested response format.</summary>
    public object? ResponseFormat
    {
        get => GetAny("responseFormat");
        set => SetAny("responseFormat", value);
    }
}
