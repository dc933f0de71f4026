using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>(newer) Attributes of a <c>model_inference</c> span: a provider call nested under a step.</summary>
public sealed class ModelInferenceAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("model", JsonFieldKind.String, null),
        ("provider", JsonFieldKind.String, null),
        ("stepIndex", JsonFieldKind.Int32, null),
        ("usage", JsonFieldKind.Object, UsageStats.Keys),
        ("finishReason", JsonFieldKind.String, null),
        ("streaming", JsonFieldKind.Boolean, null),
        ("completionStartTime", JsonFieldKind.DateTime, null),
        ("warnings", JsonFieldKind.Any, null),
        ("responseModel", JsonFieldKind.String, null),
        ("responseId", JsonFieldKind.String, null),
        ("parameters", JsonFieldKind.Object, ModelParameters.Keys),
        ("providerOptions", JsonFieldKind.Any, null),
        ("availableTools", JsonFieldKind.StringList, null),
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
        get => GetString("model");
        set => SetString("model", value);
    }

    /// <summary>The provider, for example <c>"openai.chat"</c>.</summary>
    public string? Provider
    {
        get => GetString("provider");
        set => SetString("provider", value);
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
        get => GetObject("usage", static json => new UsageStats(json));
        set => SetObject("usage", value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString("finishReason");
        set => SetString("finishReason", value);
    }

    /// <summary>Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean("streaming");
        set => SetBoolean("streaming", value);
    }

    /// <summary>When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime("completionStartTime");
        set => SetTime("completionStartTime", value);
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
        get => GetString("responseModel");
        set => SetString("responseModel", value);
    }

    /// <summary>The provider's response id.</summary>
    public string? ResponseId
    {
        get => GetString("responseId");
        set => SetString("responseId", value);
    }

    /// <summary>The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject("parameters", static json => new ModelParameters(json));
        set => SetObject("parameters", value);
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
        get => GetStringList("availableTools");
        set => SetStringList("availableTools", value);
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
