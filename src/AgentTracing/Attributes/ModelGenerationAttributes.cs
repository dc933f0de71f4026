using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>model_generation</c> span: one model call from the caller's view.</summary>
public sealed class ModelGenerationAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        (AttributeKeys.Model, JsonFieldKind.String, null),
        (AttributeKeys.Provider, JsonFieldKind.String, null),
        ("resultType", JsonFieldKind.String, null),
        (AttributeKeys.Usage, JsonFieldKind.Object, UsageStats.Keys),
        (AttributeKeys.Parameters, JsonFieldKind.Object, ModelParameters.Keys),
        (AttributeKeys.Streaming, JsonFieldKind.Boolean, null),
        (AttributeKeys.FinishReason, JsonFieldKind.String, null),
        (AttributeKeys.CompletionStartTime, JsonFieldKind.DateTime, null),
        (AttributeKeys.ResponseModel, JsonFieldKind.String, null),
        (AttributeKeys.ResponseId, JsonFieldKind.String, null),
        (AttributeKeys.ServerAddress, JsonFieldKind.String, null),
        (AttributeKeys.ServerPort, JsonFieldKind.Int32, null),
        (AttributeKeys.Tools, JsonFieldKind.ObjectList, ModelToolDefinition.Keys),
        ("costContext", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelGenerationAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelGenerationAttributes(JsonObject? json)
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

    /// <summary><c>"tool_selection"</c>, <c>"response_generation"</c>, <c>"reasoning"</c> or <c>"planning"</c>.</summary>
    public string? ResultType
    {
        get => GetString("resultType");
        set => SetString("resultType", value);
    }

    /// <summary>Token usage: on a generation, the sum over its steps.</summary>
    public UsageStats? Usage
    {
        get => GetObject(AttributeKeys.Usage, static json => new UsageStats(json));
        set => SetObject(AttributeKeys.Usage, value);
    }

    /// <summary>The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject(AttributeKeys.Parameters, static json => new ModelParameters(json));
        set => SetObject(AttributeKeys.Parameters, value);
    }

    /// <summary>Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean(AttributeKeys.Streaming);
        set => SetBoolean(AttributeKeys.Streaming, value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString(AttributeKeys.FinishReason);
        set => SetString(AttributeKeys.FinishReason, value);
    }

    /// <summary>When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime(AttributeKeys.CompletionStartTime);
        set => SetTime(AttributeKeys.CompletionStartTime, value);
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

    /// <summary>The provider's host.</summary>
    public string? ServerAddress
    {
        get => GetString(AttributeKeys.ServerAddress);
        set => SetString(AttributeKeys.ServerAddress, value);
    }

    /// <summary>The provider's port.</summary>
    public int? ServerPort
    {
        get => GetInt32(AttributeKeys.ServerPort);
        set => SetInt32(AttributeKeys.ServerPort, value);
    }

    /// <summary>(newer) The tool definitions offered to the model.</summary>
    public IReadOnlyList<ModelToolDefinition>? Tools
    {
        get => GetObjectList(AttributeKeys.Tools, static json => new ModelToolDefinition(json));
        set => SetObjectList(AttributeKeys.Tools, value);
    }

    /// <summary>(newer) Opaque cost information.</summary>
    public object? CostContext
    {
        get => GetAny("costContext");
        set => SetAny("costContext", value);
    }
}
